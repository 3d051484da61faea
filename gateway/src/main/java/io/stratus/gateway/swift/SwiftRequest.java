package io.stratus.gateway.swift;

import io.vertx.core.http.HttpServerRequest;

/** One client request to the Swift API: the HTTP request, its trans id and its parsed path. */
public record SwiftRequest(HttpServerRequest http, String transId, SwiftPath path) {
}
