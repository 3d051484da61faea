package io.stratus.compute.api;

import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Small helpers of the compute API: JSON answers, request bodies, query parameters, Nova's time formats. */
final class Http {
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
      .withZone(ZoneOffset.UTC);

  private Http() {
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  static void empty(RoutingContext ctx, int status) {
    ctx.response().setStatusCode(status).putHeader("Content-Length", "0").end();
  }

  /** Answers the future's JSON with the status, or fails the request. */
  static void reply(RoutingContext ctx, int status, Future<JsonObject> body) {
    body.onSuccess(b -> json(ctx, status, b)).onFailure(ctx::fail);
  }

  /** The request body as a JSON object; 400 when it is missing or not an object. */
  static JsonObject body(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) throw StratusException.badRequest("The request body is missing.");
    try {
      Object parsed = Json.decodeValue(text);
      if (parsed instanceof JsonObject o) return o;
    } catch (DecodeException e) {
      throw StratusException.badRequest("Malformed request body: " + e.getMessage());
    }
    throw StratusException.badRequest("The request body must be a JSON object.");
  }

  /** The member {@code name} of the body, which must be an object; 400 otherwise. */
  static JsonObject member(JsonObject body, String name) {
    Object value = body.getValue(name);
    if (value instanceof JsonObject o) return o;
    throw StratusException.badRequest("Invalid input for field/attribute " + name + ". Value: " + value
        + ". " + (value == null ? "'" + name + "' is a required property" : "It is not an object."));
  }

  /** A query parameter's first value, or null. */
  static String query(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Nova's created/updated format: seconds, with Z. */
  static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Nova's launched_at format: microseconds, no zone. */
  static String micros(Long epochMillis) {
    return epochMillis == null ? null : MICROS.format(Instant.ofEpochMilli(epochMillis));
  }

  static JsonArray links(String self, String bookmark) {
    return new JsonArray().add(new JsonObject().put("rel", "self").put("href", self))
        .add(new JsonObject().put("rel", "bookmark").put("href", bookmark));
  }
}
