package io.stratus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.bench.report.ResultsJson;
import io.stratus.bench.report.SampleResults;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: report from results files, help, and usage errors. */
class BenchMainTest {

  @TempDir
  Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final BenchMain main = new BenchMain(new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8),
      Clock.fixed(Instant.parse("2026-02-03T04:05:06Z"), ZoneOffset.UTC));

  @Test
  void reportComparesResultsFiles() throws Exception {
    ResultsJson.write(SampleResults.run("a", 1), dir.resolve("run1.json"));
    ResultsJson.write(SampleResults.run("b", 2), dir.resolve("run2.json"));
    Path html = dir.resolve("out/report.html");

    int status = main.execute(List.of("report", dir.resolve("run1.json").toString(),
        dir.resolve("run2.json").toString(), "-o", html.toString()));

    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    String text = Files.readString(html);
    assertTrue(text.contains(">run1<") && text.contains(">run2<"));
    assertTrue(text.contains("2026-02-03T04:05:06Z"));
  }

  @Test
  void helpAndUsageErrors() {
    assertEquals(0, main.execute(List.of("help")));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--concurrency"));
    assertEquals(2, main.execute(List.of("run", "--bogus", "1")));
    assertEquals(2, main.execute(List.of("run", "--workload", "ftp")));
    assertEquals(2, main.execute(List.of("report")));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --bogus"));
  }

  @Test
  void unreachableEndpointFailsWithAMessage() {
    int status = main.execute(List.of("run", "--auth-url", "http://127.0.0.1:1/auth/v1.0", "--user", "a:b",
        "--key", "k", "--duration", "1s", "--quiet", "--timeout", "2s"));
    assertEquals(1, status);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("failed"), err.toString(StandardCharsets.UTF_8));
  }
}
