package io.stratus.bench.run;

import io.stratus.bench.cli.BenchConfig;
import io.stratus.bench.report.RunResult;
import io.stratus.bench.report.RunResult.OpSummary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Compare mode: the same workload against endpoints A and B in alternating rounds (A, B, A, B, ...)
 * so drift of the machine hits both alike, then the median of each metric per side and the
 * ratio B/A.
 */
public final class CompareRunner {

  /** Runs one side once; returns its results. */
  @FunctionalInterface
  public interface SideRunner {
    /** Runs {@code config} as round {@code round} of side {@code side} ("A" or "B"). */
    RunResult run(String side, int round, BenchConfig config) throws Exception;
  }

  /** The results of all rounds. */
  public record Rounds(List<RunResult> a, List<RunResult> b) {}

  private CompareRunner() {
  }

  /** Runs {@code rounds} rounds; cleanup (if configured) happens only in the last round. */
  public static Rounds run(BenchConfig a, BenchConfig b, int rounds, SideRunner runner) throws Exception {
    List<RunResult> ra = new ArrayList<>();
    List<RunResult> rb = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      boolean last = round == rounds;
      ra.add(runner.run("A", round, a.withCleanup(last && a.cleanup())));
      rb.add(runner.run("B", round, b.withCleanup(last && b.cleanup())));
    }
    return new Rounds(ra, rb);
  }

  /** The comparison table: per operation and metric, the medians of A and B and B/A. */
  public static String table(Rounds rounds) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "A: %s%nB: %s%nrounds: %d (medians)%n",
        rounds.a().get(0).run().target(), rounds.b().get(0).run().target(), rounds.a().size()));
    sb.append(String.format(Locale.ROOT, "%-10s %-10s %12s %12s %8s%n", "op", "metric", "A", "B", "B/A"));
    Set<String> ops = new LinkedHashSet<>(rounds.a().get(0).ops().keySet());
    ops.addAll(rounds.b().get(0).ops().keySet());
    if (ops.size() > 1) {
      ops.add("total");
    }
    for (String op : ops) {
      row(sb, op, "ops/s", rounds, op, OpSummary::opsPerSec);
      row(sb, op, "MiB/s", rounds, op, OpSummary::mibPerSec);
      row(sb, op, "p50 ms", rounds, op, s -> s.latencyMs().p50());
      row(sb, op, "p99 ms", rounds, op, s -> s.latencyMs().p99());
      row(sb, op, "errors", rounds, op, s -> s.errors());
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String label, String metric, Rounds rounds, String op,
      ToDoubleFunction<OpSummary> f) {
    double a = median(rounds.a(), op, f);
    double b = median(rounds.b(), op, f);
    String ratio = a > 0 ? String.format(Locale.ROOT, "%8.3f", b / a) : "       -";
    sb.append(String.format(Locale.ROOT, "%-10s %-10s %12.2f %12.2f %s%n", label, metric, a, b, ratio));
  }

  /** The median of a metric of one operation over rounds (0 if the operation never ran). */
  static double median(List<RunResult> runs, String op, ToDoubleFunction<OpSummary> f) {
    double[] v = runs.stream()
        .map(r -> op.equals("total") ? r.total() : r.ops().get(op))
        .filter(s -> s != null)
        .mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return 0;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
