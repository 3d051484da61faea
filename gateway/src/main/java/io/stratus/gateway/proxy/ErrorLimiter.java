package io.stratus.gateway.proxy;

import io.stratus.ring.Device;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Swift's error limiting: a node with {@code limit} errors within {@code interval} is skipped until
 * the interval has passed since its last error; a node that said it has no room (507) is skipped at
 * once. Thread-safe; time comes from the injected clock. It also counts every error by node, for
 * metrics.
 */
public final class ErrorLimiter {
  private final Clock clock;
  private final int limit;
  private final long intervalMillis;
  private final Map<String, Errors> nodes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> totals = new ConcurrentHashMap<>();

  public ErrorLimiter(Clock clock, int limit, Duration interval) {
    if (limit < 1) throw new IllegalArgumentException("error limit must be positive");
    this.clock = clock;
    this.limit = limit;
    this.intervalMillis = interval.toMillis();
  }

  /** Counts one error (connection failure, timeout, 5xx) against the device's node. */
  public void error(Device device) {
    totals.computeIfAbsent(key(device), k -> new LongAdder()).increment();
    nodes.computeIfAbsent(key(device), k -> new Errors()).add(clock.millis(), intervalMillis, 1);
  }

  /** Limits the device at once (Swift's {@code error_limit}, e.g. for 507 Insufficient Storage). */
  public void limitNow(Device device) {
    totals.computeIfAbsent(key(device), k -> new LongAdder()).increment();
    nodes.computeIfAbsent(key(device), k -> new Errors()).add(clock.millis(), intervalMillis, limit);
  }

  /** Whether requests should skip the device for now. */
  public boolean limited(Device device) {
    Errors e = nodes.get(key(device));
    return e != null && e.count(clock.millis(), intervalMillis) >= limit;
  }

  /** Errors counted since start, by node ({@code host:port/device}), for metrics. */
  public Map<String, Long> errorCounts() {
    Map<String, Long> counts = new java.util.HashMap<>();
    totals.forEach((k, v) -> counts.put(k, v.sum()));
    return counts;
  }

  /** How many nodes are error-limited right now. */
  public int limitedCount() {
    long now = clock.millis();
    return (int) nodes.values().stream().filter(e -> e.count(now, intervalMillis) >= limit).count();
  }

  private static String key(Device d) {
    return Device.hostForm(d.ip()) + ":" + d.port() + "/" + d.name();
  }

  /** The times of one node's recent errors. */
  private static final class Errors {
    private final Deque<Long> times = new ArrayDeque<>();

    synchronized void add(long now, long interval, int count) {
      prune(now, interval);
      for (int i = 0; i < count; i++) times.addLast(now);
      while (times.size() > 1000) times.removeFirst();
    }

    synchronized int count(long now, long interval) {
      prune(now, interval);
      return times.size();
    }

    private void prune(long now, long interval) {
      if (!times.isEmpty() && now - times.peekLast() >= interval) times.clear();
    }
  }
}
