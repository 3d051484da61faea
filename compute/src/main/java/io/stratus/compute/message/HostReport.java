package io.stratus.compute.message;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * An agent's heartbeat: what its host has (the scheduler's capacity, before allocation ratios) and how many
 * instances run there, published every heartbeat interval on the compacted hosts topic under the host's name.
 * compute-api counts a host as up while its last report is younger than the service-down time.
 *
 * @param hypervisorType e.g. "QEMU" or "TEST", as libvirt names it
 * @param diskGb space for instance disks on the host
 * @param instances domains the agent manages on the host
 * @param at when the report was made, epoch millis
 */
public record HostReport(String host, String zone, String hypervisorType, String hypervisorUri, int vcpus, long memoryMb,
    long diskGb, int instances, long at) {

  public HostReport {
    Objects.requireNonNull(host, "host");
    zone = zone == null ? "nova" : zone;
  }

  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("zone", zone).put("hypervisor_type", hypervisorType)
        .put("hypervisor_uri", hypervisorUri).put("vcpus", vcpus).put("memory_mb", memoryMb).put("disk_gb", diskGb)
        .put("instances", instances).put("at", at);
  }

  /** Parses a record's value; IllegalArgumentException when it is not a report. */
  public static HostReport fromJson(JsonObject json) {
    try {
      return new HostReport(json.getString("host"), json.getString("zone"), json.getString("hypervisor_type"),
          json.getString("hypervisor_uri"), json.getInteger("vcpus", 0), json.getLong("memory_mb", 0L),
          json.getLong("disk_gb", 0L), json.getInteger("instances", 0), json.getLong("at", 0L));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not a host report: " + e.getMessage(), e);
    }
  }
}
