package io.stratus.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stratus.bench.report.RunResult.OpSummary;
import io.stratus.bench.report.RunResult.TimelinePoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Histogram, error and timeline aggregation of the recorder, driven by explicit timestamps. */
class MetricsRecorderTest {

  private static final long MS = 1_000_000L;
  private static final long S = 1_000 * MS;

  @Test
  void percentilesCountsAndRatesPerOperation() {
    MetricsRecorder rec = new MetricsRecorder(List.of("get", "put"), 0);
    for (int i = 1; i <= 1000; i++) {
      rec.record("get", 0, 0, i * MS, 200, 1 << 20, null);
    }
    rec.record("put", 0, 0, 5 * MS, 201, 1024, null);

    Map<String, OpSummary> s = rec.summaries(2.0, false);
    OpSummary get = s.get("get");
    assertEquals(1000, get.count());
    assertEquals(500.0, get.opsPerSec());
    assertEquals(500.0, get.mibPerSec(), 0.001);
    assertEquals(500, get.latencyMs().p50(), 1);
    assertEquals(900, get.latencyMs().p90(), 1);
    assertEquals(990, get.latencyMs().p99(), 1);
    assertEquals(999, get.latencyMs().p999(), 1);
    assertEquals(1000, get.latencyMs().max(), 1);
    assertEquals(500.5, get.latencyMs().mean(), 0.5);
    assertNull(get.serviceMs());
    assertEquals(1001, rec.total(2.0, false).count());
    assertEquals(1001, rec.count());
  }

  @Test
  void latencyCountsFromTheIntendedTimeAndServiceTimeFromTheSend() {
    MetricsRecorder rec = new MetricsRecorder(List.of("get"), 0);
    rec.record("get", 0, 400 * MS, 401 * MS, 200, 0, null);

    OpSummary get = rec.summaries(1.0, true).get("get");
    assertEquals(401, get.latencyMs().max(), 1);
    assertEquals(1, get.serviceMs().max(), 0.01);
  }

  @Test
  void errorsByStatusAndByException() {
    MetricsRecorder rec = new MetricsRecorder(List.of("get"), 0);
    rec.record("get", 0, 0, MS, 200, 10, null);
    rec.record("get", 0, 0, MS, 404, 0, null);
    rec.record("get", 0, 0, MS, 404, 0, null);
    rec.record("get", 0, 0, MS, 503, 0, null);
    rec.record("get", 0, 0, MS, 0, 0, "ConnectException");

    OpSummary get = rec.summaries(1.0, false).get("get");
    assertEquals(5, get.count());
    assertEquals(4, get.errors());
    assertEquals(Map.of("404", 2L, "503", 1L), get.errorsByStatus());
    assertEquals(Map.of("ConnectException", 1L), get.errorsByException());
  }

  @Test
  void partsAreSummarizedOnTheirOwnAndLeftOutOfTotalsAndTimeline() {
    MetricsRecorder rec = new MetricsRecorder(List.of("launch"), List.of("launch-api"), 0);
    rec.record("launch", 0, 0, 900 * MS, 202, 100, null);
    rec.record("launch-api", 0, 0, 40 * MS, 202, 100, null);
    rec.record("launch", 0, 0, 50 * MS, 403, 100, "403 over quota: Quota exceeded for instances");
    rec.record("launch-api", 0, 0, 50 * MS, 403, 100, "403 over quota: Quota exceeded for instances");

    Map<String, OpSummary> s = rec.summaries(1.0, false);
    assertEquals(List.of("launch", "launch-api"), List.copyOf(s.keySet()));
    assertNull(s.get("launch").part());
    assertEquals(Boolean.TRUE, s.get("launch-api").part());
    assertEquals(40, s.get("launch-api").latencyMs().p50(), 0.1);
    assertEquals(Map.of("403 over quota: Quota exceeded for instances", 1L), s.get("launch").errorsByException());
    assertEquals(Map.of(), s.get("launch").errorsByStatus());
    OpSummary total = rec.total(1.0, false);
    assertEquals(2, total.count());
    assertEquals(1, total.errors());
    assertEquals(900, total.latencyMs().max(), 1);
    assertEquals(2, rec.count());
    TimelinePoint p = rec.closeInterval(S);
    assertEquals(2, p.ops());
    assertEquals(Map.of("launch", 2L), p.opsByOp());
  }

  @Test
  void intervalsSplitTheTimelineAndAddUpToTheTotal() {
    MetricsRecorder rec = new MetricsRecorder(List.of("get", "put"), 10 * S);
    for (int i = 0; i < 100; i++) {
      rec.record("get", 10 * S, 10 * S, 10 * S + 2 * MS, 200, 1 << 20, null);
    }
    TimelinePoint first = rec.closeInterval(11 * S);
    for (int i = 0; i < 50; i++) {
      rec.record("put", 11 * S, 11 * S, 11 * S + 8 * MS, i < 5 ? 500 : 201, 1 << 20, null);
    }
    TimelinePoint second = rec.closeInterval(13 * S);

    assertEquals(1.0, first.t());
    assertEquals(100, first.ops());
    assertEquals(100.0, first.opsPerSec());
    assertEquals(100.0, first.mibPerSec(), 0.001);
    assertEquals(2.0, first.p50Ms(), 0.01);
    assertEquals(Map.of("get", 100L, "put", 0L), first.opsByOp());
    assertEquals(3.0, second.t());
    assertEquals(50, second.ops());
    assertEquals(25.0, second.opsPerSec());
    assertEquals(5, second.errors());
    assertEquals(8.0, second.p99Ms(), 0.01);
    assertEquals(150, rec.total(3.0, false).count());
    assertEquals(0, rec.closeInterval(14 * S).ops());
  }
}
