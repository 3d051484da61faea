package io.stratus.gateway.http;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request ids in Swift's shape: {@code tx<32 hex>-<10 hex of the epoch second>}. The gateway makes
 * one per request and returns it as X-Trans-Id and X-Openstack-Request-Id and sends it on every
 * backend request.
 */
public final class TransId {
  /** What a valid id looks like. */
  public static final Pattern FORMAT = Pattern.compile("tx[0-9a-f]{32}-[0-9a-f]{10}");

  private TransId() {
  }

  public static String next(Clock clock) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return String.format("tx%016x%016x-%010x", r.nextLong(), r.nextLong(), clock.millis() / 1000);
  }
}
