package io.stratus.objectserver.updater;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/** Waits for work up to a deadline, as Swift waits container_update_timeout for its updates. */
public final class Within {
  private Within() {
  }

  /** Completes when {@code work} completes (either way) or when {@code limit} has passed. */
  public static Future<Void> wait(Vertx vertx, Future<?> work, Duration limit) {
    if (work.isComplete()) return Future.succeededFuture();
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, limit.toMillis()), id -> done.tryComplete());
    work.onComplete(ar -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future();
  }
}
