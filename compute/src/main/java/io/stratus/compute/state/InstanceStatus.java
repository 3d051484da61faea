package io.stratus.compute.state;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Nova's server status from an instance's vm_state and task_state (nova/api/openstack/common.py's state map). */
public final class InstanceStatus {
  public static final String BUILDING = "building";
  public static final String ACTIVE = "active";
  public static final String STOPPED = "stopped";
  public static final String ERROR = "error";
  public static final String DELETED = "deleted";

  public static final String SCHEDULING = "scheduling";
  public static final String SPAWNING = "spawning";
  public static final String POWERING_OFF = "powering-off";
  public static final String POWERING_ON = "powering-on";
  public static final String REBOOTING = "rebooting";
  public static final String REBOOTING_HARD = "rebooting_hard";
  public static final String DELETING = "deleting";

  private static final Map<String, Map<String, String>> MAP = Map.ofEntries(
      Map.entry(ACTIVE, Map.ofEntries(Map.entry("default", "ACTIVE"), Map.entry(REBOOTING, "REBOOT"),
          Map.entry("reboot_pending", "REBOOT"), Map.entry("reboot_started", "REBOOT"), Map.entry(REBOOTING_HARD, "HARD_REBOOT"),
          Map.entry("reboot_pending_hard", "HARD_REBOOT"), Map.entry("reboot_started_hard", "HARD_REBOOT"),
          Map.entry("rebuilding", "REBUILD"), Map.entry("migrating", "MIGRATING"), Map.entry("resize_prep", "RESIZE"),
          Map.entry("updating_password", "PASSWORD"))),
      Map.entry(BUILDING, Map.of("default", "BUILD")),
      Map.entry(STOPPED, Map.of("default", "SHUTOFF", "rebuilding", "REBUILD", "resize_prep", "RESIZE")),
      Map.entry("resized", Map.of("default", "VERIFY_RESIZE", "resize_reverting", "REVERT_RESIZE")),
      Map.entry("paused", Map.of("default", "PAUSED", "migrating", "MIGRATING")),
      Map.entry("suspended", Map.of("default", "SUSPENDED")),
      Map.entry("rescued", Map.of("default", "RESCUE")),
      Map.entry(ERROR, Map.of("default", "ERROR", "rebuilding", "REBUILD")),
      Map.entry(DELETED, Map.of("default", "DELETED")),
      Map.entry("soft-delete", Map.of("default", "SOFT_DELETED")),
      Map.entry("shelved", Map.of("default", "SHELVED")),
      Map.entry("shelved_offloaded", Map.of("default", "SHELVED_OFFLOADED")));

  private InstanceStatus() {
  }

  /** The API status: the task state's entry of the vm state's map, else the vm state's default; UNKNOWN otherwise. */
  public static String of(String vmState, String taskState) {
    Map<String, String> byTask = vmState == null ? null : MAP.get(vmState);
    if (byTask == null) return "UNKNOWN";
    return taskState == null ? byTask.get("default") : byTask.getOrDefault(taskState, byTask.get("default"));
  }

  /** The vm states whose status is the given one (for the list filter); empty if none. */
  public static Set<String> vmStatesFor(String status) {
    Set<String> out = new HashSet<>();
    MAP.forEach((vm, tasks) -> {
      if (tasks.containsValue(status)) out.add(vm);
    });
    return out;
  }
}
