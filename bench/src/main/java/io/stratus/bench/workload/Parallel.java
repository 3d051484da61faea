package io.stratus.bench.workload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.LongFunction;

/**
 * Runs {@code count} asynchronous tasks with at most {@code parallelism} in flight (prepare and
 * cleanup phases); completes when all have finished and fails if any failed.
 */
public final class Parallel {

  private final long count;
  private final LongFunction<Future<?>> task;
  private final Promise<Void> done = Promise.promise();
  private long next;
  private long finished;
  private long failures;
  private Throwable firstFailure;

  private Parallel(long count, LongFunction<Future<?>> task) {
    this.count = count;
    this.task = task;
  }

  /** Starts the tasks; must be called on a Vert.x context (completions then run on it). */
  public static Future<Void> run(long count, int parallelism, LongFunction<Future<?>> task) {
    Parallel p = new Parallel(count, task);
    if (count == 0) {
      return Future.succeededFuture();
    }
    for (int i = 0; i < Math.min(parallelism, count); i++) {
      p.startNext();
    }
    return p.done.future();
  }

  private synchronized void startNext() {
    if (next >= count) {
      return;
    }
    long index = next++;
    Future<?> f;
    try {
      f = task.apply(index);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> finishOne(ar.cause()));
  }

  private void finishOne(Throwable failure) {
    synchronized (this) {
      finished++;
      if (failure != null) {
        failures++;
        firstFailure = firstFailure == null ? failure : firstFailure;
      }
      if (finished == count) {
        if (failures == 0) {
          done.complete();
        } else {
          done.fail(new IllegalStateException(failures + " of " + count + " failed; first: "
              + firstFailure.getMessage(), firstFailure));
        }
        return;
      }
    }
    startNext();
  }
}
