package io.stratus.compute.api;

import io.stratus.common.error.StratusException;
import io.vertx.core.json.JsonObject;

/** Reading typed fields of a request body the way Nova's schemas do (integers may come as strings). */
final class Fields {
  private Fields() {
  }

  /** An integer field in [min, max]; {@code fallback} when absent; 400 when not an integer or out of range. */
  static long integer(JsonObject body, String name, long min, long max, Long fallback) {
    Object value = body.getValue(name);
    if (value == null) {
      if (fallback == null) throw invalid(name, null, "'" + name + "' is a required property");
      return fallback;
    }
    long n;
    if (value instanceof Integer || value instanceof Long) {
      n = ((Number) value).longValue();
    } else if (value instanceof String s && s.trim().matches("-?\\d{1,18}")) {
      n = Long.parseLong(s.trim());
    } else {
      throw invalid(name, value, "It is not an integer.");
    }
    if (n < min) throw invalid(name, value, value + " is less than the minimum of " + min);
    if (n > max) throw invalid(name, value, value + " is greater than the maximum of " + max);
    return n;
  }

  /** A string field of 1..maxLength characters, or null when absent and not required. */
  static String string(JsonObject body, String name, int maxLength, boolean required) {
    Object value = body.getValue(name);
    if (value == null) {
      if (required) throw invalid(name, null, "'" + name + "' is a required property");
      return null;
    }
    if (!(value instanceof String s)) throw invalid(name, value, value + " is not of type 'string'");
    if (s.isEmpty()) throw invalid(name, value, "'' is too short");
    if (s.length() > maxLength) throw invalid(name, value, "It is longer than " + maxLength + " characters.");
    return s;
  }

  /** A boolean field as Nova's parameter types take it (true/false, or their strings); fallback when absent. */
  static boolean bool(JsonObject body, String name, boolean fallback) {
    Object value = body.getValue(name);
    if (value == null) return fallback;
    if (value instanceof Boolean b) return b;
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw invalid(name, value, value + " is not of type 'boolean'");
  }

  static StratusException invalid(String name, Object value, String why) {
    return StratusException.badRequest("Invalid input for field/attribute " + name + ". Value: " + value + ". " + why);
  }
}
