package io.stratus.bench.report;

import io.stratus.bench.report.RunResult.OpSummary;
import java.util.Locale;
import java.util.Map;

/** The plain-text summary printed at the end of a run. */
public final class TextSummary {

  private TextSummary() {
  }

  /** A table with one line per operation and a total line. */
  public static String format(RunResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s %s  %s  sizes %s  %s  %.1f s%n", r.workload().api(),
        r.run().target(), mixText(r.workload().mix()), r.workload().sizes(),
        r.workload().mode().equals("open") ? "rate " + r.workload().rate() + "/s" : "concurrency "
            + r.workload().concurrency(), r.run().elapsedSeconds()));
    sb.append(String.format(Locale.ROOT, "%-10s %9s %10s %9s %9s %9s %9s %9s %9s  %s%n", "op", "count",
        "ops/s", "MiB/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors"));
    for (Map.Entry<String, OpSummary> e : r.ops().entrySet()) {
      sb.append(line(e.getKey(), e.getValue()));
    }
    if (r.ops().values().stream().filter(s -> !s.isPart()).count() > 1) {
      sb.append(line("total", r.total()));
    }
    if (r.total().serviceMs() != null) {
      sb.append(String.format(Locale.ROOT, "service time (from actual send): p50 %.2f ms  p99 %.2f ms  max %.2f ms%n",
          r.total().serviceMs().p50(), r.total().serviceMs().p99(), r.total().serviceMs().max()));
    }
    if (r.processes() != null) {
      r.processes().forEach((name, p) -> sb.append(String.format(Locale.ROOT,
          "process %s (%s): cpu mean %.0f%% max %.0f%%  rss max %.0f MiB%n", name, p.match(),
          p.cpuPctMean(), p.cpuPctMax(), p.rssMibMax())));
    }
    return sb.toString();
  }

  private static String mixText(Map<String, Integer> mix) {
    StringBuilder sb = new StringBuilder();
    mix.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append(':').append(v));
    return sb.toString();
  }

  private static String line(String op, OpSummary s) {
    StringBuilder errors = new StringBuilder(Long.toString(s.errors()));
    if (s.errors() > 0) {
      errors.append(' ').append(s.errorsByStatus()).append(' ').append(s.errorsByException());
    }
    return String.format(Locale.ROOT, "%-10s %9d %10.1f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f  %s%n", op,
        s.count(), s.opsPerSec(), s.mibPerSec(), s.latencyMs().p50(), s.latencyMs().p90(),
        s.latencyMs().p99(), s.latencyMs().p999(), s.latencyMs().max(), errors);
  }
}
