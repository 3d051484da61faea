package io.stratus.ring;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand, so that time-dependent rules run without waiting. */
public final class MutableClock implements InstantSource {

  private Instant now;

  public MutableClock(Instant start) {
    this.now = start;
  }

  /** A clock at a fixed, arbitrary start. */
  public static MutableClock start() {
    return new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  }

  public void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
