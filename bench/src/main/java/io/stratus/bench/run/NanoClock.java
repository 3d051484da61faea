package io.stratus.bench.run;

/** The monotonic clock that measurements read; injected so tests can drive time. */
@FunctionalInterface
public interface NanoClock {

  /** The system's monotonic clock. */
  NanoClock SYSTEM = System::nanoTime;

  /** Current monotonic time in nanoseconds. */
  long nanoTime();
}
