package io.stratus.gateway.s3.auth;

import io.stratus.common.auth.AuthContext;

/** Who signed the request. auth: project id (the account is AUTH_<projectId>), user, roles — common's AuthContext. */
public record S3Caller(String accessKey, AuthContext auth) {
}
