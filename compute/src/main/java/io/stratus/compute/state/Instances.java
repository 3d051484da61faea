package io.stratus.compute.state;

import io.stratus.compute.scheduler.Resources;
import io.vertx.core.json.JsonObject;

/**
 * The instance record as kept in the state topic under {@code instance/<id>}: the server's fields (name, project,
 * user, flavor copy, image id, key name, metadata, zone, host), its vm_state, task_state and power_state, the
 * fault of a failure, timestamps (epoch millis), {@code last_seq} (the seq of the newest command sent) and
 * {@code pending_command} (the state-changing command still without an outcome; resent after a restart).
 */
public final class Instances {
  public static final String PREFIX = "instance/";

  private Instances() {
  }

  public static String key(String id) {
    return PREFIX + id;
  }

  /** What the instance's flavor takes from a host (root + ephemeral disk, swap rounded up to GiB). */
  public static Resources resources(JsonObject instance) {
    JsonObject flavor = instance.getJsonObject("flavor", new JsonObject());
    long swapMb = flavor.getLong("swap", 0L);
    long disk = flavor.getLong("disk", 0L) + flavor.getLong("ephemeral", 0L) + (swapMb + 1023) / 1024;
    return new Resources(flavor.getInteger("vcpus", 0), flavor.getLong("ram", 0L), disk);
  }

  /** Whether the instance holds a claim on its host (placed, and its build has not failed). */
  public static boolean claimed(JsonObject instance) {
    return instance.getString("host") != null && instance.getBoolean("claimed", false);
  }
}
