package io.stratus.gateway.swift;

import java.time.Clock;
import java.time.Instant;

/** The X-Timestamp the proxy gives every write, in Swift's normal form: {@code 0001700000000.12345}-style, 16 characters. */
public final class SwiftTimestamp {
  private SwiftTimestamp() {
  }

  /** Now, to Swift's 10-microsecond resolution. */
  public static String now(Clock clock) {
    Instant i = clock.instant();
    long ticks = i.getEpochSecond() * 100_000L + i.getNano() / 10_000;
    return format(ticks);
  }

  /** Ticks of 10 microseconds as {@code %016.5f} seconds. */
  public static String format(long ticks) {
    // by hand: String.format costs a Formatter and locale lookups on every PUT
    String whole = Long.toString(ticks / 100_000);
    String fraction = Long.toString(ticks % 100_000);
    StringBuilder out = new StringBuilder(16);
    for (int pad = 16 - (whole.length() + 6); pad > 0; pad--) out.append('0');
    out.append(whole).append('.');
    for (int pad = 5 - fraction.length(); pad > 0; pad--) out.append('0');
    return out.append(fraction).toString();
  }
}
