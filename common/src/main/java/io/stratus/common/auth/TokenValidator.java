package io.stratus.common.auth;

import io.vertx.core.Future;

/** Turns a token from X-Auth-Token into who made the request; fails with UNAUTHORIZED when it is not valid. */
public interface TokenValidator {
  Future<AuthContext> validate(String token);
}
