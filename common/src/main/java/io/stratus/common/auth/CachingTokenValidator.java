package io.stratus.common.auth;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A bounded, least-recently-used cache of validated tokens in front of another validator. An entry
 * lives for at most the TTL (so a revocation reaches this cache within it even when no revocation
 * event does) and never past the token's own expiry. Only successful validations are cached.
 *
 * <p>Revocation events remove entries at once ({@link #invalidateMatching}, a scan of at most the
 * bounded number of entries). A validation that was already on its way to the identity service when an
 * invalidation happened is answered but not cached, so it cannot bring back what was just revoked.
 */
public final class CachingTokenValidator implements TokenValidator {
  private final TokenValidator delegate;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Entry> entries;
  /** Counts invalidations; a miss that saw it change while in flight is not cached. Guarded by this. */
  private long generation;

  public CachingTokenValidator(TokenValidator delegate, Clock clock, int maxEntries, Duration ttl) {
    if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be positive");
    this.delegate = delegate;
    this.clock = clock;
    this.ttl = ttl;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > maxEntries;
      }
    };
  }

  @Override
  public Future<AuthContext> validate(String token) {
    Instant now = clock.instant();
    AuthContext cached = lookup(token, now);
    if (cached != null) return Future.succeededFuture(cached);
    long startedAt = generation();
    return delegate.validate(token).onSuccess(context -> store(token, context, now, startedAt));
  }

  /** Forgets a token at once. */
  public synchronized void invalidate(String token) {
    generation++;
    entries.remove(token);
  }

  /** Forgets every cached validation the predicate matches (e.g. a revocation event's); answers how many. */
  public synchronized int invalidateMatching(Predicate<AuthContext> revoked) {
    generation++;
    int removed = 0;
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      if (revoked.test(it.next().context)) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  public synchronized void invalidateAll() {
    generation++;
    entries.clear();
  }

  public synchronized int size() {
    return entries.size();
  }

  private synchronized AuthContext lookup(String token, Instant now) {
    Entry entry = entries.get(token);
    if (entry == null) return null;
    if (!now.isBefore(entry.until)) {
      entries.remove(token);
      return null;
    }
    return entry.context;
  }

  private synchronized long generation() {
    return generation;
  }

  private synchronized void store(String token, AuthContext context, Instant now, long startedAt) {
    if (generation != startedAt) return;
    Instant until = now.plus(ttl);
    if (context.expiresAt().isBefore(until)) until = context.expiresAt();
    if (now.isBefore(until)) entries.put(token, new Entry(context, until));
  }

  /** One cached validation and the instant it stops being trusted. */
  private record Entry(AuthContext context, Instant until) {
  }
}
