package io.stratus.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.gateway.MutableClock;
import io.stratus.gateway.proxy.ErrorLimiter;
import io.stratus.ring.Device;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The metrics' Prometheus text: counters by label, cumulative latency buckets, node errors, the limited gauge and
 * the JVM memory gauges.
 */
class GatewayMetricsTest {
  @Test
  void rendersPrometheusText() {
    MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000L));
    ErrorLimiter limiter = new ErrorLimiter(clock, 2, Duration.ofSeconds(60));
    Device d = new Device(0, 1, 1, "127.0.0.1", 6200, "127.0.0.1", 6200, "d0", 1.0, "");
    limiter.error(d);
    limiter.limitNow(d);
    GatewayMetrics m = new GatewayMetrics(limiter);
    m.request("GET", 200, 3_000_000L, 100, 1000);
    m.request("GET", 200, 70_000_000L, 100, 1000);
    m.request("PUT", 201, 20_000_000_000L, 5000, 10);
    String text = m.render();
    assertTrue(text.contains("# TYPE stratus_gateway_requests_total counter\n"), text);
    assertTrue(text.contains("stratus_gateway_requests_total{method=\"GET\",status=\"200\"} 2\n"), text);
    assertTrue(text.contains("stratus_gateway_requests_total{method=\"PUT\",status=\"201\"} 1\n"), text);
    assertTrue(text.contains("stratus_gateway_request_duration_seconds_bucket{method=\"GET\",le=\"0.005\"} 1\n"), text);
    assertTrue(text.contains("stratus_gateway_request_duration_seconds_bucket{method=\"GET\",le=\"0.05\"} 1\n"), text);
    assertTrue(text.contains("stratus_gateway_request_duration_seconds_bucket{method=\"GET\",le=\"0.1\"} 2\n"), text);
    assertTrue(text.contains("stratus_gateway_request_duration_seconds_bucket{method=\"PUT\",le=\"10.0\"} 0\n"), text);
    assertTrue(text.contains("stratus_gateway_request_duration_seconds_bucket{method=\"PUT\",le=\"+Inf\"} 1\n"), text);
    assertTrue(text.contains("stratus_gateway_request_duration_seconds_count{method=\"GET\"} 2\n"), text);
    assertTrue(text.contains("stratus_gateway_received_bytes_total 5200\n"), text);
    assertTrue(text.contains("stratus_gateway_sent_bytes_total 2010\n"), text);
    assertTrue(text.contains("stratus_gateway_backend_errors_total{node=\"127.0.0.1:6200/d0\"} 2\n"), text);
    assertTrue(text.contains("stratus_gateway_error_limited_nodes 1\n"), text);
    assertTrue(text.contains("# TYPE jvm_memory_used_bytes gauge\n"), text);
    long heapUsed = gauge(text, "jvm_memory_used_bytes{area=\"heap\"}");
    assertTrue(heapUsed > 0 && heapUsed <= gauge(text, "jvm_memory_committed_bytes{area=\"heap\"}"), text);
    assertTrue(gauge(text, "jvm_memory_max_bytes{area=\"heap\"}") >= heapUsed, text);
    assertTrue(gauge(text, "jvm_memory_used_bytes{area=\"nonheap\"}") > 0, text);
    clock.advance(Duration.ofSeconds(61));
    assertTrue(m.render().contains("stratus_gateway_error_limited_nodes 0\n"));
  }

  /** The value of the sample {@code name} (with its labels) in Prometheus text. */
  private static long gauge(String text, String name) {
    return text.lines().filter(l -> l.startsWith(name + " ")).mapToLong(l -> Long.parseLong(l.substring(name.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(name + " not in:\n" + text));
  }
}
