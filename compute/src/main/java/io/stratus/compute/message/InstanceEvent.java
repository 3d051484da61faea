package io.stratus.compute.message;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * What an agent reports about an instance: the outcome of a command ({@code commandId} and its {@code seq}),
 * or a change it saw on its own (a guest that powered off, found by the power-state sync or a libvirt
 * lifecycle event; then {@code commandId} is null and {@code seq} is the last command it applied).
 * compute-api applies an event once (by {@code id}) and ignores one older than the instance's state.
 *
 * @param vmState Nova's vm_state after the event: building, active, stopped, error, deleted
 * @param powerState Nova's power_state number (0 no state, 1 running, 3 paused, 4 shutdown, 6 crashed, 7 suspended)
 * @param fault for {@link Kind#FAILED}: {@code {"code": 500, "message": "...", "details": "..."}}
 * @param output for {@link Kind#CONSOLE}: the console log's last lines
 */
public record InstanceEvent(String id, String instanceId, String commandId, long seq, String host, Kind kind, String vmState,
    int powerState, JsonObject fault, String output, long at) {

  /** What happened. */
  public enum Kind {
    /** The command was carried out; vmState and powerState are the result. */
    DONE,
    /** The command failed; fault says why and vmState says where the instance is (error for a failed build). */
    FAILED,
    /** The instance changed without a command (power-state sync, lifecycle event). */
    POWER_STATE,
    /** The answer to a CONSOLE command. */
    CONSOLE
  }

  public static final int NOSTATE = 0;
  public static final int RUNNING = 1;
  public static final int PAUSED = 3;
  public static final int SHUTDOWN = 4;
  public static final int CRASHED = 6;
  public static final int SUSPENDED = 7;

  public InstanceEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(kind, "kind");
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("instance_id", instanceId).put("seq", seq).put("host", host)
        .put("kind", kind.name()).put("power_state", powerState).put("at", at);
    if (commandId != null) json.put("command_id", commandId);
    if (vmState != null) json.put("vm_state", vmState);
    if (fault != null) json.put("fault", fault);
    if (output != null) json.put("output", output);
    return json;
  }

  /** Parses a record's value; IllegalArgumentException when it is not an event. */
  public static InstanceEvent fromJson(JsonObject json) {
    try {
      return new InstanceEvent(json.getString("id"), json.getString("instance_id"), json.getString("command_id"),
          json.getLong("seq", 0L), json.getString("host"), Kind.valueOf(json.getString("kind")), json.getString("vm_state"),
          json.getInteger("power_state", NOSTATE), json.getJsonObject("fault"), json.getString("output"), json.getLong("at", 0L));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not a compute event: " + e.getMessage(), e);
    }
  }
}
