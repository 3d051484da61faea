package io.stratus.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.bench.cli.BenchConfig;
import io.stratus.bench.cli.CliArgs;
import io.stratus.bench.report.RunResult;
import io.stratus.bench.report.SampleResults;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compare alternates A and B, cleans up only in the last round and reports medians and B/A. */
class CompareRunnerTest {

  @Test
  void alternatesSidesAndPrintsRatios() throws Exception {
    CliArgs args = CliArgs.parse(List.of("--auth-url", "http://h/auth/v1.0", "--user", "u", "--key", "k",
        "--cleanup", "--b.auth-url", "http://other/auth/v1.0"));
    List<String> order = new ArrayList<>();
    CompareRunner.Rounds rounds = CompareRunner.run(BenchConfig.from(args.side("a")),
        BenchConfig.from(args.side("b")), 3, (side, round, config) -> {
          order.add(side + round + (config.cleanup() ? "c" : ""));
          return SampleResults.run(side, side.equals("A") ? 1 : 2);
        });

    assertEquals(List.of("A1", "B1", "A2", "B2", "A3c", "B3c"), order);
    String table = CompareRunner.table(rounds);
    assertTrue(table.contains("rounds: 3"), table);
    RunResult a = rounds.a().get(0);
    RunResult b = rounds.b().get(0);
    double ratio = b.ops().get("put").latencyMs().p50() / a.ops().get("put").latencyMs().p50();
    assertTrue(table.matches("(?s).*put\\s+p50 ms\\s+\\S+\\s+\\S+\\s+" + String.format("%.3f", ratio) + ".*"), table);
    assertEquals(a.ops().get("put").latencyMs().p50(),
        CompareRunner.median(List.of(a, b, a), "put", s -> s.latencyMs().p50()));
  }
}
