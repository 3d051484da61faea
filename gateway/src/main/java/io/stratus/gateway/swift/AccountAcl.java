package io.stratus.gateway.swift;

import io.stratus.common.error.StratusException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The syntax check of an X-Account-Access-Control header, as Swift's tempauth makes it on a write: a
 * JSON object (empty text: no ACL) whose keys are admin, read-write and read-only, each a list of
 * strings. Anything else is 400 with tempauth's message. Account ACLs are not kept: a valid one is
 * accepted and dropped, as before.
 */
final class AccountAcl {
  private static final List<String> KEYS = List.of("admin", "read-write", "read-only");

  private AccountAcl() {
  }

  /** Throws a 400 naming the first error of the header's value; returns when it is a valid ACL. */
  static void check(String value) {
    String error = error(value);
    if (error != null) {
      throw StratusException.badRequest("X-Account-Access-Control invalid: " + error + "\n\nInput: " + value + "\n");
    }
  }

  private static String error(String value) {
    JsonObject acl = parse(value);
    if (acl == null) return "Syntax error in input (" + ContainerAcl.repr(value) + ")";
    for (String key : acl.fieldNames()) {
      if (!KEYS.contains(key)) return "Key " + Json.encode(key) + " not recognized";
    }
    for (String key : KEYS) {
      if (!acl.containsKey(key)) continue;
      if (!(acl.getValue(key) instanceof JsonArray grantees)) return "Value for key " + Json.encode(key) + " must be a list";
      for (Object grantee : grantees) {
        if (!(grantee instanceof String)) return "Elements of " + Json.encode(key) + " list must be strings";
      }
    }
    return null;
  }

  /** The value as a JSON object (empty for no text); null when it is not one. */
  private static JsonObject parse(String value) {
    if (value.isEmpty()) return new JsonObject();
    try {
      return Json.decodeValue(value) instanceof JsonObject o ? o : null;
    } catch (DecodeException e) {
      return null;
    }
  }
}
