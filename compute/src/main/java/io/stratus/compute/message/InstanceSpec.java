package io.stratus.compute.message;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The instance as an agent needs it to build it: the flavor's sizes, the image (id and what compute-api
 * read from the image service when the server was created: checksums, formats, kernel and ramdisk ids,
 * the kernel command line from {@code os_command_line}) and the user's inputs.
 *
 * @param image the image record as the image service showed it (id, checksum, os_hash_algo, os_hash_value,
 *     size, disk_format, container_format, kernel_id, ramdisk_id, os_command_line, min_disk, …)
 * @param userData base64 user data, or null
 * @param publicKey the keypair's public key, or null
 */
public record InstanceSpec(String name, String projectId, String userId, int vcpus, long ramMb, long diskGb, String flavorId,
    JsonObject image, String userData, JsonObject metadata, String keyName, String publicKey, String zone) {

  public InstanceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    metadata = metadata == null ? new JsonObject() : metadata;
  }

  public String imageId() {
    return image.getString("id");
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("name", name).put("project_id", projectId).put("user_id", userId).put("vcpus", vcpus)
        .put("ram_mb", ramMb).put("disk_gb", diskGb).put("flavor_id", flavorId).put("image", image).put("metadata", metadata)
        .put("zone", zone);
    if (userData != null) json.put("user_data", userData);
    if (keyName != null) json.put("key_name", keyName);
    if (publicKey != null) json.put("public_key", publicKey);
    return json;
  }

  /** Parses a BUILD command's spec; IllegalArgumentException when fields are missing or of the wrong type. */
  public static InstanceSpec fromJson(JsonObject json) {
    try {
      return new InstanceSpec(json.getString("name"), json.getString("project_id"), json.getString("user_id"),
          json.getInteger("vcpus", 1), json.getLong("ram_mb", 512L), json.getLong("disk_gb", 0L), json.getString("flavor_id"),
          json.getJsonObject("image"), json.getString("user_data"), json.getJsonObject("metadata"), json.getString("key_name"),
          json.getString("public_key"), json.getString("zone"));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not an instance spec: " + e.getMessage(), e);
    }
  }
}
