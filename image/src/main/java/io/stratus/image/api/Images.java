package io.stratus.image.api;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/**
 * Glance v2's image record: the attributes the API knows (which are read-only, which reserved, which
 * values each allows), validation of what a client sets, and the view a client sees. Records are
 * stored as the view's JSON plus internal keys starting with '_' that no view shows.
 */
final class Images {
  static final Set<String> DISK_FORMATS = Set.of("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso",
      "ploop");
  static final Set<String> CONTAINER_FORMATS = Set.of("ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed");
  static final Set<String> VISIBILITIES = Set.of("public", "private", "shared", "community");
  /** Set by the service only. */
  static final Set<String> READ_ONLY = Set.of("id", "status", "checksum", "os_hash_algo", "os_hash_value", "size",
      "virtual_size", "created_at", "updated_at", "self", "file", "schema", "direct_url", "locations", "owner", "stores");
  static final Set<String> RESERVED = Set.of("deleted", "deleted_at", "location", "os_glance_import_task");
  /** The base attributes; anything else is a custom property (a string). */
  static final Set<String> BASE = Set.of("id", "name", "status", "visibility", "protected", "os_hidden", "checksum",
      "os_hash_algo", "os_hash_value", "owner", "size", "virtual_size", "min_disk", "min_ram", "disk_format",
      "container_format", "created_at", "updated_at", "tags", "self", "file", "schema");
  /** The internal key naming the object that holds the image's bytes. */
  static final String OBJECT = "_object";

  private Images() {
  }

  /** A new queued image owned by the project, from the create request's body. */
  static JsonObject create(JsonObject body, String owner, Instant now) {
    JsonObject image = new JsonObject();
    for (String key : body.fieldNames()) {
      if (key.equals("id")) continue;
      if (RESERVED.contains(key) || READ_ONLY.contains(key)) throw readOnly(key);
    }
    String time = timestamp(now);
    image.put("id", body.getValue("id", java.util.UUID.randomUUID().toString())).put("name", null).put("status", "queued")
        .put("visibility", "shared").put("protected", false).put("os_hidden", false).put("checksum", null)
        .put("os_hash_algo", null).put("os_hash_value", null).put("owner", owner).put("size", null)
        .put("virtual_size", null).put("min_disk", 0).put("min_ram", 0).put("disk_format", null)
        .put("container_format", null).put("created_at", time).put("updated_at", time).put("tags", new JsonArray());
    for (Map.Entry<String, Object> e : body) {
      if (!e.getKey().equals("id")) image.put(e.getKey(), e.getValue());
    }
    return validate(image);
  }

  /** Checks every attribute's type and allowed values; answers the image. */
  static JsonObject validate(JsonObject image) {
    uuid(image, "id", false);
    uuid(image, "kernel_id", true);
    uuid(image, "ramdisk_id", true);
    string(image, "name", 255, null);
    string(image, "disk_format", 255, DISK_FORMATS);
    string(image, "container_format", 255, CONTAINER_FORMATS);
    if (image.getValue("visibility") == null) throw invalid("visibility", null);
    string(image, "visibility", 255, VISIBILITIES);
    bool(image, "protected");
    bool(image, "os_hidden");
    count(image, "min_disk");
    count(image, "min_ram");
    Object tags = image.getValue("tags");
    if (!(tags instanceof JsonArray array)) throw invalid("tags", tags);
    for (Object tag : array) {
      if (!(tag instanceof String t) || t.isEmpty() || t.length() > 255) throw invalid("tags", tag);
    }
    image.put("tags", new JsonArray(array.stream().distinct().toList()));
    for (Map.Entry<String, Object> e : image) {
      String key = e.getKey();
      if (BASE.contains(key) || key.startsWith("_")) continue;
      if (key.length() > 255) throw StratusException.badRequest("Property name too long: " + key.substring(0, 32) + "...");
      if (e.getValue() != null && !(e.getValue() instanceof String)) {
        throw StratusException.badRequest("Provided object does not match schema 'image': " + e.getValue()
            + " is not of type 'string' (property '" + key + "')");
      }
    }
    return image;
  }

  /** The image as a client sees it. */
  static JsonObject view(JsonObject image) {
    JsonObject view = new JsonObject();
    for (Map.Entry<String, Object> e : image) {
      if (!e.getKey().startsWith("_")) view.put(e.getKey(), e.getValue());
    }
    String id = image.getString("id");
    return view.put("self", "/v2/images/" + id).put("file", "/v2/images/" + id + "/file").put("schema", "/v2/schemas/image");
  }

  static String timestamp(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static StratusException readOnly(String key) {
    return StratusException.forbidden("Attribute '" + key + "' is read-only.");
  }

  static StratusException invalid(String key, Object value) {
    return StratusException.badRequest("Invalid value '" + value + "' for '" + key + "'.");
  }

  static StratusException conflict(String message) {
    return new StratusException(ErrorCode.CONFLICT, message);
  }

  /** The attribute must be a UUID (or absent or null when {@code optional}). */
  private static void uuid(JsonObject image, String key, boolean optional) {
    Object value = image.getValue(key);
    if (optional && value == null) return;
    if (!(value instanceof String s) || !s.matches("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")) {
      throw StratusException.badRequest("Invalid value '" + value + "' for '" + key + "': it must be a UUID.");
    }
  }

  private static void string(JsonObject image, String key, int max, Set<String> allowed) {
    Object value = image.getValue(key);
    if (value == null) return;
    if (!(value instanceof String s) || s.length() > max || (allowed != null && !allowed.contains(s))) throw invalid(key, value);
  }

  private static void bool(JsonObject image, String key) {
    if (!(image.getValue(key) instanceof Boolean)) throw invalid(key, image.getValue(key));
  }

  private static void count(JsonObject image, String key) {
    Object value = image.getValue(key);
    if (!(value instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) throw invalid(key, value);
    image.put(key, n.longValue());
  }
}
