package io.stratus.objectserver.daemon;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a daemon's pass every interval in production; tests call the pass themselves. A pass never
 * overlaps the previous one: {@link #guard} answers the empty result while one is running.
 */
public final class DaemonTimer {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonTimer.class);

  private final Vertx vertx;
  private final String name;
  private final AtomicBoolean running = new AtomicBoolean();
  private long timer = -1;

  public DaemonTimer(Vertx vertx, String name) {
    this.vertx = vertx;
    this.name = name;
  }

  /** Runs {@code pass} unless a pass is running, in which case answers {@code idle}. */
  public <T> Future<T> guard(Supplier<Future<T>> pass, T idle) {
    if (!running.compareAndSet(false, true)) return Future.succeededFuture(idle);
    Future<T> f;
    try {
      f = pass.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.onComplete(ar -> running.set(false));
  }

  /** Calls {@code pass} every {@code interval} until stopped; zero means never. */
  public void start(Duration interval, Supplier<Future<?>> pass) {
    if (interval.isZero() || interval.isNegative()) return;
    timer = vertx.setPeriodic(interval.toMillis(), id -> pass.get()
        .onSuccess(result -> LOG.info("{} pass: {}", name, result))
        .onFailure(e -> LOG.warn("{} pass failed", name, e)));
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    timer = -1;
  }
}
