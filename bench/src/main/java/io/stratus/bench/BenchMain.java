package io.stratus.bench;

import io.stratus.bench.cli.BenchConfig;
import io.stratus.bench.cli.CliArgs;
import io.stratus.bench.report.HtmlReport;
import io.stratus.bench.report.HtmlReport.NamedRun;
import io.stratus.bench.report.ResultsJson;
import io.stratus.bench.report.RunResult;
import io.stratus.bench.report.TextSummary;
import io.stratus.bench.run.BenchRun;
import io.stratus.bench.run.CompareRunner;
import io.stratus.bench.run.NanoClock;
import io.stratus.bench.workload.Workloads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code bench}: {@code run} (one workload), {@code compare} (two endpoints in
 * alternating rounds) and {@code report} (HTML from results files).
 */
public final class BenchMain {

  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  BenchMain(PrintStream out, PrintStream err, Clock clock) {
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    System.exit(new BenchMain(System.out, System.err, Clock.systemUTC()).execute(Arrays.asList(args)));
  }

  /** Runs a command for another launcher ({@code stratus bench ...}); returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return new BenchMain(out, err, Clock.systemUTC()).execute(Arrays.asList(args));
  }

  /** Runs a command; returns the exit status (0 ok, 1 failed, 2 usage). */
  int execute(List<String> args) {
    if (args.isEmpty() || args.get(0).equals("help") || args.contains("--help") || args.contains("-h")) {
      out.print(usage());
      return args.isEmpty() ? 2 : 0;
    }
    String command = args.get(0).startsWith("--") ? "run" : args.get(0);
    List<String> rest = args.get(0).startsWith("--") ? args : args.subList(1, args.size());
    try {
      return switch (command) {
        case "run" -> run(rest);
        case "compare" -> compare(rest);
        case "report" -> report(rest);
        default -> {
          err.println("unknown command " + command + "\n" + usage());
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      err.println("bench: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      err.println("bench: failed: " + cause.getMessage());
      return 1;
    }
  }

  private int run(List<String> argv) throws Exception {
    CliArgs args = CliArgs.parse(argv);
    BenchConfig config = BenchConfig.from(args);
    RunResult result = runOnce(config, argv);
    out.print(TextSummary.format(result));
    if (!config.out().isEmpty()) {
      ResultsJson.write(result, Path.of(config.out()));
      out.println("results: " + config.out());
    }
    if (!config.html().isEmpty()) {
      String name = config.label().isEmpty() ? config.workload() : config.label();
      writeHtml(Path.of(config.html()), List.of(new NamedRun(name, result)));
    }
    return 0;
  }

  private RunResult runOnce(BenchConfig config, List<String> argv) throws Exception {
    String runId = Long.toString(clock.millis(), 36);
    return new BenchRun(config, Workloads.create(config, clock, runId), NanoClock.SYSTEM, clock, err, argv).run();
  }

  private int compare(List<String> argv) throws Exception {
    CliArgs args = CliArgs.parse(argv);
    BenchConfig a = BenchConfig.from(args.side("a"));
    BenchConfig b = BenchConfig.from(args.side("b"));
    int rounds = Integer.parseInt(args.get("rounds"));
    String outDir = args.get("out-dir");
    List<NamedRun> named = new ArrayList<>();
    CompareRunner.Rounds result = CompareRunner.run(a, b, rounds, (side, round, config) -> {
      err.printf("== compare round %d/%d: %s%n", round, rounds, side);
      RunResult r = runOnce(config, argv);
      out.print(side + " round " + round + ": " + TextSummary.format(r));
      if (!outDir.isEmpty()) {
        ResultsJson.write(r, Path.of(outDir, "compare-" + side + "-r" + round + ".json"));
      }
      named.add(new NamedRun(side + "-r" + round, r));
      return r;
    });
    out.print(CompareRunner.table(result));
    if (!args.get("html").isEmpty()) {
      writeHtml(Path.of(args.get("html")), named);
    }
    return 0;
  }

  private int report(List<String> argv) throws IOException {
    List<Path> inputs = new ArrayList<>();
    Path output = Path.of("report.html");
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      if ((a.equals("-o") || a.equals("--out")) && i + 1 < argv.size()) {
        output = Path.of(argv.get(++i));
      } else {
        inputs.add(Path.of(a));
      }
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("report needs one or more results files");
    }
    List<NamedRun> runs = new ArrayList<>();
    for (Path p : inputs) {
      runs.add(new NamedRun(p.getFileName().toString().replaceFirst("\\.json$", ""), ResultsJson.read(p)));
    }
    writeHtml(output, runs);
    return 0;
  }

  private void writeHtml(Path file, List<NamedRun> runs) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, HtmlReport.render("Stratus bench report", runs, clock.instant().toString()));
    out.println("report: " + file);
  }

  private static String usage() {
    return """
        usage: bench run [options]            run one workload (the command may be omitted)
               bench compare [options]        run it against A and B in rounds; --a.NAME/--b.NAME per side
               bench report RUN.json... -o report.html
        options:
        """ + CliArgs.help();
  }
}
