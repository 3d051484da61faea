package io.stratus.gateway.metrics;

import io.stratus.gateway.proxy.ErrorLimiter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's Prometheus metrics, kept in lock-free counters and rendered in the text exposition
 * format: requests by method and status, request latency by method (a histogram in seconds), bytes
 * received and sent, backend errors by storage node, the nodes error-limited right now, and the
 * JVM's heap and non-heap memory (used, committed, max) as Prometheus' JVM collector names them.
 */
public final class GatewayMetrics {
  /** The latency buckets' upper bounds in seconds (+Inf implied). */
  static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final ErrorLimiter limiter;
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();

  public GatewayMetrics(ErrorLimiter limiter) {
    this.limiter = limiter;
  }

  /** One latency histogram: cumulative-on-render bucket counts, the count and the sum. */
  private static final class Histogram {
    private final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
    private final LongAdder count = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    void observe(double seconds) {
      int i = 0;
      while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
      buckets[i].increment();
      count.increment();
      sum.add(seconds);
    }
  }

  /** Records one finished request. */
  public void request(String method, int status, long nanos, long received, long sent) {
    requests.computeIfAbsent(method + " " + status, k -> new LongAdder()).increment();
    latency.computeIfAbsent(method, k -> new Histogram()).observe(nanos / 1e9);
    bytesIn.add(Math.max(0, received));
    bytesOut.add(Math.max(0, sent));
  }

  /** The metrics in Prometheus' text format (version 0.0.4). */
  public String render() {
    StringBuilder sb = new StringBuilder(4096);
    header(sb, "stratus_gateway_requests_total", "counter", "Requests answered, by method and status.");
    new TreeMap<>(requests).forEach((k, v) -> {
      String[] parts = k.split(" ", 2);
      sb.append("stratus_gateway_requests_total{method=\"").append(escape(parts[0])).append("\",status=\"").append(parts[1])
          .append("\"} ").append(v.sum()).append('\n');
    });
    header(sb, "stratus_gateway_request_duration_seconds", "histogram", "Request latency in seconds, by method.");
    new TreeMap<>(latency).forEach((method, h) -> histogram(sb, escape(method), h));
    header(sb, "stratus_gateway_received_bytes_total", "counter", "Bytes received from clients (headers and bodies).");
    sb.append("stratus_gateway_received_bytes_total ").append(bytesIn.sum()).append('\n');
    header(sb, "stratus_gateway_sent_bytes_total", "counter", "Bytes sent to clients (headers and bodies).");
    sb.append("stratus_gateway_sent_bytes_total ").append(bytesOut.sum()).append('\n');
    header(sb, "stratus_gateway_backend_errors_total", "counter", "Errors of storage-node requests, by node.");
    new TreeMap<>(limiter.errorCounts()).forEach((node, n) -> sb.append("stratus_gateway_backend_errors_total{node=\"")
        .append(escape(node)).append("\"} ").append(n).append('\n'));
    header(sb, "stratus_gateway_error_limited_nodes", "gauge", "Storage nodes skipped for now after too many errors.");
    sb.append("stratus_gateway_error_limited_nodes ").append(limiter.limitedCount()).append('\n');
    memory(sb);
    return sb.toString();
  }

  private static void memory(StringBuilder sb) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    header(sb, "jvm_memory_used_bytes", "gauge", "Used bytes of a JVM memory area.");
    sb.append("jvm_memory_used_bytes{area=\"heap\"} ").append(heap.getUsed()).append('\n');
    sb.append("jvm_memory_used_bytes{area=\"nonheap\"} ").append(nonHeap.getUsed()).append('\n');
    header(sb, "jvm_memory_committed_bytes", "gauge", "Committed bytes of a JVM memory area.");
    sb.append("jvm_memory_committed_bytes{area=\"heap\"} ").append(heap.getCommitted()).append('\n');
    sb.append("jvm_memory_committed_bytes{area=\"nonheap\"} ").append(nonHeap.getCommitted()).append('\n');
    header(sb, "jvm_memory_max_bytes", "gauge", "Maximum bytes of a JVM memory area (-1: no limit).");
    sb.append("jvm_memory_max_bytes{area=\"heap\"} ").append(heap.getMax()).append('\n');
    sb.append("jvm_memory_max_bytes{area=\"nonheap\"} ").append(nonHeap.getMax()).append('\n');
  }

  private static void histogram(StringBuilder sb, String method, Histogram h) {
    long cumulative = 0;
    for (int i = 0; i <= BUCKETS.length; i++) {
      cumulative += h.buckets[i].sum();
      String le = i < BUCKETS.length ? number(BUCKETS[i]) : "+Inf";
      sb.append("stratus_gateway_request_duration_seconds_bucket{method=\"").append(method).append("\",le=\"").append(le)
          .append("\"} ").append(cumulative).append('\n');
    }
    sb.append("stratus_gateway_request_duration_seconds_sum{method=\"").append(method).append("\"} ")
        .append(number(h.sum.sum())).append('\n');
    sb.append("stratus_gateway_request_duration_seconds_count{method=\"").append(method).append("\"} ")
        .append(h.count.sum()).append('\n');
  }

  private static void header(StringBuilder sb, String name, String type, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
