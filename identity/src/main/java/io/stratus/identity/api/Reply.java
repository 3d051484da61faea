package io.stratus.identity.api;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one HTTP operation answers: status, headers and an optional JSON body. */
public record Reply(int status, JsonObject body, Map<String, String> headers) {

  public static Reply json(int status, JsonObject body) {
    return new Reply(status, body, Map.of());
  }

  public static Reply ok(JsonObject body) {
    return json(200, body);
  }

  public static Reply created(JsonObject body) {
    return json(201, body);
  }

  public static Reply noContent() {
    return new Reply(204, null, Map.of());
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(name, value);
    return new Reply(status, body, all);
  }
}
