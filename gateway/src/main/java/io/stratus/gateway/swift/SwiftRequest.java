package io.stratus.gateway.swift;

import io.stratus.common.auth.AuthContext;
import io.vertx.core.http.HttpServerRequest;

/** One client request to the Swift API: the HTTP request, its trans id, its parsed path and the caller (null: anonymous). */
public record SwiftRequest(HttpServerRequest http, String transId, SwiftPath path, AuthContext caller) {
}
