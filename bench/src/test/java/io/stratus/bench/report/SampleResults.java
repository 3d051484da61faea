package io.stratus.bench.report;

import io.stratus.bench.report.RunResult.ProcessSample;
import io.stratus.bench.report.RunResult.TimelinePoint;
import io.stratus.bench.run.MetricsRecorder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds realistic results (through the real recorder, on a fake clock) for report tests. */
public final class SampleResults {

  private SampleResults() {
  }

  /** A 5-second put/get run whose latencies scale with {@code slow}. */
  public static RunResult run(String label, int slow) {
    long second = 1_000_000_000L;
    MetricsRecorder rec = new MetricsRecorder(List.of("put", "get"), 0);
    List<TimelinePoint> timeline = new ArrayList<>();
    for (int s = 0; s < 5; s++) {
      for (int i = 0; i < 100; i++) {
        long t = s * second + i * 10_000_000L;
        rec.record("put", t, t, t + slow * 2_000_000L, 201, 4096, null);
        rec.record("get", t, t, t + slow * 1_000_000L + i * 10_000L, i == 99 ? 404 : 200, 4096, null);
      }
      TimelinePoint p = rec.closeInterval((s + 1) * second);
      timeline.add(new TimelinePoint(p.t(), p.ops(), p.opsPerSec(), p.mibPerSec(), p.errors(), p.p50Ms(),
          p.p99Ms(), p.opsByOp(), Map.of("proxy", new ProcessSample(50 + s, 120.5, 3))));
    }
    Map<String, Integer> mix = new LinkedHashMap<>();
    mix.put("put", 50);
    mix.put("get", 50);
    return new RunResult(RunResult.SCHEMA,
        new RunResult.RunMeta("id-" + label, label, "2026-01-01T00:00:00Z", "2026-01-01T00:00:05Z", 5.0,
            "http://127.0.0.1:8080/v1/AUTH_test/c <&>", "host", "stratus-bench", List.of("--mix", "put,get")),
        new RunResult.WorkloadInfo("swift", mix, "4KiB", "closed", 16, 0, 5, 0, "c", 100),
        rec.summaries(5.0, false), rec.total(5.0, false), timeline,
        Map.of("proxy", new RunResult.ProcessSummary("swift-proxy", 52, 54, 120.5, 120.5)));
  }

  /** A nova run: 10 launches (API call 40 ms, ACTIVE after 2 s, one ERROR) with the part launch-api. */
  public static RunResult launches() {
    long ms = 1_000_000L;
    MetricsRecorder rec = new MetricsRecorder(List.of("launch"), List.of("launch-api"), 0);
    for (int i = 0; i < 10; i++) {
      rec.record("launch", 0, 0, 2000 * ms, 202, 120, i == 9 ? "ERROR: No valid host was found." : null);
      rec.record("launch-api", 0, 0, 40 * ms, 202, 120, null);
    }
    TimelinePoint p = rec.closeInterval(2000 * ms);
    return new RunResult(RunResult.SCHEMA,
        new RunResult.RunMeta("id-nova", "", "2026-01-01T00:00:00Z", "2026-01-01T00:00:02Z", 2.0,
            "http://127.0.0.1:8080/compute/v2.1/servers", "host", "stratus-bench", List.of("--workload", "nova")),
        new RunResult.WorkloadInfo("nova", Map.of("launch", 1), "4KiB", "closed", 10, 0, 20, 10, "c", 0),
        rec.summaries(2.0, false), rec.total(2.0, false), List.of(p), null);
  }
}
