package io.stratus.identity.service;

import io.stratus.common.error.StratusException;
import io.vertx.core.json.JsonObject;

/** Reading request bodies: a missing or wrongly typed member is the client's error (400), never a 500. */
public final class Requests {
  private Requests() {
  }

  /** The member that must be a JSON object. */
  public static JsonObject object(JsonObject parent, String name) {
    if (parent == null) throw StratusException.badRequest("Expecting to find " + name + " in request body.");
    Object value = parent.getValue(name);
    if (value instanceof JsonObject object) return object;
    throw StratusException.badRequest("Expecting to find " + name + " in request body.");
  }

  /** The member that must be a non-empty string. */
  public static String string(JsonObject parent, String name) {
    Object value = parent.getValue(name);
    if (value instanceof String s && !s.isBlank()) return s;
    throw StratusException.badRequest("Expecting to find " + name + " as a non-empty string.");
  }

  /** An optional string member; BAD_REQUEST when present with another type. */
  public static String optionalString(JsonObject parent, String name, String fallback) {
    Object value = parent.getValue(name);
    if (value == null) return fallback;
    if (value instanceof String s) return s;
    throw StratusException.badRequest("Invalid input for field '" + name + "': expected a string.");
  }

  /** An optional boolean member; BAD_REQUEST when present with another type. */
  public static boolean optionalBoolean(JsonObject parent, String name, boolean fallback) {
    Object value = parent.getValue(name);
    if (value == null) return fallback;
    if (value instanceof Boolean b) return b;
    throw StratusException.badRequest("Invalid input for field '" + name + "': expected a boolean.");
  }
}
