package io.stratus.compute.state;

import io.stratus.compute.kafka.BusRecord;
import io.stratus.compute.message.Command;
import io.stratus.compute.message.InstanceEvent;
import io.stratus.compute.scheduler.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the agents' events to the instance records, idempotently: a command's outcome (DONE or FAILED) counts
 * only while that very command is the instance's pending one, so a redelivered or superseded outcome changes
 * nothing; a spontaneous power-state change counts only when no command is pending. The record is stored before
 * the event is acknowledged. DONE of a DELETE removes the record and releases the host claim, so does a FAILED
 * BUILD (the instance stays, in ERROR with the fault).
 */
public final class EventApplier {
  private static final Logger LOG = LoggerFactory.getLogger(EventApplier.class);

  private final StateStore store;
  private final Scheduler scheduler;
  private final Commands commands;
  private final Clock clock;

  public EventApplier(StateStore store, Scheduler scheduler, Commands commands, Clock clock) {
    this.store = store;
    this.scheduler = scheduler;
    this.commands = commands;
    this.clock = clock;
  }

  /** The events topic's handler. */
  public Future<Void> handle(BusRecord record) {
    InstanceEvent event;
    try {
      event = InstanceEvent.fromJson(new JsonObject(record.value()));
    } catch (RuntimeException e) {
      LOG.warn("Ignoring a record of {} that is not an event: {}", record.topic(), e.getMessage());
      return Future.succeededFuture();
    }
    if (event.kind() == InstanceEvent.Kind.CONSOLE) {
      commands.consoleAnswered(event);
      return Future.succeededFuture();
    }
    String key = Instances.key(event.instanceId());
    if (store.get(key) == null) return Future.succeededFuture();
    long now = clock.millis();
    return store.update(key, current -> current == null ? null : apply(current, event, now)).map(stored -> {
      if (stored == null || !Instances.claimed(stored)) scheduler.release(event.instanceId());
      return null;
    });
  }

  /** The record after the event (an unchanged copy when the event changes nothing), or null when the instance is gone. */
  public static JsonObject apply(JsonObject instance, InstanceEvent event, long now) {
    JsonObject pending = instance.getJsonObject("pending_command");
    if (event.kind() == InstanceEvent.Kind.POWER_STATE) return powerState(instance, event, now);
    if (pending == null || event.commandId() == null || !event.commandId().equals(pending.getString("id"))) return instance;
    Command.Action action = Command.Action.valueOf(pending.getString("action"));
    if (action == Command.Action.DELETE && event.kind() == InstanceEvent.Kind.DONE) return null;
    JsonObject next = instance.copy();
    next.remove("pending_command");
    next.putNull("task_state");
    next.put("power_state", event.powerState());
    next.put("updated", now);
    if (event.vmState() != null) next.put("vm_state", event.vmState());
    if (event.kind() == InstanceEvent.Kind.DONE) {
      if (action == Command.Action.BUILD) next.put("launched_at", now);
      return next;
    }
    JsonObject fault = event.fault() == null ? new JsonObject().put("code", 500).put("message", "The " + action
        + " command failed.") : event.fault().copy();
    if (action == Command.Action.BUILD) {
      next.put("vm_state", InstanceStatus.ERROR);
      next.put("claimed", false);
    }
    if (InstanceStatus.ERROR.equals(next.getString("vm_state"))) next.put("fault", fault.put("created", now));
    return next;
  }

  /**
   * Nova's power-state sync: a running instance whose domain is off is stopped; otherwise only the number changes.
   * Ignored while a command is pending (its outcome decides); events of one instance arrive in the order the agent
   * sent them, so one that comes after the last outcome is newer than it.
   */
  private static JsonObject powerState(JsonObject instance, InstanceEvent event, long now) {
    if (instance.getJsonObject("pending_command") != null || instance.getString("task_state") != null) return instance;
    String vm = instance.getString("vm_state");
    int power = event.powerState();
    boolean off = power == InstanceEvent.SHUTDOWN || power == InstanceEvent.CRASHED || power == InstanceEvent.NOSTATE;
    String nextVm = InstanceStatus.ACTIVE.equals(vm) && off ? InstanceStatus.STOPPED : vm;
    if (instance.getInteger("power_state", 0) == power && Objects.equals(nextVm, vm)) return instance;
    return instance.copy().put("power_state", power).put("vm_state", nextVm).put("updated", now);
  }
}
