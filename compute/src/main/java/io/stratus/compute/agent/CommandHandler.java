package io.stratus.compute.agent;

import io.stratus.compute.kafka.KeyedQueue;
import io.stratus.compute.kafka.BusRecord;
import io.stratus.compute.message.Command;
import io.stratus.compute.message.InstanceEvent;
import io.stratus.compute.message.InstanceSpec;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the commands of this host's command topic, one instance at a time. A command is done once:
 * its seq and the event it was answered with go into the instance's record on disk before the event is
 * sent, so the same command delivered again is answered with the same event and not done again. Every
 * command gets an event (DONE, FAILED or CONSOLE); a record that is no command at all is logged and skipped.
 * The handler's future fails only when the host could not record or send the outcome; the reader then
 * delivers the command again.
 */
public final class CommandHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

  private final InstanceStore store;
  private final InstanceBuilder builder;
  private final PowerActions power;
  private final EventPublisher events;
  private final KeyedQueue queue;
  private final WorkerExecutor files;
  private final Clock clock;
  private final String host;

  CommandHandler(InstanceStore store, InstanceBuilder builder, PowerActions power, EventPublisher events, KeyedQueue queue,
      WorkerExecutor files, Clock clock, String host) {
    this.store = store;
    this.builder = builder;
    this.power = power;
    this.events = events;
    this.queue = queue;
    this.files = files;
    this.clock = clock;
    this.host = host;
  }

  /** The command topic's record handler. */
  public Future<Void> handle(BusRecord record) {
    Command command;
    try {
      command = Command.fromJson(new JsonObject(record.value()));
      if (!InstanceStore.validId(command.instanceId())) throw new IllegalArgumentException("bad instance id " + command.instanceId());
    } catch (RuntimeException e) {
      LOG.error("Skipping record {}@{} of {}: not a valid command ({})", record.key(), record.offset(), record.topic(), e.getMessage());
      return Future.succeededFuture();
    }
    if (!host.equals(command.host())) LOG.warn("Command {} names host {}, but it came to {}", command.id(), command.host(), host);
    return queue.run(command.instanceId(), () -> apply(command));
  }

  private Future<Void> apply(Command c) {
    InstanceRecord live = store.get(c.instanceId());
    InstanceRecord known = live != null ? live : store.tombstone(c.instanceId());
    if (c.action() != Command.Action.CONSOLE && known != null && c.seq() <= known.lastSeq()) return replay(known, c);
    LOG.info("{} {} (seq {}, command {})", c.action(), c.instanceId(), c.seq(), c.id());
    return switch (c.action()) {
      case BUILD -> build(c, live);
      case STOP -> live == null || live.domain() == null ? unknown(c, known) : stop(c, live);
      case START -> live == null || live.domain() == null ? unknown(c, known) : start(c, live);
      case REBOOT -> live == null || live.domain() == null ? unknown(c, known) : reboot(c, live);
      case DELETE -> delete(c, live);
      case CONSOLE -> live == null ? unknown(c, known) : console(c, live);
    };
  }

  /** A command seen before: its outcome again (a lost event is recovered), nothing done. */
  private Future<Void> replay(InstanceRecord known, Command c) {
    InstanceEvent previous = known.outcome(c.seq());
    if (previous == null) {
      LOG.info("{} {} (seq {}) is older than the outcomes kept (last seq {}); skipped", c.action(), c.instanceId(), c.seq(),
          known.lastSeq());
      return Future.succeededFuture();
    }
    LOG.info("{} {} (seq {}) was done already; its outcome is sent again", c.action(), c.instanceId(), c.seq());
    return events.publish(previous);
  }

  private Future<Void> build(Command c, InstanceRecord live) {
    long now = clock.millis();
    InstanceRecord base = (live == null ? InstanceRecord.fresh(c.instanceId(), now) : live).withState("building",
        InstanceEvent.NOSTATE, now);
    InstanceSpec spec;
    try {
      spec = InstanceSpec.fromJson(c.spec());
    } catch (RuntimeException e) {
      return finish(base, c, events.failed(c, "error", InstanceEvent.NOSTATE,
          InstanceFault.fault(400, "The build command carries no valid instance spec", e.getMessage())));
    }
    return store.save(base)
        .compose(v -> builder.build(c.instanceId(), spec, store.dir(c.instanceId())).transform(built -> {
          if (built.succeeded()) {
            return finish(base.withDomain(built.result()), c, events.done(c, "active", InstanceEvent.RUNNING));
          }
          LOG.warn("Build of {} failed: {}", c.instanceId(), built.cause().getMessage());
          return builder.cleanUp(c.instanceId())
              .compose(v2 -> finish(base.withDomain(null), c, events.failed(c, "error", InstanceEvent.NOSTATE, fault(built.cause()))));
        }));
  }

  private Future<Void> stop(Command c, InstanceRecord live) {
    return outcome(c, live, power.stop(live.domain()), "stopped", InstanceEvent.SHUTDOWN);
  }

  private Future<Void> start(Command c, InstanceRecord live) {
    return outcome(c, live, power.start(live.domain()), "active", InstanceEvent.RUNNING);
  }

  private Future<Void> reboot(Command c, InstanceRecord live) {
    boolean hard = "HARD".equalsIgnoreCase(c.spec().getString("type", "SOFT"));
    return outcome(c, live, power.reboot(live.domain(), hard), "active", InstanceEvent.RUNNING);
  }

  /** DONE in the given state when the action succeeded; else FAILED in the state the domain is really in. */
  private Future<Void> outcome(Command c, InstanceRecord live, Future<Void> action, String vmState, int powerState) {
    return action.transform(done -> {
      if (done.succeeded()) return finish(live, c, events.done(c, vmState, powerState));
      LOG.warn("{} of {} failed: {}", c.action(), c.instanceId(), done.cause().getMessage());
      return power.state(live.domain().uuid()).transform(state -> {
        int now = state.succeeded() ? state.result() : live.powerState();
        String vm = now == InstanceEvent.RUNNING ? "active" : now == InstanceEvent.PAUSED ? live.vmState() : "stopped";
        return finish(live, c, events.failed(c, vm, now, fault(done.cause())));
      });
    });
  }

  private Future<Void> delete(Command c, InstanceRecord live) {
    InstanceRecord base = live != null ? live : InstanceRecord.fresh(c.instanceId(), clock.millis());
    InstanceEvent event = events.done(c, "deleted", InstanceEvent.NOSTATE);
    return power.remove(c.instanceId())
        .compose(v -> store.delete(base.applied(c.seq(), event, clock.millis())))
        .compose(v -> events.publish(event));
  }

  private Future<Void> console(Command c, InstanceRecord live) {
    Integer lines = c.spec().getInteger("length");
    java.nio.file.Path log = live.domain() != null ? live.domain().consoleLog() : store.dir(live.id()).resolve("console.log");
    return files.executeBlocking(() -> ConsoleLog.tail(log, lines), false)
        .compose(output -> {
          Future<Void> seen = c.seq() > live.lastSeq() ? store.save(live.seen(c.seq(), clock.millis())) : Future.succeededFuture();
          return seen.compose(v -> events.publish(events.console(c, output)));
        });
  }

  /** A command for an instance this host does not have (or that never got a domain). */
  private Future<Void> unknown(Command c, InstanceRecord known) {
    String vmState = known == null ? null : known.vmState();
    JsonObject fault = known != null && known.deleted()
        ? InstanceFault.fault(404, "Instance " + c.instanceId() + " was deleted", null)
        : known != null ? InstanceFault.fault(409, "Instance " + c.instanceId() + " has no domain (its build failed)", null)
        : InstanceFault.fault(404, "Instance " + c.instanceId() + " could not be found on host " + host, null);
    InstanceEvent event = events.failed(c, vmState, known == null ? InstanceEvent.NOSTATE : known.powerState(), fault);
    if (known == null || known.deleted()) return events.publish(event);
    return finish(known, c, event);
  }

  /** Records the command's outcome durably, then sends it. */
  private Future<Void> finish(InstanceRecord base, Command c, InstanceEvent event) {
    LOG.info("{} {} (seq {}): {} {}/{}{}", c.action(), c.instanceId(), c.seq(), event.kind(), event.vmState(), event.powerState(),
        event.fault() == null ? "" : " " + event.fault().getString("message"));
    return store.save(base.applied(c.seq(), event, clock.millis())).compose(v -> events.publish(event));
  }

  private static JsonObject fault(Throwable cause) {
    if (cause instanceof InstanceFault f) return f.toJson();
    return InstanceFault.fault(500, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
        cause.getClass().getName());
  }
}
