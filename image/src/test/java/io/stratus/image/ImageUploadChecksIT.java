package io.stratus.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.gateway.TestCluster;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What never becomes active: a truncated upload (the client goes away mid-body), a disk image that is
 * not the qcow2 it claims (or hides a backing or data file), a raw image that is a qcow2 one, and an
 * upload beyond the project's byte quota; each leaves the image queued and deletes what it wrote.
 * Also the image count quota, and format checking turned off.
 */
class ImageUploadChecksIT {
  @TempDir
  static Path dir;
  static TestImageCluster c;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    c = TestImageCluster.start(dir, Map.of("segment-mib", "1"));
    admin = c.adminToken();
  }

  @AfterAll
  static void stop() {
    if (c != null) c.close();
  }

  @Test
  void truncatedUploadGoesBackToQueuedAndLeavesNoSegments() throws Exception {
    String id = c.create(admin, new JsonObject().put("name", "cut").put("disk_format", "raw").put("container_format", "bare"))
        .getString("id");
    try (Socket socket = new Socket("127.0.0.1", c.image.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /v2/images/" + id + "/file HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: " + admin
          + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 3145728\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(ImageApiIT.random(4, 1572864 + 100));
      out.flush();
      awaitTrue(() -> "saving".equals(c.show(admin, id).getString("status")) || !c.storedObjects(id + "/").isEmpty());
    }
    awaitTrue(() -> "queued".equals(c.show(admin, id).getString("status")));
    awaitTrue(() -> c.storedObjects(id).isEmpty());
    assertEquals(204, c.upload(admin, id, ImageApiIT.random(5, 1000)), "a new upload works");
    assertEquals("active", c.show(admin, id).getString("status"));
  }

  @Test
  void anImageSavingWhenTheServiceStopsIsQueuedAtTheNextStart() throws Exception {
    ImageServer first = c.startAnother(dir.resolve("restart"), Map.of());
    String url = "http://127.0.0.1:" + first.port();
    String id = create(url, "{\"name\":\"interrupted\"}");
    try (Socket socket = new Socket("127.0.0.1", first.port())) {
      socket.getOutputStream().write(("PUT /v2/images/" + id + "/file HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: " + admin
          + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(new byte[1000]);
      String show = url + "/v2/images/" + id;
      awaitTrue(() -> "saving".equals(new JsonObject(c.cluster.call("GET", show, admin, null).body()).getString("status")));
      TestCluster.await(first.close());
    }
    ImageServer second = c.startAnother(dir.resolve("restart"), Map.of());
    try {
      String show = "http://127.0.0.1:" + second.port() + "/v2/images/" + id;
      assertEquals("queued", new JsonObject(c.cluster.call("GET", show, admin, null).body()).getString("status"));
    } finally {
      TestCluster.await(second.close());
    }
  }

  @Test
  void qcow2IsInspected() {
    assertEquals(204, uploadAs("qcow2", qcow2(3, 0, 0), "a clean qcow2 v3"));
    String bad = "qcow2 with a backing file";
    String id = c.create(admin, new JsonObject().put("name", bad).put("disk_format", "qcow2")).getString("id");
    assertEquals(400, c.upload(admin, id, qcow2(2, 512, 0)), bad);
    assertEquals("queued", c.show(admin, id).getString("status"));
    assertEquals(400, uploadAs("qcow2", qcow2(3, 0, 1L << 2), "qcow2 with a data file"));
    assertEquals(400, uploadAs("qcow2", ImageApiIT.random(6, 5000), "raw bytes that claim qcow2"));
    assertEquals(400, uploadAs("raw", qcow2(3, 0, 0), "qcow2 bytes that claim raw"));
    assertEquals(400, uploadAs("qcow2", new byte[] {'Q', 'F', 'I'}, "too short for a header"));
    assertEquals(204, uploadAs("vmdk", qcow2(3, 512, 0), "no inspector for vmdk"));
  }

  @Test
  void virtualSizeComesFromTheQcow2Header() {
    String id = c.create(admin, new JsonObject().put("name", "vs").put("disk_format", "qcow2")).getString("id");
    assertEquals(204, c.upload(admin, id, qcow2(3, 0, 0)));
    assertEquals(1L << 30, c.show(admin, id).getLong("virtual_size"));
  }

  @Test
  void quotasOnImageCountAndBytes() throws Exception {
    ImageServer quota = c.startAnother(dir.resolve("quota"), Map.of("quota-images", "2", "quota-bytes", "3145728",
        "format-check", "false", "segment-mib", "1"));
    try {
      String url = "http://127.0.0.1:" + quota.port();
      String first = create(url, "{\"name\":\"q1\",\"disk_format\":\"qcow2\"}");
      String second = create(url, "{\"name\":\"q2\"}");
      assertEquals(413, c.cluster.call("POST", url + "/v2/images", admin, "{}".getBytes(StandardCharsets.UTF_8),
          "Content-Type", "application/json").statusCode());
      assertEquals(204, c.cluster.call("PUT", url + "/v2/images/" + first + "/file", admin, qcow2(2, 512, 0),
          "Content-Type", "application/octet-stream").statusCode(),
          "format checking is off");
      assertEquals(409, c.cluster.call("PUT", url + "/v2/images/" + first + "/file", admin, new byte[0],
          "Content-Type", "application/octet-stream").statusCode(),
          "an active image takes no second upload");
      assertEquals(413, c.cluster.call("PUT", url + "/v2/images/" + second + "/file", admin, new byte[3145728],
          "Content-Type", "application/octet-stream").statusCode(),
          "over the byte quota by Content-Length");
      int chunked = TestCluster.send(HttpRequest.newBuilder(URI.create(url + "/v2/images/" + second + "/file"))
          .timeout(Duration.ofSeconds(60)).header("X-Auth-Token", admin).header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[3145728])))).statusCode();
      assertEquals(413, chunked, "over the byte quota while streaming");
      assertEquals("queued", new JsonObject(c.cluster.call("GET", url + "/v2/images/" + second, admin, null).body())
          .getString("status"));
      awaitTrue(() -> c.storedObjects(second).isEmpty());
    } finally {
      TestCluster.await(quota.close());
    }
  }

  private String create(String url, String json) {
    var r = c.cluster.call("POST", url + "/v2/images", admin, json.getBytes(StandardCharsets.UTF_8), "Content-Type",
        "application/json");
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("id");
  }

  private int uploadAs(String format, byte[] data, String what) {
    String id = c.create(admin, new JsonObject().put("name", what).put("disk_format", format)).getString("id");
    return c.upload(admin, id, data);
  }

  /** A qcow2 header (1 GiB virtual) followed by some bytes. */
  static byte[] qcow2(int version, long backingOffset, long incompatible) {
    Buffer b = Buffer.buffer().appendInt(0x514649fb).appendInt(version).appendLong(backingOffset)
        .appendInt(backingOffset == 0 ? 0 : 8).appendInt(16).appendLong(1L << 30);
    while (b.length() < 72) b.appendByte((byte) 0);
    b.appendLong(incompatible).appendLong(0).appendLong(0).appendInt(4).appendInt(104);
    b.appendBytes(new byte[4096]);
    return b.getBytes();
  }

  /** Polls (each poll an HTTP round trip) until the condition holds; fails after 30 s. */
  static void awaitTrue(BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      assertTrue(Instant.now().isBefore(deadline), "condition not met within 30 s");
    }
  }
}
