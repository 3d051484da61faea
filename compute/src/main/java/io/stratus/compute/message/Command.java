package io.stratus.compute.message;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * What compute-api asks of the agent on one host about one instance. {@code seq} grows by one with every
 * command for the instance, so an agent that sees a command again (at-least-once delivery) or sees it
 * after a newer one knows to answer it without doing it twice. {@code spec} is the instance as the agent
 * needs it for {@link Action#BUILD} (see {@link InstanceSpec}), the reboot type for {@link Action#REBOOT},
 * and {@code {"length": lines}} for {@link Action#CONSOLE}.
 */
public record Command(String id, String instanceId, long seq, Action action, String host, JsonObject spec, long sentAt) {

  /** The operations an agent performs. */
  public enum Action {
    /** Fetch the image, prepare the disk, define and start the domain. */
    BUILD,
    STOP,
    START,
    /** spec {@code {"type": "SOFT"|"HARD"}}. */
    REBOOT,
    /** Destroy and undefine the domain, remove its disk and console log. */
    DELETE,
    /** Answer with the console log's last lines (an event of kind CONSOLE); changes nothing. */
    CONSOLE
  }

  public Command {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(host, "host");
    spec = spec == null ? new JsonObject() : spec;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("instance_id", instanceId).put("seq", seq).put("action", action.name())
        .put("host", host).put("spec", spec).put("sent_at", sentAt);
  }

  /** Parses a record's value; IllegalArgumentException when it is not a command. */
  public static Command fromJson(JsonObject json) {
    try {
      return new Command(json.getString("id"), json.getString("instance_id"), json.getLong("seq", 0L),
          Action.valueOf(json.getString("action")), json.getString("host"), json.getJsonObject("spec"), json.getLong("sent_at", 0L));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not a compute command: " + e.getMessage(), e);
    }
  }
}
