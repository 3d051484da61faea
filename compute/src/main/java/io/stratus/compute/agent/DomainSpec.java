package io.stratus.compute.agent;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One instance's virtual machine as the hypervisor defines it: identity, size, how it boots (a disk, or a
 * kernel and ramdisk with a command line) and where its serial console is written.
 *
 * @param type the libvirt domain type: test, qemu or kvm
 * @param kernel null unless the domain boots a kernel directly
 * @param disk null when the domain has no disk
 * @param diskFormat the disk's format as QEMU names it (qcow2, raw, …)
 */
public record DomainSpec(String uuid, String name, String type, long memoryMb, int vcpus, Path kernel, Path ramdisk,
    String cmdline, Path disk, String diskFormat, Path consoleLog) {

  public DomainSpec {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(consoleLog, "consoleLog");
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("uuid", uuid).put("name", name).put("type", type).put("memory_mb", memoryMb)
        .put("vcpus", vcpus).put("console_log", consoleLog.toString());
    if (kernel != null) json.put("kernel", kernel.toString());
    if (ramdisk != null) json.put("ramdisk", ramdisk.toString());
    if (cmdline != null) json.put("cmdline", cmdline);
    if (disk != null) json.put("disk", disk.toString()).put("disk_format", diskFormat);
    return json;
  }

  public static DomainSpec fromJson(JsonObject json) {
    return new DomainSpec(json.getString("uuid"), json.getString("name"), json.getString("type"), json.getLong("memory_mb"),
        json.getInteger("vcpus"), path(json, "kernel"), path(json, "ramdisk"), json.getString("cmdline"), path(json, "disk"),
        json.getString("disk_format"), path(json, "console_log"));
  }

  private static Path path(JsonObject json, String key) {
    String value = json.getString(key);
    return value == null ? null : Path.of(value);
  }
}
