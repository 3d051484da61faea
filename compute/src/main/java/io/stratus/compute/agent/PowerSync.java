package io.stratus.compute.agent;

import io.stratus.compute.kafka.KeyedQueue;
import io.stratus.compute.message.InstanceEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the records honest about what the hypervisor really runs (Nova's {@code _sync_power_states}): compares
 * every built instance's recorded power state with its domain's, and on a difference records the new state and
 * sends a POWER_STATE event (a guest that powered itself off becomes stopped, power state 4). Runs every
 * power-sync interval and, coalesced, whenever libvirt reports a lifecycle change. At start it also re-attaches:
 * a domain the hypervisor forgot (the test driver keeps none across connections) is defined again and, if the
 * record says it was running, booted; a domain that is still there is left as it is (a guest that went down
 * while the agent was away is reported stopped by the sync, not booted behind its owner's back).
 */
final class PowerSync {
  private static final Logger LOG = LoggerFactory.getLogger(PowerSync.class);

  private final Context context;
  private final InstanceStore store;
  private final PowerActions power;
  private final Hypervisor hypervisor;
  private final EventPublisher events;
  private final KeyedQueue queue;
  private final Clock clock;
  private boolean syncing;
  private boolean again;

  PowerSync(Context context, InstanceStore store, PowerActions power, Hypervisor hypervisor, EventPublisher events,
      KeyedQueue queue, Clock clock) {
    this.context = context;
    this.store = store;
    this.power = power;
    this.hypervisor = hypervisor;
    this.events = events;
    this.queue = queue;
    this.clock = clock;
  }

  /** Defines the domains the hypervisor lacks and boots those recorded as running; never fails. */
  Future<Void> reattach() {
    List<Future<Void>> all = new ArrayList<>();
    for (InstanceRecord record : store.all()) {
      if (!tracked(record)) continue;
      all.add(queue.run(record.id(), () -> hypervisor.powerState(record.id()).compose(found -> {
        if (found != Hypervisor.NO_DOMAIN) return Future.succeededFuture(); // still there: the sync reports what it does
        LOG.info("Instance {} has no domain any more; defining it again{}", record.id(),
            record.powerState() == InstanceEvent.RUNNING ? " and booting it (it was running)" : "");
        Future<Void> defined = hypervisor.define(record.domain());
        return record.powerState() != InstanceEvent.RUNNING ? defined : defined.compose(v -> hypervisor.start(record.id()));
      })).onFailure(e -> LOG.error("Re-attaching instance {} failed: {}", record.id(), e.getMessage())));
    }
    return Future.join(all).otherwiseEmpty().mapEmpty();
  }

  /** Asks for a sync from any thread; one runs at a time, and one more after it when asked meanwhile. */
  void soon() {
    context.runOnContext(v -> trigger());
  }

  private void trigger() {
    if (syncing) {
      again = true;
      return;
    }
    syncing = true;
    syncAll().onComplete(ar -> {
      if (ar.failed()) LOG.warn("Power-state sync failed: {}", ar.cause().getMessage());
      syncing = false;
      if (again) {
        again = false;
        trigger();
      }
    });
  }

  /** One pass over every built instance. */
  Future<Void> syncAll() {
    return hypervisor.powerStates().compose(states -> {
      List<Future<Void>> changes = new ArrayList<>();
      for (InstanceRecord record : store.all()) {
        if (tracked(record) && actual(states, record.id()) != record.powerState()) {
          changes.add(queue.run(record.id(), () -> syncOne(record.id())));
        }
      }
      return Future.join(changes).mapEmpty();
    });
  }

  /** Compares once more inside the instance's queue (a command may have changed it meanwhile). */
  private Future<Void> syncOne(String id) {
    InstanceRecord record = store.get(id);
    if (record == null || !tracked(record)) return Future.succeededFuture();
    return power.state(id).compose(now -> {
      if (now == record.powerState()) return Future.succeededFuture();
      InstanceRecord changed = record.withState(vmState(record.vmState(), now), now, clock.millis());
      LOG.info("Instance {} is now {} (power state {}, was {})", id, changed.vmState(), now, record.powerState());
      return store.save(changed).compose(v -> events.publish(events.powerState(changed)));
    });
  }

  private static int actual(Map<String, Integer> states, String id) {
    return states.getOrDefault(id.toLowerCase(Locale.ROOT), InstanceEvent.NOSTATE);
  }

  /** Instances whose power state the sync watches: built, and not in the middle of a build. */
  private static boolean tracked(InstanceRecord record) {
    return record.domain() != null && !record.deleted() && !"building".equals(record.vmState())
        && !"error".equals(record.vmState());
  }

  /** Nova's vm_state for a power state that changed by itself. */
  static String vmState(String before, int powerState) {
    return switch (powerState) {
      case InstanceEvent.RUNNING -> "active";
      case InstanceEvent.SHUTDOWN, InstanceEvent.CRASHED, InstanceEvent.NOSTATE -> "stopped";
      default -> before;
    };
  }
}
