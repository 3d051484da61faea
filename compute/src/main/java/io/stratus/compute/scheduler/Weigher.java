package io.stratus.compute.scheduler;

import java.util.Comparator;
import java.util.Locale;

/** How the scheduler orders the hosts that fit: spread (most free RAM first, Nova's default) or pack (least). */
public enum Weigher {
  SPREAD,
  PACK;

  public static Weigher parse(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  /** Best host first; ties go to the host whose name sorts first, so a choice is repeatable. */
  Comparator<Scheduler.Candidate> order() {
    Comparator<Scheduler.Candidate> byFreeRam = Comparator.comparingDouble(Scheduler.Candidate::freeRamMb);
    Comparator<Scheduler.Candidate> best = this == SPREAD ? byFreeRam.reversed() : byFreeRam;
    return best.thenComparing(Scheduler.Candidate::host);
  }
}
