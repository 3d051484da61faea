package io.stratus.objectserver.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Responses a storage node has finished, by status code: for metrics and for tests that wait on them. */
public final class ResponseCounts {
  private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final LongAdder named = new LongAdder();

  void record(int status) {
    byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  void recordNamed() {
    named.increment();
  }

  /** How many whole bodies the node named to a caller on this machine instead of sending them. */
  public long namedBodies() {
    return named.sum();
  }

  /** How many responses with {@code status} the node has sent (or, for a gone client, decided on). */
  public long count(int status) {
    LongAdder n = byStatus.get(status);
    return n == null ? 0 : n.sum();
  }
}
