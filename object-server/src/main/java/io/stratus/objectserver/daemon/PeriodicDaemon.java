package io.stratus.objectserver.daemon;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * A storage-node daemon: its pass runs every interval in production and on demand in tests, never
 * overlapping itself (a pass asked for while one runs answers the idle result).
 *
 * @param <P> what a pass reports
 */
public abstract class PeriodicDaemon<P> {
  private final DaemonTimer timer;
  private final P idle;

  protected PeriodicDaemon(Vertx vertx, String name, P idle) {
    this.timer = new DaemonTimer(vertx, name);
    this.idle = idle;
  }

  /** One pass over every local device; answers the idle result if one is already running. */
  public final Future<P> runOnce() {
    return timer.guard(this::pass, idle);
  }

  /** Runs a pass every {@code interval}; zero means never. */
  public final void start(Duration interval) {
    timer.start(interval, this::runOnce);
  }

  public final void stop() {
    timer.stop();
  }

  /** One pass. */
  protected abstract Future<P> pass();
}
