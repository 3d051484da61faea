package io.stratus.objectserver;

import static io.stratus.objectserver.TestNode.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged write survives SIGKILL: 201 means the body file (if any) and the WAL are synced. */
class DurabilityIT {
  @TempDir
  Path dir;

  @Test
  void acknowledgedPutSurvivesKillMinusNine() throws Exception {
    Path devices = dir.resolve("node");
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(big);
    byte[] small = "small object".getBytes();
    NodeProcess first = NodeProcess.start(devices, "256m");
    try {
      assertEquals(201, put(first.port, "/d1/1/a/c/big", big, "1700000000.00000").statusCode());
      assertEquals(201, put(first.port, "/d1/1/a/c/small", small, "1700000000.00000").statusCode());
      assertEquals(201, put(first.port, "/d1/1/a/c/small", "newer".getBytes(), "1700000001.00000").statusCode());
    } finally {
      first.kill();
    }
    try (NodeProcess second = NodeProcess.start(devices, "256m")) {
      assertArrayEquals(big, get(second.port, "/d1/1/a/c/big"));
      assertArrayEquals("newer".getBytes(), get(second.port, "/d1/1/a/c/small"));
    }
  }

  /**
   * Large (body file) and small (inline) PUTs in flight together, the node killed while some are
   * still running: every one that was answered 201 reads back byte-identical after restart.
   */
  @Test
  void concurrentLargeAndSmallAcknowledgedPutsSurviveKillMinusNine() throws Exception {
    Path devices = dir.resolve("node2");
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) bodies.put("/d1/" + (i % 3) + "/a/c/big-" + i, random((1 << 20) + 4096 * i + 7, i));
    for (int i = 0; i < 48; i++) bodies.put("/d1/" + (i % 3) + "/a/c/small-" + i, random(100 + 97 * i, 100 + i));
    Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
    NodeProcess first = NodeProcess.start(devices, "256m");
    List<CompletableFuture<?>> sent = new ArrayList<>();
    try {
      for (Map.Entry<String, byte[]> e : bodies.entrySet()) {
        sent.add(TestNode.HTTP.sendAsync(request(first.port, e.getKey(), e.getValue(), "1700000000.00000"),
            HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
              if (r.statusCode() == 201) acknowledged.put(e.getKey(), e.getValue());
            }));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline && !(count(acknowledged, "big") >= 3 && count(acknowledged, "small") >= 24)) {
        CompletableFuture.anyOf(sent.stream().filter(f -> !f.isDone()).toArray(CompletableFuture[]::new))
            .get(60, TimeUnit.SECONDS);
      }
    } finally {
      first.kill();
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).handle((v, e) -> null).get(60, TimeUnit.SECONDS);
    assertTrue(count(acknowledged, "big") >= 3 && count(acknowledged, "small") >= 24, acknowledged.keySet().toString());
    try (NodeProcess second = NodeProcess.start(devices, "256m")) {
      for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
        assertArrayEquals(e.getValue(), get(second.port, e.getKey()), e.getKey());
      }
    }
  }

  private static long count(Map<String, byte[]> acknowledged, String kind) {
    return acknowledged.keySet().stream().filter(k -> k.contains("/" + kind + "-")).count();
  }


  static HttpResponse<String> put(int port, String path, byte[] body, String ts) throws Exception {
    return TestNode.HTTP.send(request(port, path, body, ts), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(int port, String path, byte[] body, String ts) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).header("X-Timestamp", ts).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  static byte[] get(int port, String path) throws Exception {
    HttpResponse<byte[]> r = TestNode.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    return r.body();
  }
}
