package io.stratus.compute.kafka;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one at a time per key, in the order it was asked for: the records of one key in a
 * {@link KafkaReader}, the changes to one record of compute-api's state, and an agent's commands, power-state
 * sync and restart re-attach, which never act on one instance at the same time.
 */
public final class KeyedQueue {
  private final Map<String, Future<?>> tails = new HashMap<>();

  /** Runs {@code work} once everything queued before it for {@code key} has completed (however it completed). */
  public synchronized <T> Future<T> run(String key, Supplier<Future<T>> work) {
    Future<?> before = tails.getOrDefault(key, Future.succeededFuture());
    Future<T> mine = before.transform(ignored -> {
      try {
        return work.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    tails.put(key, mine);
    mine.onComplete(ar -> forget(key, mine));
    return mine;
  }

  private synchronized void forget(String key, Future<?> done) {
    tails.remove(key, done);
  }
}
