package io.stratus.compute.api;

import io.stratus.compute.state.InstanceStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A server as Nova 2.1 shows it, from its instance record: the short form of lists and the full body. */
final class ServerView {
  private ServerView() {
  }

  static JsonObject brief(String base, JsonObject i) {
    String id = i.getString("id");
    return new JsonObject().put("id", id).put("name", i.getString("name"))
        .put("links", Http.links(base + "/v2.1/servers/" + id, base + "/servers/" + id));
  }

  /** The full body; the OS-EXT-SRV-ATTR fields only for admins (Nova's default policy). */
  static JsonObject full(String base, JsonObject i, boolean admin) {
    JsonObject out = brief(base, i);
    String vm = i.getString("vm_state");
    String task = i.getString("task_state");
    String host = i.getString("host");
    String imageId = i.getString("image_id");
    String flavorId = i.getJsonObject("flavor").getString("id");
    out.put("status", InstanceStatus.of(vm, task))
        .put("tenant_id", i.getString("project_id")).put("user_id", i.getString("user_id"))
        .put("metadata", i.getJsonObject("metadata", new JsonObject()))
        .put("hostId", host == null ? "" : hostId(i.getString("project_id"), host))
        .put("image", imageId == null ? "" : new JsonObject().put("id", imageId).put("links", new JsonArray()
            .add(new JsonObject().put("rel", "bookmark").put("href", base + "/images/" + imageId))))
        .put("flavor", new JsonObject().put("id", flavorId).put("links", new JsonArray()
            .add(new JsonObject().put("rel", "bookmark").put("href", base + "/flavors/" + flavorId))))
        .put("created", Http.time(i.getLong("created"))).put("updated", Http.time(i.getLong("updated")))
        .put("addresses", new JsonObject())
        .put("accessIPv4", i.getString("access_ipv4", "")).put("accessIPv6", i.getString("access_ipv6", ""))
        .put("OS-DCF:diskConfig", i.getString("disk_config", "MANUAL"))
        .put("progress", InstanceStatus.ACTIVE.equals(vm) ? 100 : 0)
        .put("OS-EXT-AZ:availability_zone", i.getString("availability_zone", ""))
        .put("config_drive", i.getBoolean("config_drive", false) ? "True" : "")
        .put("key_name", i.getString("key_name"))
        .put("OS-SRV-USG:launched_at", Http.micros(i.getLong("launched_at")))
        .putNull("OS-SRV-USG:terminated_at")
        .put("OS-EXT-STS:vm_state", vm).put("OS-EXT-STS:task_state", task)
        .put("OS-EXT-STS:power_state", i.getInteger("power_state", 0))
        .put("os-extended-volumes:volumes_attached", new JsonArray())
        .put("security_groups", new JsonArray().add(new JsonObject().put("name", "default")));
    if (admin) {
      out.put("OS-EXT-SRV-ATTR:host", host).put("OS-EXT-SRV-ATTR:hypervisor_hostname", host)
          .put("OS-EXT-SRV-ATTR:instance_name", i.getString("instance_name"));
    }
    JsonObject fault = i.getJsonObject("fault");
    if (fault != null && (InstanceStatus.ERROR.equals(vm) || InstanceStatus.DELETED.equals(vm))) {
      JsonObject f = new JsonObject().put("code", fault.getInteger("code", 500)).put("message", fault.getString("message", ""))
          .put("created", Http.time(fault.getLong("created", i.getLong("updated"))));
      if (admin || fault.getInteger("code", 500) != 500) f.put("details", fault.getString("details", ""));
      out.put("fault", f);
    }
    return out;
  }

  /** Nova's hostId: an opaque per-project name of the host (SHA-224 of project id and host). */
  static String hostId(String projectId, String host) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-224").digest((projectId + host).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
