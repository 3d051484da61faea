package io.stratus.bench.run;

import io.stratus.bench.report.RunResult.Latency;
import io.stratus.bench.report.RunResult.OpSummary;
import io.stratus.bench.report.RunResult.TimelinePoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Thread-safe measurements of a run: per-operation HdrHistograms of latency (from the intended
 * send time) and of service time (from the actual send), byte and error counts by status code and
 * exception kind, and per-second intervals for the timeline. Times are passed in, never read here.
 * Part operations (steps of an operation measured on their own, e.g. the API call of a server launch)
 * get their own summary but stay out of the totals and the timeline, so nothing is counted twice.
 */
public final class MetricsRecorder {

  private static final long MAX_TRACKABLE_MICROS = 3_600_000_000L;
  private static final double MIB = 1024.0 * 1024.0;

  private final Map<String, OpStats> ops = new LinkedHashMap<>();
  private final Histogram intervalAll = newHistogram();
  private final long startNanos;
  private long intervalStartNanos;

  /** A recorder for the given operations, started at {@code startNanos}. */
  public MetricsRecorder(List<String> opNames, long startNanos) {
    this(opNames, List.of(), startNanos);
  }

  /** A recorder for the given operations and part operations, started at {@code startNanos}. */
  public MetricsRecorder(List<String> opNames, List<String> partNames, long startNanos) {
    for (String op : opNames) {
      ops.put(op, new OpStats(false));
    }
    for (String part : partNames) {
      ops.put(part, new OpStats(true));
    }
    this.startNanos = startNanos;
    this.intervalStartNanos = startNanos;
  }

  private static Histogram newHistogram() {
    return new Histogram(MAX_TRACKABLE_MICROS, 3);
  }

  /**
   * Records one completed exchange.
   *
   * @param intendedNanos when the request should have been sent (the schedule in rate mode)
   * @param sentNanos when it was actually sent
   * @param endNanos when the response ended (or the exchange failed)
   * @param status HTTP status, or 0 when {@code exception} is set
   * @param exception the failure's kind (exception class name, a server's fault), or null
   */
  public synchronized void record(String op, long intendedNanos, long sentNanos, long endNanos,
      int status, long bytes, String exception) {
    OpStats s = ops.get(op);
    long latency = Math.max(0, (endNanos - intendedNanos) / 1000);
    long service = Math.max(0, (endNanos - sentNanos) / 1000);
    s.total.recordValue(Math.min(latency, MAX_TRACKABLE_MICROS));
    s.service.recordValue(Math.min(service, MAX_TRACKABLE_MICROS));
    if (!s.part) {
      intervalAll.recordValue(Math.min(latency, MAX_TRACKABLE_MICROS));
    }
    s.count++;
    s.intervalCount++;
    s.bytes += bytes;
    s.intervalBytes += bytes;
    if (exception != null) {
      s.errors++;
      s.intervalErrors++;
      s.byException.merge(exception, 1L, Long::sum);
    } else if (status < 200 || status > 299) {
      s.errors++;
      s.intervalErrors++;
      s.byStatus.merge(Integer.toString(status), 1L, Long::sum);
    }
  }

  /** Closes the current interval at {@code nowNanos} and returns it as a timeline point. */
  public synchronized TimelinePoint closeInterval(long nowNanos) {
    double seconds = Math.max(1e-9, (nowNanos - intervalStartNanos) / 1e9);
    long count = 0;
    long bytes = 0;
    long errors = 0;
    Map<String, Long> byOp = new LinkedHashMap<>();
    for (Map.Entry<String, OpStats> e : ops.entrySet()) {
      OpStats s = e.getValue();
      if (s.part) {
        continue;
      }
      count += s.intervalCount;
      bytes += s.intervalBytes;
      errors += s.intervalErrors;
      byOp.put(e.getKey(), s.intervalCount);
      s.intervalCount = 0;
      s.intervalBytes = 0;
      s.intervalErrors = 0;
    }
    TimelinePoint point = new TimelinePoint(round((nowNanos - startNanos) / 1e9, 3), count,
        round(count / seconds, 2), round(bytes / MIB / seconds, 3), errors,
        millis(intervalAll.getValueAtPercentile(50)), millis(intervalAll.getValueAtPercentile(99)),
        byOp, Map.of());
    intervalAll.reset();
    intervalStartNanos = nowNanos;
    return point;
  }

  /** Per-operation summaries over {@code elapsedSeconds}; service times only if {@code withService}. */
  public synchronized Map<String, OpSummary> summaries(double elapsedSeconds, boolean withService) {
    Map<String, OpSummary> out = new LinkedHashMap<>();
    ops.forEach((name, s) -> out.put(name, summary(s, elapsedSeconds, withService)));
    return out;
  }

  /** All operations together over {@code elapsedSeconds}. */
  public synchronized OpSummary total(double elapsedSeconds, boolean withService) {
    OpStats all = new OpStats(false);
    for (OpStats s : ops.values()) {
      if (s.part) {
        continue;
      }
      all.total.add(s.total);
      all.service.add(s.service);
      all.count += s.count;
      all.bytes += s.bytes;
      all.errors += s.errors;
      s.byStatus.forEach((k, v) -> all.byStatus.merge(k, v, Long::sum));
      s.byException.forEach((k, v) -> all.byException.merge(k, v, Long::sum));
    }
    return summary(all, elapsedSeconds, withService);
  }

  /** The operations recorded so far (all operations, parts excluded). */
  public synchronized long count() {
    return ops.values().stream().filter(s -> !s.part).mapToLong(s -> s.count).sum();
  }

  private static OpSummary summary(OpStats s, double elapsed, boolean withService) {
    double secs = Math.max(1e-9, elapsed);
    return new OpSummary(s.count, s.errors, round(s.count / secs, 2), round(s.bytes / MIB / secs, 3),
        s.bytes, latency(s.total), withService ? latency(s.service) : null,
        new TreeMap<>(s.byStatus), new TreeMap<>(s.byException), s.part ? Boolean.TRUE : null);
  }

  private static Latency latency(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new Latency(0, 0, 0, 0, 0, 0);
    }
    return new Latency(round(h.getMean() / 1000.0, 3), millis(h.getValueAtPercentile(50)),
        millis(h.getValueAtPercentile(90)), millis(h.getValueAtPercentile(99)),
        millis(h.getValueAtPercentile(99.9)), millis(h.getMaxValue()));
  }

  private static double millis(long micros) {
    return round(micros / 1000.0, 3);
  }

  static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }

  /** Counters and histograms of one operation (guarded by the recorder's lock). */
  private static final class OpStats {
    final boolean part;
    final Histogram total = newHistogram();
    final Histogram service = newHistogram();
    final Map<String, Long> byStatus = new TreeMap<>();
    final Map<String, Long> byException = new TreeMap<>();
    long count;
    long bytes;
    long errors;
    long intervalCount;
    long intervalBytes;
    long intervalErrors;

    OpStats(boolean part) {
      this.part = part;
    }
  }
}
