package io.stratus.gateway;

import static io.stratus.gateway.TestCluster.md5;
import static io.stratus.gateway.TestCluster.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.Device;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway and storage nodes on one machine, as the all-in-one runs them: requests go through the
 * nodes' Unix domain sockets, and a whole body of one chunk is sent by the gateway from the file the
 * node names. What the client gets is exactly what it gets over TCP.
 */
class LocalSocketsIT {
  @TempDir
  static Path root;
  static TestCluster cluster;
  static TestCluster.Login admin;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.startWithLocalSockets(root);
    admin = cluster.login("admin:admin", TestCluster.ADMIN_PASSWORD);
    assertEquals(201, call("PUT", "/local", null).statusCode());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static HttpResponse<String> call(String method, String path, byte[] body, String... headers) {
    return cluster.call(method, admin.storageUrl() + path, admin.token(), body, headers);
  }

  private static HttpResponse<byte[]> get(String path, String... headers) {
    return cluster.getBytes(admin.storageUrl() + path, admin.token(), headers);
  }



  @Test
  void aWholeBodyIsSentFromItsFileAndAnswersAsOverTcp() throws Exception {
    byte[] body = random(500_000, 1);
    assertEquals(201, call("PUT", "/local/whole", body, "X-Object-Meta-Color", "blue").statusCode());
    long named = cluster.namedBodies();

    HttpResponse<byte[]> got = get("/local/whole");
    assertEquals(200, got.statusCode());
    assertArrayEquals(body, got.body());
    assertEquals("500000", got.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("\"" + md5(body) + "\"", got.headers().firstValue("ETag").orElseThrow());
    assertEquals("blue", got.headers().firstValue("X-Object-Meta-Color").orElseThrow());
    assertTrue(got.headers().map().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("x-backend")),
        got.headers().map().toString());
    assertEquals(named + 1, cluster.namedBodies(), "the node named the body file");

    assertEquals(304, get("/local/whole", "If-None-Match", "\"" + md5(body) + "\"").statusCode());
    assertEquals(412, get("/local/whole", "If-Match", "\"nope\"").statusCode());
    HttpResponse<byte[]> range = get("/local/whole", "Range", "bytes=100-199");
    assertEquals(206, range.statusCode());
    assertArrayEquals(Arrays.copyOfRange(body, 100, 200), range.body());
    HttpResponse<String> head = call("HEAD", "/local/whole", null);
    assertEquals(200, head.statusCode());
    assertEquals("500000", head.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(named + 3, cluster.namedBodies(), "only whole GETs name the file");
  }

  @Test
  void overHttp2TheNamedFileIsWrittenPieceByPiece() throws Exception {
    byte[] body = random(700_000, 8);
    assertEquals(201, call("PUT", "/local/h2", body).statusCode());
    long named = cluster.namedBodies();
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<byte[]> got = h2.send(HttpRequest.newBuilder(URI.create(admin.storageUrl() + "/local/h2"))
        .header("X-Auth-Token", admin.token()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, got.statusCode());
    assertEquals(HttpClient.Version.HTTP_2, got.version());
    assertArrayEquals(body, got.body());
    assertEquals(named + 1, cluster.namedBodies());
  }

  @Test
  void aCopyReadsTheNamedFileIntoTheNewObject() {
    byte[] body = random(400_000, 2);
    assertEquals(201, call("PUT", "/local/source", body).statusCode());
    long named = cluster.namedBodies();
    assertEquals(201, call("PUT", "/local/copy", new byte[0], "X-Copy-From", "/local/source").statusCode());
    assertTrue(cluster.namedBodies() > named, "the copy's source was read from its file");
    HttpResponse<byte[]> got = get("/local/copy");
    assertEquals(200, got.statusCode());
    assertArrayEquals(body, got.body());
  }

  @Test
  void smallAndLargeBodiesStillStreamFromTheNodes() {
    byte[] small = random(5_000, 3);
    byte[] large = random(3 << 20, 4);
    assertEquals(201, call("PUT", "/local/small", small).statusCode());
    assertEquals(201, call("PUT", "/local/large", large).statusCode());
    long named = cluster.namedBodies();
    assertArrayEquals(small, get("/local/small").body());
    assertArrayEquals(large, get("/local/large").body());
    assertEquals(named, cluster.namedBodies());
  }

  @Test
  void aGetRacingOverwritesGetsOneWholeVersion() throws Exception {
    byte[] a = random(300_000, 5);
    byte[] b = random(300_000, 6);
    assertEquals(201, call("PUT", "/local/raced", a).statusCode());
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 40; i++) {
        int status = call("PUT", "/local/raced", i % 2 == 0 ? b : a).statusCode();
        if (status != 201) throw new IllegalStateException("overwrite " + i + " answered " + status);
      }
    });
    int reads = 0;
    while (!writer.isDone() || reads < 40) {
      HttpResponse<byte[]> got = get("/local/raced");
      assertEquals(200, got.statusCode());
      assertTrue(Arrays.equals(a, got.body()) || Arrays.equals(b, got.body()), "a GET returned neither version whole");
      assertEquals("\"" + md5(got.body()) + "\"", got.headers().firstValue("ETag").orElseThrow());
      reads++;
    }
    writer.get();
  }

  @Test
  void aGetFailsOverToTheNextNodesSocketWhenThePrimaryIsDown() throws Exception {
    byte[] body = random(250_000, 7);
    assertEquals(201, call("PUT", "/local/failover", body).statusCode());
    List<Device> primaries = cluster.ring().primaries(cluster.ring().partition(admin.account(), "local", "failover"));
    int down = cluster.nodeOf(primaries.get(0));
    cluster.stopNode(down);
    try {
      HttpResponse<byte[]> got = get("/local/failover");
      assertEquals(200, got.statusCode());
      assertArrayEquals(body, got.body());
    } finally {
      cluster.restartNode(down);
    }
    assertArrayEquals(body, get("/local/failover").body());
  }
}
