package io.stratus.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachingTokenValidatorTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Counts calls; tokens starting with "bad" are invalid. */
  static final class CountingValidator implements TokenValidator {
    final Map<String, Integer> calls = new HashMap<>();
    Instant expiry = T0.plus(Duration.ofHours(1));

    @Override
    public Future<AuthContext> validate(String token) {
      calls.merge(token, 1, Integer::sum);
      if (token.startsWith("bad")) return Future.failedFuture(StratusException.unauthorized("bad"));
      return Future.succeededFuture(new AuthContext("u", "user", "default", "p", "project", null, Set.of("member"), expiry));
    }
  }

  private final TestClock clock = new TestClock();
  private final CountingValidator remote = new CountingValidator();
  private final CachingTokenValidator cache = new CachingTokenValidator(remote, clock, 2, Duration.ofSeconds(30));

  @Test
  void cachesSuccessesForTheTtl() {
    cache.validate("t1");
    cache.validate("t1");
    assertEquals(1, remote.calls.get("t1"));
    clock.now = T0.plusSeconds(30);
    cache.validate("t1");
    assertEquals(2, remote.calls.get("t1"));
  }

  @Test
  void neverPastTheTokensExpiry() {
    remote.expiry = T0.plusSeconds(5);
    cache.validate("t1");
    clock.now = T0.plusSeconds(5);
    cache.validate("t1");
    assertEquals(2, remote.calls.get("t1"));
  }

  @Test
  void failuresAreNotCached() {
    assertTrue(cache.validate("bad").failed());
    assertTrue(cache.validate("bad").failed());
    assertEquals(2, remote.calls.get("bad"));
    assertEquals(0, cache.size());
  }

  @Test
  void boundedLeastRecentlyUsed() {
    cache.validate("t1");
    cache.validate("t2");
    cache.validate("t1");
    cache.validate("t3");
    assertEquals(2, cache.size());
    cache.validate("t1");
    assertEquals(1, remote.calls.get("t1"), "t1 was used recently and kept");
    cache.validate("t2");
    assertEquals(2, remote.calls.get("t2"), "t2 was evicted");
  }

  @Test
  void invalidateForgetsAtOnce() {
    cache.validate("t1");
    cache.invalidate("t1");
    cache.validate("t1");
    assertEquals(2, remote.calls.get("t1"));
  }
}
