package io.stratus.objectserver.daemon;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Runs async work over a list with at most N items in flight; a failed item does not stop the rest. */
public final class Bounded {
  private Bounded() {
  }

  /** Completes once every item's work has completed, successfully or not. */
  public static <T> Future<Void> forEach(List<T> items, int concurrency, Function<T, Future<?>> work) {
    if (items.isEmpty()) return Future.succeededFuture();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger lanes = new AtomicInteger(Math.min(Math.max(1, concurrency), items.size()));
    Promise<Void> done = Promise.promise();
    int n = lanes.get();
    for (int i = 0; i < n; i++) lane(items, next, work, lanes, done);
    return done.future();
  }

  private static <T> void lane(List<T> items, AtomicInteger next, Function<T, Future<?>> work, AtomicInteger lanes,
      Promise<Void> done) {
    int i = next.getAndIncrement();
    if (i >= items.size()) {
      if (lanes.decrementAndGet() == 0) done.complete();
      return;
    }
    Future<?> f;
    try {
      f = work.apply(items.get(i));
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> lane(items, next, work, lanes, done));
  }
}
