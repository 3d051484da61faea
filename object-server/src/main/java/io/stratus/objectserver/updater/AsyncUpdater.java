package io.stratus.objectserver.updater;

import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.store.PendingStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swift's object-updater for this node: sends every async pending of every device again and
 * deletes the ones a node accepted. Runs when triggered ({@link #runOnce()}) and, once started,
 * every interval; a sweep never overlaps the previous one.
 */
public final class AsyncUpdater {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncUpdater.class);
  private static final int BATCH = 100;

  /** What one sweep did. */
  public record Sweep(int attempted, int delivered) {
    Sweep plus(Sweep o) {
      return new Sweep(attempted + o.attempted, delivered + o.delivered);
    }
  }

  private final Vertx vertx;
  private final List<DeviceStore> devices;
  private final UpdateClient client;
  private final AtomicBoolean running = new AtomicBoolean();
  private long timer = -1;

  public AsyncUpdater(Vertx vertx, List<DeviceStore> devices, UpdateClient client) {
    this.vertx = vertx;
    this.devices = devices;
    this.client = client;
  }

  /** Sweeps every device once; if a sweep is already running, answers an empty sweep. */
  public Future<Sweep> runOnce() {
    if (!running.compareAndSet(false, true)) return Future.succeededFuture(new Sweep(0, 0));
    Future<Sweep> all = Future.succeededFuture(new Sweep(0, 0));
    for (DeviceStore device : devices) {
      all = all.compose(total -> sweep(device.pendings(), null, new Sweep(0, 0)).map(total::plus));
    }
    return all.onComplete(ar -> running.set(false));
  }

  /** Runs a sweep every {@code interval} until stopped. */
  public void start(Duration interval) {
    timer = vertx.setPeriodic(Math.max(1, interval.toMillis()), id -> runOnce()
        .onFailure(e -> LOG.warn("Async pending sweep failed", e)));
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
  }

  private Future<Sweep> sweep(PendingStore pendings, byte[] after, Sweep sofar) {
    return pendings.scan(after, BATCH).compose(batch -> {
      if (batch.isEmpty()) return Future.succeededFuture(sofar);
      Future<Sweep> chain = Future.succeededFuture(sofar);
      for (PendingStore.Pending p : batch) {
        chain = chain.compose(s -> replay(pendings, p).map(ok -> new Sweep(s.attempted() + 1, s.delivered() + (ok ? 1 : 0))));
      }
      byte[] last = batch.get(batch.size() - 1).key();
      return chain.compose(s -> batch.size() < BATCH ? Future.succeededFuture(s) : sweep(pendings, last, s));
    });
  }

  private Future<Boolean> replay(PendingStore pendings, PendingStore.Pending p) {
    return client.send(p.update())
        .compose(status -> status >= 200 && status < 300 ? pendings.remove(p).map(true) : Future.succeededFuture(false),
            failure -> Future.succeededFuture(false));
  }
}
