package io.stratus.image.api;

import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** Glue between routes and operations: binds a Future-returning operation, reads JSON bodies, writes answers. */
final class Http {
  private Http() {
  }

  /** Runs the operation per request; what it throws or fails goes to the router's failure handler. */
  static void bind(Route route, Function<RoutingContext, Future<Void>> operation) {
    route.handler(ctx -> {
      Future<Void> done;
      try {
        done = operation.apply(ctx);
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      done.onFailure(e -> {
        if (!ctx.response().headWritten()) ctx.fail(e);
        else ctx.response().reset();
      });
    });
  }

  static Future<Void> json(RoutingContext ctx, int status, Object body) {
    String text = body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode();
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8");
    if (ctx.request().method() == HttpMethod.HEAD) return ctx.response().end();
    return ctx.response().end(text);
  }

  static Future<Void> noContent(RoutingContext ctx) {
    return ctx.response().setStatusCode(204).end();
  }

  /** The request's JSON object body; BAD_REQUEST when it is missing or not an object. */
  static JsonObject object(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null) return body;
    } catch (RuntimeException e) {
      throw StratusException.badRequest("The request body is not a valid JSON object.");
    }
    throw StratusException.badRequest("The request body is empty; a JSON object is expected.");
  }
}
