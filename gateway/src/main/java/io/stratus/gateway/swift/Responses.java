package io.stratus.gateway.swift;

import io.stratus.gateway.http.Headers;
import io.stratus.gateway.http.SwiftErrors;
import io.stratus.gateway.proxy.BackendReply;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** Writing answers to the client: a storage node's response streamed through, or a status of the proxy's own. */
final class Responses {
  private Responses() {
  }

  /** Streams a storage node's response (status, client-visible headers, body with back-pressure). */
  static Future<Void> relay(HttpServerRequest request, HttpClientResponse backend) {
    HttpServerResponse out = request.response();
    out.setStatusCode(backend.statusCode());
    Headers.toClient(backend.headers(), out.headers());
    String length = backend.getHeader("Content-Length");
    if (request.method() == HttpMethod.HEAD || backend.statusCode() == 204 || backend.statusCode() == 304) {
      if (length != null) out.putHeader("Content-Length", length);
      return out.end();
    }
    if (length != null) {
      out.putHeader("Content-Length", length);
    } else {
      out.setChunked(true);
    }
    return backend.pipeTo(out).onFailure(e -> io.stratus.gateway.proxy.Backend.discard(backend));
  }

  /** Sends an object answer: an error with Swift's body, or the status, headers and body (none for HEAD and 304). */
  static Future<Void> send(HttpServerRequest request, ObjectBody body) {
    HttpServerResponse out = request.response();
    if (body.status() >= 400) {
      String range = body.headers().get("Content-Range");
      if (body.status() == 416 && range != null) out.putHeader("Content-Range", range);
      return error(request, body.status());
    }
    out.setStatusCode(body.status());
    out.headers().addAll(body.headers());
    if (request.method() == HttpMethod.HEAD || body.status() == 304 || body.status() == 204) {
      if (body.status() != 304) out.putHeader("Content-Length", Long.toString(body.length()));
      body.body().discard();
      return out.end();
    }
    out.putHeader("Content-Length", Long.toString(body.length()));
    return body.body().sendTo(out);
  }

  /** A whole small reply from a storage node. */
  static Future<Void> reply(HttpServerRequest request, BackendReply reply) {
    if (reply.status() >= 400) return error(request, reply.status());
    HttpServerResponse out = request.response().setStatusCode(reply.status());
    Headers.toClient(reply.headers(), out.headers());
    return out.end(reply.body());
  }

  /** A status of the proxy's own; errors with Swift's body, successes empty as Swift sends them. */
  static Future<Void> status(HttpServerRequest request, int status, MultiMap headers) {
    if (status >= 400) return error(request, status);
    HttpServerResponse out = request.response().setStatusCode(status);
    if (headers != null) Headers.toClient(headers, out.headers());
    if (!out.headers().contains("Content-Type")) out.putHeader("Content-Type", "text/html; charset=UTF-8");
    if (status == 202) return out.end("<html><h1>Accepted</h1><p>The request is accepted for processing.</p></html>");
    out.putHeader("Content-Length", "0");
    return out.end();
  }

  static Future<Void> error(HttpServerRequest request, int status) {
    SwiftErrors.send(request, status, null);
    return Future.succeededFuture();
  }
}
