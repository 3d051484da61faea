package io.stratus.gateway.proxy;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A short-lived, bounded memory of whether accounts and containers exist (Swift's account_info and
 * container_info caching): the status of the last HEAD of a path, kept for the TTL. Writes through
 * this gateway invalidate their path.
 */
public final class InfoCache {
  private final Clock clock;
  private final long ttlMillis;
  private final Map<String, Entry> entries;

  public InfoCache(Clock clock, Duration ttl, int maxEntries) {
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The cached status of the path, or null. */
  public synchronized Integer get(String path) {
    Entry e = entries.get(path);
    if (e == null) return null;
    if (clock.millis() >= e.until) {
      entries.remove(path);
      return null;
    }
    return e.status;
  }

  /** Remembers a definite answer (2xx or 404); anything else is not cached. */
  public synchronized void put(String path, int status) {
    if (ttlMillis <= 0 || !(status / 100 == 2 || status == 404)) return;
    entries.put(path, new Entry(status, clock.millis() + ttlMillis));
  }

  public synchronized void invalidate(String path) {
    entries.remove(path);
  }

  /** One cached status and when it goes stale. */
  private record Entry(int status, long until) {
  }
}
