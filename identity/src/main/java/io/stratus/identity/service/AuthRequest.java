package io.stratus.identity.service;

import io.stratus.common.error.StratusException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The shape of a POST /v3/auth/tokens body, checked as Keystone's token_issue schema and scope rules do
 * (keystone/auth/schema.py, AuthInfo's scope check): a member of the wrong JSON type is a 400, and a
 * scope names exactly one of project, domain, system, OS-TRUST:trust or unscoped.
 */
final class AuthRequest {
  private static final List<String> SCOPES = List.of("system", "project", "domain", "OS-TRUST:trust", "unscoped");

  private AuthRequest() {
  }

  /** The identity's method names: a non-empty array of strings. */
  static List<String> methods(JsonObject identity) {
    Object value = identity.getValue("methods");
    if (value == null) throw StratusException.badRequest("Expecting to find methods in identity.");
    JsonArray methods = typed(value, "identity/methods", JsonArray.class, "array");
    for (int i = 0; i < methods.size(); i++) typed(methods.getValue(i), "identity/methods/" + i, String.class, "string");
    if (methods.isEmpty()) throw StratusException.badRequest("Expecting to find methods in identity.");
    return methods.stream().map(String.class::cast).toList();
  }

  /** The member {@code field} of a method's object (identity/password, identity/token, ...): present and an object. */
  static JsonObject method(JsonObject identity, String field) {
    Object value = identity.getValue(field);
    if (value == null) throw StratusException.badRequest("Expecting to find " + field + " in identity.");
    return typed(value, "identity/" + field, JsonObject.class, "object");
  }

  /** The user of password auth: an object whose id, name and password are strings and whose domain is an object. */
  static JsonObject passwordUser(JsonObject password) {
    Object value = password.getValue("user");
    if (value == null) throw StratusException.badRequest("Expecting to find user in password.");
    JsonObject user = typed(value, "identity/password/user", JsonObject.class, "object");
    for (String field : List.of("id", "name", "password")) {
      optional(user, field, "identity/password/user/" + field, String.class, "string");
    }
    reference(user, "domain", "identity/password/user/domain");
    return user;
  }

  /**
   * The requested scope as an object with exactly one member, {"unscoped": {}} for the explicit
   * "unscoped" string; null when the body asks for none (the user's default project applies).
   */
  static JsonObject scope(JsonObject auth) {
    if (!auth.containsKey("scope")) return null;
    Object value = auth.getValue("scope");
    if (value instanceof String s) {
      if (s.equals("unscoped")) return new JsonObject().put("unscoped", new JsonObject());
      throw notOneScope();
    }
    if (!(value instanceof JsonObject scope)) {
      throw StratusException.badRequest("Invalid input for field 'scope': " + shown(value) + " is not of type 'object', 'string'.");
    }
    if (SCOPES.stream().filter(scope::containsKey).count() != 1) throw notOneScope();
    JsonObject project = reference(scope, "project", "scope/project");
    if (project != null) reference(project, "domain", "scope/project/domain");
    reference(scope, "domain", "scope/domain");
    return scope;
  }

  private static StratusException notOneScope() {
    return StratusException.badRequest("Expecting to find system, project, domain, OS-TRUST:trust or unscoped in scope. The"
        + " server could not comply with the request since it is either malformed or otherwise incorrect. The client is"
        + " assumed to be in error.");
  }

  /** An optional {"id", "name"} reference: an object whose id and name, if present, are strings. */
  private static JsonObject reference(JsonObject parent, String field, String path) {
    JsonObject ref = optional(parent, field, path, JsonObject.class, "object");
    if (ref == null) return null;
    optional(ref, "id", path + "/id", String.class, "string");
    optional(ref, "name", path + "/name", String.class, "string");
    return ref;
  }

  private static <T> T optional(JsonObject parent, String field, String path, Class<T> type, String typeName) {
    Object value = parent.getValue(field);
    return value == null ? null : typed(value, path, type, typeName);
  }

  private static <T> T typed(Object value, String path, Class<T> type, String typeName) {
    if (type.isInstance(value)) return type.cast(value);
    throw StratusException.badRequest("Invalid input for field '" + path + "': " + shown(value) + " is not of type '" + typeName + "'.");
  }

  private static String shown(Object value) {
    return Requests.shown(value instanceof String s ? "'" + s + "'" : String.valueOf(value));
  }
}
