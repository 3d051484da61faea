package io.stratus.objectserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged write survives SIGKILL: 201 means the WAL is synced. */
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

  static HttpResponse<String> put(int port, String path, byte[] body, String ts) throws Exception {
    return TestNode.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).header("X-Timestamp", ts).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static byte[] get(int port, String path) throws Exception {
    HttpResponse<byte[]> r = TestNode.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    return r.body();
  }
}
