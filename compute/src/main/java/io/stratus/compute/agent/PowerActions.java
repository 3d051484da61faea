package io.stratus.compute.agent;

import io.stratus.compute.message.InstanceEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Stop, start, reboot and removal of an instance's domain, as Nova's libvirt driver does them: a stop asks the
 * guest to power off and pulls the plug when it has not within the shutdown timeout; a soft reboot is such a
 * graceful power-off followed by a boot when the guest went down, else a hard one (destroy, then boot); a
 * reboot of a domain that is not running boots it. A domain the hypervisor has forgotten is defined again
 * from the record first.
 */
final class PowerActions {
  private static final long POLL_MILLIS = 200;

  private final Vertx vertx;
  private final Hypervisor hypervisor;
  private final Duration shutdownTimeout;

  PowerActions(Vertx vertx, Hypervisor hypervisor, Duration shutdownTimeout) {
    this.vertx = vertx;
    this.hypervisor = hypervisor;
    this.shutdownTimeout = shutdownTimeout;
  }

  /** The domain's power state; NOSTATE when there is no domain. */
  Future<Integer> state(String uuid) {
    return hypervisor.powerState(uuid).map(s -> s == Hypervisor.NO_DOMAIN ? InstanceEvent.NOSTATE : s);
  }

  /** Defines the domain when the hypervisor does not have it; its power state (as it was found). */
  Future<Integer> ensureDefined(DomainSpec domain) {
    return hypervisor.powerState(domain.uuid()).compose(s -> s != Hypervisor.NO_DOMAIN ? Future.succeededFuture(s)
        : hypervisor.define(domain).map(InstanceEvent.SHUTDOWN));
  }

  Future<Void> stop(DomainSpec domain) {
    return ensureDefined(domain).compose(s -> s == InstanceEvent.SHUTDOWN ? Future.succeededFuture()
        : gracefulShutdown(domain.uuid()).compose(off -> off ? Future.succeededFuture() : hypervisor.destroy(domain.uuid())));
  }

  /** Asks the guest to power off; whether it did within the shutdown timeout. */
  private Future<Boolean> gracefulShutdown(String uuid) {
    return hypervisor.shutdown(uuid).compose(v -> awaitOff(uuid, System.nanoTime() + shutdownTimeout.toNanos()));
  }

  Future<Void> start(DomainSpec domain) {
    return ensureDefined(domain).compose(s -> hypervisor.start(domain.uuid()));
  }

  Future<Void> reboot(DomainSpec domain, boolean hard) {
    return ensureDefined(domain).compose(s -> {
      if (hard || s != InstanceEvent.RUNNING) return hardReboot(domain.uuid());
      return gracefulShutdown(domain.uuid())
          .compose(off -> off ? hypervisor.start(domain.uuid()) : hardReboot(domain.uuid()));
    });
  }

  private Future<Void> hardReboot(String uuid) {
    return hypervisor.destroy(uuid).compose(v -> hypervisor.start(uuid));
  }

  /** Destroys and undefines the domain, if there is one. */
  Future<Void> remove(String uuid) {
    return hypervisor.destroy(uuid).compose(v -> hypervisor.undefine(uuid));
  }

  /** Whether the domain is off (or gone) before the deadline; polls its state. */
  private Future<Boolean> awaitOff(String uuid, long deadlineNanos) {
    return hypervisor.powerState(uuid).compose(s -> {
      if (s != InstanceEvent.RUNNING && s != InstanceEvent.PAUSED) return Future.succeededFuture(true);
      if (System.nanoTime() >= deadlineNanos) return Future.succeededFuture(false);
      Promise<Boolean> later = Promise.promise();
      vertx.setTimer(POLL_MILLIS, t -> awaitOff(uuid, deadlineNanos).onComplete(later));
      return later.future();
    });
  }
}
