package io.stratus.compute.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stratus.compute.message.Command;
import io.stratus.compute.message.InstanceEvent;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** How an agent's event changes an instance record: once, for the pending command only. */
class EventApplierTest {
  private static JsonObject pending(String vm, String task, Command.Action action, String commandId, long seq) {
    Command c = new Command(commandId, "i1", seq, action, "h1", new JsonObject(), 1);
    return new JsonObject().put("id", "i1").put("vm_state", vm).put("task_state", task).put("power_state", 0)
        .put("host", "h1").put("claimed", true).put("last_seq", seq).put("pending_command", c.toJson());
  }

  private static InstanceEvent event(InstanceEvent.Kind kind, String commandId, long seq, String vm, int power) {
    return new InstanceEvent("e-" + commandId + kind, "i1", commandId, seq, "h1", kind, vm, power, null, null, 5);
  }

  @Test
  void buildDoneMakesTheInstanceActiveOnce() {
    JsonObject building = pending("building", "spawning", Command.Action.BUILD, "c1", 1);
    InstanceEvent done = event(InstanceEvent.Kind.DONE, "c1", 1, "active", InstanceEvent.RUNNING);
    JsonObject active = EventApplier.apply(building, done, 100);
    assertEquals("active", active.getString("vm_state"));
    assertNull(active.getString("task_state"));
    assertEquals(1, active.getInteger("power_state"));
    assertEquals(100L, active.getLong("launched_at"));
    assertNull(active.getJsonObject("pending_command"));
    assertEquals(active, EventApplier.apply(active, done, 200), "a redelivered event changes nothing");
  }

  @Test
  void failedBuildIsErrorWithFaultAndNoClaim() {
    JsonObject building = pending("building", "spawning", Command.Action.BUILD, "c1", 1);
    InstanceEvent failed = new InstanceEvent("e1", "i1", "c1", 1, "h1", InstanceEvent.Kind.FAILED, "error", 0,
        new JsonObject().put("code", 500).put("message", "image download failed"), null, 5);
    JsonObject error = EventApplier.apply(building, failed, 100);
    assertEquals("error", error.getString("vm_state"));
    assertEquals("image download failed", error.getJsonObject("fault").getString("message"));
    assertFalse(Instances.claimed(error));
  }

  @Test
  void supersededOutcomeIsIgnored() {
    JsonObject deleting = pending("active", "deleting", Command.Action.DELETE, "c3", 3);
    InstanceEvent oldStop = event(InstanceEvent.Kind.DONE, "c2", 2, "stopped", InstanceEvent.SHUTDOWN);
    assertEquals(deleting, EventApplier.apply(deleting, oldStop, 100));
    assertNull(EventApplier.apply(deleting, event(InstanceEvent.Kind.DONE, "c3", 3, "deleted", 0), 100));
  }

  @Test
  void powerStateSyncStopsARunningInstanceOnlyWithoutAPendingCommand() {
    JsonObject active = new JsonObject().put("id", "i1").put("vm_state", "active").putNull("task_state").put("power_state", 1)
        .put("last_seq", 1L);
    InstanceEvent off = event(InstanceEvent.Kind.POWER_STATE, null, 1, null, InstanceEvent.SHUTDOWN);
    JsonObject stopped = EventApplier.apply(active, off, 100);
    assertEquals("stopped", stopped.getString("vm_state"));
    assertEquals(4, stopped.getInteger("power_state"));
    JsonObject rebooting = pending("active", "rebooting", Command.Action.REBOOT, "c2", 2);
    assertEquals(rebooting, EventApplier.apply(rebooting, off, 100));
  }
}
