package io.stratus.identity.service;

import io.stratus.common.error.StratusException;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * Reading request bodies: a missing or wrongly typed member is the client's error (400), never a 500.
 * Names and ids are held to Keystone's schema limits (keystone/common/validation/parameter_types.py,
 * keystone/resource/schema.py); descriptions, as there, are unlimited.
 */
public final class Requests {
  /** The longest name of a user, group, role or application credential. */
  public static final int NAME_MAX = 255;
  /** The longest name of a project or domain. */
  public static final int RESOURCE_NAME_MAX = 64;
  private static final int ID_MAX = 64;
  private static final Pattern ID = Pattern.compile("[a-zA-Z0-9-]+");
  private static final int SHOWN = 32;

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

  /** A required name: a string with a non-blank character, at most {@code max} characters long. */
  public static String name(JsonObject parent, String field, int max) {
    return limited(field, string(parent, field), max);
  }

  /** An optional name, held to the same rules as {@link #name} when present. */
  public static String optionalName(JsonObject parent, String field, int max, String fallback) {
    if (parent.getValue(field) == null) return fallback;
    return name(parent, field, max);
  }

  /** An optional id (of a domain, a project): at most 64 letters, digits and dashes. */
  public static String optionalId(JsonObject parent, String field, String fallback) {
    if (parent.getValue(field) == null) return fallback;
    String id = limited(field, optionalString(parent, field, null), ID_MAX);
    if (!ID.matcher(id).matches()) {
      throw StratusException.badRequest("Invalid input for field '" + field + "': '" + shown(id) + "' does not match '^[a-zA-Z0-9-]+$'.");
    }
    return id;
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

  private static String limited(String field, String value, int max) {
    if (value.length() <= max) return value;
    throw StratusException.badRequest("Invalid input for field '" + field + "': '" + shown(value) + "' is too long ("
        + value.length() + " characters; at most " + max + ").");
  }

  /** The start of a value for an error message, so a huge value is not echoed whole. */
  static String shown(String value) {
    return value.length() <= SHOWN ? value : value.substring(0, SHOWN) + "...";
  }
}
