package io.stratus.bench.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The results file of one run (schema {@value #SCHEMA}): metadata, workload, per-operation
 * summaries, the per-second timeline and the monitored server processes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunResult(
    String schema,
    RunMeta run,
    WorkloadInfo workload,
    Map<String, OpSummary> ops,
    OpSummary total,
    List<TimelinePoint> timeline,
    Map<String, ProcessSummary> processes) {

  /** Schema name and version written to every results file. */
  public static final String SCHEMA = "stratus-bench/1";

  /** Who ran what, when, against which target. */
  public record RunMeta(String id, String label, String startedAt, String endedAt,
      double elapsedSeconds, String target, String host, String tool, List<String> args) {}

  /** The workload as configured. */
  public record WorkloadInfo(String api, Map<String, Integer> mix, String sizes, String mode,
      int concurrency, double rate, double durationSeconds, long requests, String container,
      int prepareObjects) {}

  /** Latency distribution in milliseconds. */
  public record Latency(double mean, double p50, double p90, double p99, double p999, double max) {}

  /**
   * One operation's totals. {@code latencyMs} is measured from the intended send time in rate mode
   * (coordinated omission accounted); {@code serviceMs} from the actual send (rate mode only).
   * {@code part} is true for a step of another operation (e.g. {@code launch-api}), which the
   * totals leave out; absent otherwise.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OpSummary(long count, long errors, double opsPerSec, double mibPerSec, long bytes,
      Latency latencyMs, Latency serviceMs, Map<String, Long> errorsByStatus,
      Map<String, Long> errorsByException, Boolean part) {

    /** Whether this is a part of another operation. */
    @JsonIgnore
    public boolean isPart() {
      return Boolean.TRUE.equals(part);
    }
  }

  /** CPU and memory of one monitored process group in one second. */
  public record ProcessSample(double cpuPct, double rssMib, int pids) {}

  /** One second of the run (t = seconds since the start, at the end of the interval). */
  public record TimelinePoint(double t, long ops, double opsPerSec, double mibPerSec, long errors,
      double p50Ms, double p99Ms, Map<String, Long> opsByOp, Map<String, ProcessSample> processes) {}

  /** A monitored process group over the whole run; CPU% is of one core (200 = two cores). */
  public record ProcessSummary(String match, double cpuPctMean, double cpuPctMax, double rssMibMax,
      double rssMibLast) {}
}
