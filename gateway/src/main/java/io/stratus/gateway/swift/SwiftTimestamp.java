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
    String s = (ticks / 100_000) + "." + String.format("%05d", ticks % 100_000);
    return s.length() >= 16 ? s : "0".repeat(16 - s.length()) + s;
  }
}
