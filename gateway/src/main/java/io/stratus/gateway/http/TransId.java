package io.stratus.gateway.http;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Request ids exactly as Swift's {@code generate_trans_id}: {@code 'tx%s-%010x' % (uuid4().hex[:21],
 * time())}, i.e. "tx", the first 21 hex digits of a random (version 4) UUID, a dash and the epoch
 * second as 10 hex digits. The gateway makes one per request and returns it as X-Trans-Id and
 * X-Openstack-Request-Id and sends it on every backend request.
 */
public final class TransId {
  /** What a valid id looks like: the 13th hex digit is the UUID's version, 4; the 17th its variant. */
  public static final Pattern FORMAT = Pattern.compile("tx[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{4}-[0-9a-f]{10}");

  private TransId() {
  }

  public static String next(Clock clock) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    // A uuid4's hex: 12 random digits, the version 4, 3 random, the variant (8-b), then the rest.
    long msb = r.nextLong() & ~0xF000L | 0x4000L;
    long lsb = r.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
    String hex = String.format("%016x%016x", msb, lsb);
    return "tx" + hex.substring(0, 21) + String.format("-%010x", clock.millis() / 1000);
  }
}
