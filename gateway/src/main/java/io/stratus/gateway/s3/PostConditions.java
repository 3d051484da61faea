package io.stratus.gateway.s3;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The conditions of a browser POST upload's policy (AWS "Creating a POST policy"): exact matches ({@code {"field":
 * "value"}} or {@code ["eq", "$field", "value"]}), {@code ["starts-with", "$field", "prefix"]} (each of a
 * comma-separated Content-Type) and {@code ["content-length-range", min, max]}; {@code $bucket} is the bucket posted to.
 * Every form field but policy, the signature, file and x-ignore-* must be named by a condition.
 */
final class PostConditions {
  /** The bounds a content-length-range sets on the file's size. */
  record Range(long min, long max) {
  }

  /** One eq or starts-with condition on a field (lowercase name, no '$'). */
  private record Condition(String op, String field, String value) {
    @Override
    public String toString() {
      return "[\"" + op + "\", \"$" + field + "\", \"" + value + "\"]";
    }
  }

  private static final Set<String> EXEMPT = Set.of("policy", "x-amz-signature", "signature", "awsaccesskeyid", "file");

  private final List<Condition> conditions;
  private final Range range;

  private PostConditions(List<Condition> conditions, Range range) {
    this.conditions = conditions;
    this.range = range;
  }

  /** The conditions of a base64 policy document; InvalidPolicyDocument when they are malformed. */
  static PostConditions parse(String base64Policy) {
    JsonArray list;
    try {
      JsonObject doc = new JsonObject(new String(Base64.getMimeDecoder().decode(base64Policy), StandardCharsets.UTF_8));
      list = doc.getValue("conditions") == null ? new JsonArray() : doc.getJsonArray("conditions");
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw invalid("Invalid Policy: Invalid JSON.");
    }
    List<Condition> conditions = new ArrayList<>();
    Range range = null;
    for (Object c : list) {
      if (c instanceof JsonObject exact) {
        for (Map.Entry<String, Object> e : exact) {
          conditions.add(new Condition("eq", e.getKey().toLowerCase(Locale.ROOT), String.valueOf(e.getValue())));
        }
      } else if (c instanceof JsonArray a && a.size() == 3 && a.getValue(0) instanceof String op) {
        if (op.equalsIgnoreCase("content-length-range")) {
          range = new Range(number(a.getValue(1)), number(a.getValue(2)));
          continue;
        }
        if (!(a.getValue(1) instanceof String name) || !name.startsWith("$")
            || !(op.equalsIgnoreCase("eq") || op.equalsIgnoreCase("starts-with"))) {
          throw invalid("Invalid Policy: Invalid Condition: " + a.encode());
        }
        conditions.add(new Condition(op.toLowerCase(Locale.ROOT), name.substring(1).toLowerCase(Locale.ROOT),
            String.valueOf(a.getValue(2))));
      } else {
        throw invalid("Invalid Policy: Invalid Simple-Condition: " + String.valueOf(c));
      }
    }
    return new PostConditions(conditions, range);
  }

  private static long number(Object v) {
    try {
      return v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw invalid("Invalid Policy: Invalid content-length-range: " + v);
    }
  }

  private static S3Exception invalid(String message) {
    return new S3Exception(S3ErrorCode.INVALID_POLICY_DOCUMENT, message);
  }

  /** The content-length-range, or null when the policy sets none. */
  Range range() {
    return range;
  }

  /**
   * Checks the form's fields (names compared without regard to case; a field the form lacks is "") and the bucket
   * against the conditions; AccessDenied "Invalid according to Policy: ..." for the first that fails, or a field no
   * condition names.
   */
  void check(Map<String, String> formFields, String bucket) {
    Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    fields.putAll(formFields);
    for (Condition c : conditions) {
      String value = c.field().equals("bucket") ? bucket : fields.getOrDefault(c.field(), "");
      boolean ok = c.op().equals("eq") ? value.equals(c.value()) : startsWith(c.field(), value, c.value());
      if (!ok) throw denied("Policy Condition failed: " + c);
    }
    List<String> extra = new ArrayList<>();
    for (String name : formFields.keySet()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (EXEMPT.contains(lower) || lower.startsWith("x-ignore-")) continue;
      if (conditions.stream().noneMatch(c -> c.field().equals(lower))) extra.add(name);
    }
    if (!extra.isEmpty()) throw denied("Extra input fields: " + String.join(", ", extra));
  }

  private static boolean startsWith(String field, String value, String prefix) {
    if (!field.equals("content-type") || prefix.isEmpty()) return value.startsWith(prefix);
    for (String part : value.split(",")) {
      if (!part.trim().startsWith(prefix)) return false;
    }
    return true;
  }

  /** A form field's value by name without regard to case, or null. */
  static String field(Map<String, String> fields, String name) {
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
    }
    return null;
  }

  static S3Exception denied(String why) {
    return new S3Exception(S3ErrorCode.ACCESS_DENIED, "Invalid according to Policy: " + why);
  }
}
