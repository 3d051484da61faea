package io.stratus.bench.run;

import io.stratus.bench.report.RunResult.ProcessSample;
import io.stratus.bench.report.RunResult.TimelinePoint;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The live progress line printed on stderr once a second while a run is measured. */
public final class ProgressLine {

  private final PrintStream out;
  private final String label;

  /** Progress lines for the run named {@code label}, written to {@code out}. */
  public ProgressLine(PrintStream out, String label) {
    this.out = out;
    this.label = label;
  }

  /** Formats one timeline point. */
  public static String format(String label, TimelinePoint p) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "[%s %5.0fs] %8.1f ops/s %8.2f MiB/s  p50 %7.2f ms  p99 %8.2f ms  errors %d", label, p.t(),
        p.opsPerSec(), p.mibPerSec(), p.p50Ms(), p.p99Ms(), p.errors()));
    for (Map.Entry<String, ProcessSample> e : p.processes().entrySet()) {
      sb.append(String.format(Locale.ROOT, " | %s cpu %.0f%% rss %.0f MiB", e.getKey(),
          e.getValue().cpuPct(), e.getValue().rssMib()));
    }
    return sb.toString();
  }

  /** Prints one point. */
  public void print(TimelinePoint p) {
    out.println(format(label, p));
    out.flush();
  }
}
