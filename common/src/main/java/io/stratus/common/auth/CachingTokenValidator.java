package io.stratus.common.auth;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, least-recently-used cache of validated tokens in front of another validator. An entry
 * lives for at most the TTL (so a revocation reaches this cache within it) and never past the token's
 * own expiry. Only successful validations are cached.
 */
public final class CachingTokenValidator implements TokenValidator {
  private final TokenValidator delegate;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Entry> entries;

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
    return delegate.validate(token).onSuccess(context -> store(token, context, now));
  }

  /** Forgets a token at once, e.g. when a revocation event for it arrives. */
  public synchronized void invalidate(String token) {
    entries.remove(token);
  }

  public synchronized void invalidateAll() {
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

  private synchronized void store(String token, AuthContext context, Instant now) {
    Instant until = now.plus(ttl);
    if (context.expiresAt().isBefore(until)) until = context.expiresAt();
    if (now.isBefore(until)) entries.put(token, new Entry(context, until));
  }

  /** One cached validation and the instant it stops being trusted. */
  private record Entry(AuthContext context, Instant until) {
  }
}
