package io.stratus.identity.api;

import io.stratus.common.error.StratusException;
import io.stratus.identity.service.ResolvedToken;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Function;

/** Glue between routes and operations: binds a Future-returning operation, reads bodies, writes replies. */
final class Http {
  static final String AUTH = "stratus.auth";
  static final String REQUEST_ID = "stratus.request-id";

  private Http() {
  }

  /** Runs the operation for each request; a thrown or failed error goes to the router's failure handler. */
  static void bind(Route route, Function<RoutingContext, Future<Reply>> operation) {
    route.handler(ctx -> {
      Future<Reply> reply;
      try {
        reply = operation.apply(ctx);
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      reply.onComplete(done -> {
        if (done.succeeded()) send(ctx, done.result());
        else ctx.fail(done.cause());
      });
    });
  }

  static void send(RoutingContext ctx, Reply reply) {
    if (ctx.response().ended()) return;
    HttpServerResponse response = ctx.response().setStatusCode(reply.status());
    for (Map.Entry<String, String> header : reply.headers().entrySet()) response.putHeader(header.getKey(), header.getValue());
    boolean head = ctx.request().method() == HttpMethod.HEAD;
    if (reply.body() == null || reply.status() == 204) {
      response.end();
    } else if (head) {
      response.putHeader("Content-Type", "application/json").end();
    } else {
      response.putHeader("Content-Type", "application/json").end(reply.body().toBuffer());
    }
  }

  /** The request's JSON object body; BAD_REQUEST when it is missing, not JSON, or not an object. */
  static JsonObject body(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw StratusException.badRequest("The request body is not a valid JSON object.");
    }
    if (body == null) throw StratusException.badRequest("The request body is empty; a JSON object is expected.");
    return body;
  }

  /** The caller's validated token, put there by the authentication step. */
  static ResolvedToken caller(RoutingContext ctx) {
    ResolvedToken token = ctx.get(AUTH);
    if (token == null) throw StratusException.unauthorized("The request you have made requires authentication.");
    return token;
  }

  /** This service's base URL as the client reached it (Keystone does the same without a configured public endpoint). */
  static String baseUrl(RoutingContext ctx, String configured) {
    if (configured != null && !configured.isBlank()) return stripSlash(configured);
    HttpServerRequest request = ctx.request();
    String host = request.getHeader("Host");
    if (host == null || host.isBlank()) host = request.localAddress().hostAddress() + ":" + request.localAddress().port();
    return request.scheme() + "://" + host;
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
