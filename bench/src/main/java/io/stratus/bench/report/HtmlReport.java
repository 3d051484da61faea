package io.stratus.bench.report;

import io.stratus.bench.report.RunResult.Latency;
import io.stratus.bench.report.RunResult.OpSummary;
import io.stratus.bench.report.RunResult.ProcessSample;
import io.stratus.bench.report.RunResult.TimelinePoint;
import io.stratus.bench.report.SvgChart.BarGroup;
import io.stratus.bench.report.SvgChart.Series;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The HTML report of one or more runs: a single self-contained file (inline CSS and SVG, no
 * scripts or fonts from elsewhere) with summary and comparison tables, throughput and latency over
 * time, latency percentiles and server CPU/RSS; the results JSON is embedded too.
 */
public final class HtmlReport {

  /** A run and the name it has in the report (e.g. its file name). */
  public record NamedRun(String name, RunResult result) {}

  private static final String CSS = "body{font-family:sans-serif;margin:20px;color:#222}"
      + "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;"
      + "text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}.better{color:#080}"
      + ".worse{color:#b00}.chart{display:block;margin:10px 0 24px}h2{margin-top:28px}";

  private HtmlReport() {
  }

  /** Renders the report; the first run is the baseline of the ratio columns. */
  public static String render(String title, List<NamedRun> runs, String generatedAt) {
    StringBuilder sb = new StringBuilder(64 * 1024);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
        .append(Html.escape(title)).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n")
        .append("<h1>").append(Html.escape(title)).append("</h1>\n<p>Generated ")
        .append(Html.escape(generatedAt)).append(". Ratios are against the first run.</p>\n");
    runsTable(sb, runs);
    opsTable(sb, runs);
    charts(sb, runs);
    sb.append("<h2>Data</h2>\n<script type=\"application/json\" id=\"bench-data\">[");
    for (int i = 0; i < runs.size(); i++) {
      sb.append(i == 0 ? "" : ",").append("{\"name\":\"").append(Html.scriptSafeJson(runs.get(i).name()
          .replace("\\", "\\\\").replace("\"", "\\\""))).append("\",\"result\":")
          .append(Html.scriptSafeJson(ResultsJson.toJson(runs.get(i).result()))).append('}');
    }
    sb.append("]</script>\n<p>The results files are embedded above (script#bench-data).</p>\n</body>\n</html>\n");
    return sb.toString();
  }

  private static void runsTable(StringBuilder sb, List<NamedRun> runs) {
    sb.append("<h2>Runs</h2>\n<table>\n<tr><th class=\"l\">run</th><th class=\"l\">target</th>"
        + "<th class=\"l\">workload</th><th class=\"l\">started</th><th>seconds</th><th>ops/s</th>"
        + "<th>MiB/s</th><th>p50 ms</th><th>p99 ms</th><th>errors</th></tr>\n");
    for (NamedRun r : runs) {
      RunResult.WorkloadInfo w = r.result().workload();
      OpSummary t = r.result().total();
      String mode = w.mode().equals("open") ? "rate " + SvgChart.fmt(w.rate()) + "/s" : "conc " + w.concurrency();
      sb.append("<tr><td class=\"l\">").append(Html.escape(r.name())).append("</td><td class=\"l\">")
          .append(Html.escape(r.result().run().target())).append("</td><td class=\"l\">")
          .append(Html.escape(w.api() + " " + w.mix() + " " + w.sizes() + " " + mode)).append("</td><td class=\"l\">")
          .append(Html.escape(r.result().run().startedAt())).append("</td>")
          .append(cells(r.result().run().elapsedSeconds(), t.opsPerSec(), t.mibPerSec(),
              t.latencyMs().p50(), t.latencyMs().p99()))
          .append("<td>").append(t.errors()).append("</td></tr>\n");
    }
    sb.append("</table>\n");
  }

  private static void opsTable(StringBuilder sb, List<NamedRun> runs) {
    sb.append("<h2>Operations</h2>\n<table>\n<tr><th class=\"l\">op</th><th class=\"l\">run</th><th>count</th>"
        + "<th>ops/s</th><th>MiB/s</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th>"
        + "<th>max ms</th><th class=\"l\">errors</th><th>ops/s ratio</th><th>p99 ratio</th></tr>\n");
    for (String op : opNames(runs)) {
      OpSummary base = runs.get(0).result().ops().get(op);
      for (NamedRun r : runs) {
        OpSummary s = r.result().ops().get(op);
        if (s == null) {
          continue;
        }
        Latency l = s.latencyMs();
        sb.append("<tr><td class=\"l\">").append(Html.escape(op)).append("</td><td class=\"l\">")
            .append(Html.escape(r.name())).append("</td><td>").append(s.count()).append("</td>")
            .append(cells(s.opsPerSec(), s.mibPerSec(), l.p50(), l.p90(), l.p99(), l.p999(), l.max()))
            .append("<td class=\"l\">").append(Html.escape(errors(s))).append("</td>")
            .append(ratio(base == null ? 0 : base.opsPerSec(), s.opsPerSec(), true))
            .append(ratio(base == null ? 0 : base.latencyMs().p99(), l.p99(), false)).append("</tr>\n");
      }
    }
    sb.append("</table>\n");
  }

  private static String errors(OpSummary s) {
    if (s.errors() == 0) {
      return "0";
    }
    List<String> parts = new ArrayList<>();
    s.errorsByStatus().forEach((k, v) -> parts.add(k + "\u00d7" + v));
    s.errorsByException().forEach((k, v) -> parts.add(k + "\u00d7" + v));
    return s.errors() + " (" + String.join(", ", parts) + ")";
  }

  private static String ratio(double base, double value, boolean higherIsBetter) {
    if (base <= 0) {
      return "<td>-</td>";
    }
    double r = value / base;
    String cls = Math.abs(r - 1) < 0.05 ? "" : (r > 1) == higherIsBetter ? " class=\"better\"" : " class=\"worse\"";
    return String.format(Locale.ROOT, "<td%s>%.2f</td>", cls, r);
  }

  private static String cells(double... values) {
    StringBuilder sb = new StringBuilder();
    for (double v : values) {
      sb.append("<td>").append(SvgChart.fmt(v)).append("</td>");
    }
    return sb.toString();
  }

  private static Set<String> opNames(List<NamedRun> runs) {
    Set<String> names = new LinkedHashSet<>();
    runs.forEach(r -> names.addAll(r.result().ops().keySet()));
    return names;
  }

  private static void charts(StringBuilder sb, List<NamedRun> runs) {
    sb.append("<h2>Throughput over time</h2>\n")
        .append(SvgChart.lines("Operations per second", "seconds", "ops/s", series(runs, TimelinePoint::opsPerSec)))
        .append(SvgChart.lines("MiB per second", "seconds", "MiB/s", series(runs, TimelinePoint::mibPerSec)))
        .append("<h2>Latency</h2>\n")
        .append(SvgChart.lines("p99 latency per second", "seconds", "ms", series(runs, TimelinePoint::p99Ms)));
    List<String> names = runs.stream().map(NamedRun::name).toList();
    for (String op : opNames(runs)) {
      List<BarGroup> groups = new ArrayList<>();
      String[] labels = {"p50", "p90", "p99", "p99.9", "max"};
      for (int i = 0; i < labels.length; i++) {
        double[] values = new double[runs.size()];
        for (int r = 0; r < runs.size(); r++) {
          OpSummary s = runs.get(r).result().ops().get(op);
          values[r] = s == null ? 0 : percentile(s.latencyMs(), i);
        }
        groups.add(new BarGroup(labels[i], values));
      }
      sb.append(SvgChart.bars("Latency percentiles: " + op, "ms", names, groups));
    }
    processCharts(sb, runs);
  }

  private static double percentile(Latency l, int i) {
    return switch (i) {
      case 0 -> l.p50();
      case 1 -> l.p90();
      case 2 -> l.p99();
      case 3 -> l.p999();
      default -> l.max();
    };
  }

  private static void processCharts(StringBuilder sb, List<NamedRun> runs) {
    List<Series> cpu = new ArrayList<>();
    List<Series> rss = new ArrayList<>();
    for (NamedRun r : runs) {
      if (r.result().processes() == null) {
        continue;
      }
      for (String group : r.result().processes().keySet()) {
        List<TimelinePoint> tl = r.result().timeline();
        cpu.add(series(r.name() + " " + group, tl, p -> sample(p, group).cpuPct()));
        rss.add(series(r.name() + " " + group, tl, p -> sample(p, group).rssMib()));
      }
    }
    if (!cpu.isEmpty()) {
      sb.append("<h2>Server processes</h2>\n")
          .append(SvgChart.lines("CPU % (of one core)", "seconds", "%", cpu))
          .append(SvgChart.lines("RSS", "seconds", "MiB", rss));
    }
  }

  private static ProcessSample sample(TimelinePoint p, String group) {
    ProcessSample s = p.processes() == null ? null : p.processes().get(group);
    return s == null ? new ProcessSample(0, 0, 0) : s;
  }

  private static List<Series> series(List<NamedRun> runs, ToDoubleFunction<TimelinePoint> metric) {
    return runs.stream().map(r -> series(r.name(), r.result().timeline(), metric)).toList();
  }

  private static Series series(String name, List<TimelinePoint> timeline, ToDoubleFunction<TimelinePoint> metric) {
    double[] xs = new double[timeline.size()];
    double[] ys = new double[timeline.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = timeline.get(i).t();
      ys[i] = metric.applyAsDouble(timeline.get(i));
    }
    return new Series(name, xs, ys);
  }
}
