package io.stratus.objectserver;

import static io.stratus.objectserver.TestNode.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.objectserver.store.ObjectKey;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object server over real RocksDB and real sockets: timestamps, tombstones, ETags, ranges, metadata. */
class ObjectServerIT {
  @TempDir
  static Path root;
  static MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
  static TestNode node;

  @BeforeAll
  static void start() {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    node = TestNode.start(vertx, StorageNodeConfig.local(root, List.of("sda", "sdb")).withChunkSize(4096), clock);
  }

  @AfterAll
  static void stop() {
    node.close();
    TestNode.await(node.vertx.close());
  }

  static String md5(byte[] body) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
  }


  HttpResponse<String> put(String path, String ts, byte[] body, String... more) {
    String[] headers = new String[more.length + 4];
    headers[0] = "X-Timestamp";
    headers[1] = ts;
    headers[2] = "Content-Type";
    headers[3] = "application/octet-stream";
    System.arraycopy(more, 0, headers, 4, more.length);
    return node.put(path, body, headers);
  }

  @Test
  void putThenGetAndHeadAnswerLikeSwift() throws Exception {
    byte[] body = random(10_000, 1);
    HttpResponse<String> created = put("/sda/7/a/c/o1", "1700000000.12345", body, "X-Object-Meta-Color", "blue",
        "Content-Disposition", "inline");
    assertEquals(201, created.statusCode());
    assertEquals("\"" + md5(body) + "\"", created.headers().firstValue("ETag").orElseThrow());

    HttpResponse<byte[]> got = node.sendBytes(node.request("/sda/7/a/c/o1").GET());
    assertEquals(200, got.statusCode());
    assertArrayEquals(body, got.body());
    assertEquals("\"" + md5(body) + "\"", got.headers().firstValue("ETag").orElseThrow());
    assertEquals("blue", got.headers().firstValue("X-Object-Meta-Color").orElseThrow());
    assertEquals("inline", got.headers().firstValue("Content-Disposition").orElseThrow());
    assertEquals("1700000000.12345", got.headers().firstValue("X-Timestamp").orElseThrow());
    assertEquals("Tue, 14 Nov 2023 22:13:21 GMT", got.headers().firstValue("Last-Modified").orElseThrow());
    assertEquals("application/octet-stream", got.headers().firstValue("Content-Type").orElseThrow());

    HttpResponse<String> head = node.call("HEAD", "/sda/7/a/c/o1");
    assertEquals(200, head.statusCode());
    assertEquals("10000", head.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("", head.body());
  }

  @Test
  void newestTimestampWins() {
    assertEquals(201, put("/sda/1/a/c/ts", "1700000002.00000", "two".getBytes()).statusCode());
    HttpResponse<String> older = put("/sda/1/a/c/ts", "1700000001.00000", "one".getBytes());
    assertEquals(409, older.statusCode());
    assertEquals("1700000002.00000", older.headers().firstValue("X-Backend-Timestamp").orElseThrow());
    assertEquals(409, put("/sda/1/a/c/ts", "1700000002.00000", "same".getBytes()).statusCode());
    assertEquals(201, put("/sda/1/a/c/ts", "1700000002.00000_0000000000000001", "offset".getBytes()).statusCode());
    assertEquals("offset", node.call("GET", "/sda/1/a/c/ts").body());
    assertEquals(201, put("/sda/1/a/c/ts", "1700000003", "three".getBytes()).statusCode());
    assertEquals("three", node.call("GET", "/sda/1/a/c/ts").body());
  }

  @Test
  void deletesLeaveTombstones() {
    HttpResponse<String> missing = node.call("DELETE", "/sda/2/a/c/gone", "X-Timestamp", "1700000005.00000");
    assertEquals(404, missing.statusCode());
    HttpResponse<String> head = node.call("HEAD", "/sda/2/a/c/gone");
    assertEquals(404, head.statusCode());
    assertEquals("1700000005.00000", head.headers().firstValue("X-Backend-Timestamp").orElseThrow());
    assertEquals(409, put("/sda/2/a/c/gone", "1700000004.00000", "x".getBytes()).statusCode());
    HttpResponse<String> olderDelete = node.call("DELETE", "/sda/2/a/c/gone", "X-Timestamp", "1700000004.50000");
    assertEquals(404, olderDelete.statusCode(), "a DELETE older than the tombstone finds nothing, as in Swift");
    assertEquals("1700000005.00000", olderDelete.headers().firstValue("X-Backend-Timestamp").orElseThrow());

    assertEquals(201, put("/sda/2/a/c/gone", "1700000006.00000", "back".getBytes()).statusCode());
    assertEquals(409, node.call("DELETE", "/sda/2/a/c/gone", "X-Timestamp", "1700000005.50000").statusCode());
    assertEquals(409, node.call("DELETE", "/sda/2/a/c/gone", "X-Timestamp", "1700000006.00000").statusCode());
    HttpResponse<String> deleted = node.call("DELETE", "/sda/2/a/c/gone", "X-Timestamp", "1700000007.00000");
    assertEquals(204, deleted.statusCode());
    HttpResponse<String> get = node.call("GET", "/sda/2/a/c/gone");
    assertEquals(404, get.statusCode());
    assertEquals("1700000007.00000", get.headers().firstValue("X-Backend-Timestamp").orElseThrow());
    assertEquals(404, node.call("DELETE", "/sda/2/a/c/gone", "X-Timestamp", "1700000008.00000").statusCode());
  }

  /** The body followed by the gateway's footer: MD5 and CRC32C in hex. */
  static byte[] withFooter(byte[] body, String md5, long crc) {
    byte[] footer = (md5 + String.format("%08x", crc)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] out = java.util.Arrays.copyOf(body, body.length + footer.length);
    System.arraycopy(footer, 0, out, body.length, footer.length);
    return out;
  }

  static long crc32c(byte[] body) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(body);
    return crc.getValue();
  }

  @Test
  void aGatewayFooterGivesTheEtagOnlyWhenItsCrcMatches() throws Exception {
    for (int size : new int[] {0, 30, 5000, 300_000}) {
      byte[] body = random(size, 11);
      String path = "/sda/6/a/c/footer-" + size;
      HttpResponse<String> ok = put(path, "1700000000.00000", withFooter(body, md5(body), crc32c(body)), "X-Backend-Body-Footer", "md5-crc32c");
      assertEquals(201, ok.statusCode(), "size " + size);
      assertEquals("\"" + md5(body) + "\"", ok.headers().firstValue("ETag").orElseThrow());
      HttpResponse<byte[]> got = node.sendBytes(node.request(path).GET());
      assertArrayEquals(body, got.body(), "the footer is not part of the object");
      assertEquals(md5(body), got.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }
    byte[] body = random(100_000, 12);
    String path = "/sda/6/a/c/footer-bad";
    assertEquals(422, put(path, "1700000001.00000", withFooter(body, md5(body), crc32c(body) ^ 1), "X-Backend-Body-Footer", "md5-crc32c")
        .statusCode(), "a body damaged on the way is refused");
    assertEquals(422, put(path, "1700000001.00000", withFooter(body, md5(body), crc32c(body)), "X-Backend-Body-Footer", "md5-crc32c",
        "ETag", md5("other".getBytes())).statusCode(), "the client's ETag is checked against the sender's MD5");
    assertEquals(499, put(path, "1700000001.00000", body, "X-Backend-Body-Footer", "md5-crc32c").statusCode(),
        "a body without its footer is short");
    assertEquals(400, put(path, "1700000001.00000", body, "X-Backend-Body-Footer", "sha1").statusCode());
    assertEquals(404, node.call("HEAD", path).statusCode());
  }

  @Test
  void aFileBodyOfWholeChunksCountsNoEmptyChunk() throws Exception {
    byte[] body = random(17 * 4096, 13);
    assertEquals(201, put("/sda/8/a/c/whole", "1700000000.00000", body).statusCode());
    ObjectKey key = ObjectKey.of(node.node.hasher(), 8, "a", "c", "whole");
    io.stratus.objectserver.store.ObjectReader reader = TestNode.await(node.node.device("sda").objects().open(key));
    try {
      assertEquals(17, reader.meta().chunkCount(), "the empty last block of the body is no chunk");
    } finally {
      reader.close();
    }
    assertEquals(1, TestNode.await(node.node.device("sda").objects().bodyFiles(key)));
    assertArrayEquals(body, node.sendBytes(node.request("/sda/8/a/c/whole").GET()).body());
  }

  @Test
  void etagMismatchStoresNothing() throws Exception {
    byte[] body = random(20_000, 2);
    HttpResponse<String> bad = put("/sda/3/a/c/etag", "1700000000.00000", body, "ETag", md5("other".getBytes()));
    assertEquals(422, bad.statusCode());
    assertEquals(404, node.call("HEAD", "/sda/3/a/c/etag").statusCode());
    ObjectKey key = ObjectKey.of(node.node.hasher(), 3, "a", "c", "etag");
    assertEquals(0, TestNode.await(node.node.device("sda").objects().chunkEntries(key)));
    assertEquals(201, put("/sda/3/a/c/etag", "1700000000.00000", body, "ETag", "\"" + md5(body) + "\"").statusCode());
    assertEquals(5, TestNode.await(node.node.device("sda").objects().chunkEntries(key)));
  }

  @Test
  void newerWriteDropsOlderChunks() {
    ObjectKey key = ObjectKey.of(node.node.hasher(), 4, "a", "c", "chunks");
    assertEquals(201, put("/sda/4/a/c/chunks", "1700000000.00000", random(9000, 3)).statusCode());
    assertEquals(3, TestNode.await(node.node.device("sda").objects().chunkEntries(key)));
    assertEquals(201, put("/sda/4/a/c/chunks", "1700000001.00000", random(100, 3)).statusCode());
    assertEquals(1, TestNode.await(node.node.device("sda").objects().chunkEntries(key)));
    assertEquals(204, node.call("DELETE", "/sda/4/a/c/chunks", "X-Timestamp", "1700000002.00000").statusCode());
    assertEquals(0, TestNode.await(node.node.device("sda").objects().chunkEntries(key)));
  }

  @Test
  void largeBodiesLiveInOneFileThatNewerWritesRemove() throws Exception {
    ObjectKey key = ObjectKey.of(node.node.hasher(), 5, "a", "c", "large");
    byte[] first = random(200_000, 5);
    assertEquals(201, put("/sda/5/a/c/large", "1700000000.00000", first).statusCode());
    assertEquals(1, TestNode.await(node.node.device("sda").objects().bodyFiles(key)));
    assertEquals(0, TestNode.await(node.node.device("sda").objects().chunkEntries(key)));
    io.stratus.objectserver.store.ObjectReader before = TestNode.await(node.node.device("sda").objects().open(key));

    byte[] second = random(150_000, 6);
    assertEquals(201, put("/sda/5/a/c/large", "1700000001.00000", second).statusCode());
    assertEquals(1, TestNode.await(node.node.device("sda").objects().bodyFiles(key)), "the older body file is gone");
    assertArrayEquals(java.util.Arrays.copyOfRange(first, 4096 * 40, 4096 * 40 + 4096), TestNode.await(before.chunk(40)),
        "a reader opened before the overwrite still reads the old body");
    before.close();
    HttpResponse<byte[]> got = node.sendBytes(node.request("/sda/5/a/c/large").GET());
    assertEquals(200, got.statusCode());
    assertArrayEquals(second, got.body());
    HttpResponse<byte[]> range = node.sendBytes(node.request("/sda/5/a/c/large").header("Range", "bytes=4000-70000").GET());
    assertEquals(206, range.statusCode());
    assertArrayEquals(java.util.Arrays.copyOfRange(second, 4000, 70001), range.body());

    assertEquals(422, put("/sda/5/a/c/large", "1700000002.00000", first, "ETag", md5(second)).statusCode());
    assertEquals(409, put("/sda/5/a/c/large", "1700000001.00000", first).statusCode());
    assertEquals(1, TestNode.await(node.node.device("sda").objects().bodyFiles(key)), "refused bodies leave no file");

    assertEquals(201, put("/sda/5/a/c/large", "1700000003.00000", random(100, 7)).statusCode());
    assertEquals(0, TestNode.await(node.node.device("sda").objects().bodyFiles(key)));
    assertEquals(1, TestNode.await(node.node.device("sda").objects().chunkEntries(key)));
    assertEquals(201, put("/sda/5/a/c/large", "1700000004.00000", first).statusCode());
    assertEquals(204, node.call("DELETE", "/sda/5/a/c/large", "X-Timestamp", "1700000005.00000").statusCode());
    assertEquals(0, TestNode.await(node.node.device("sda").objects().bodyFiles(key)));
    assertEquals(0, TestNode.await(node.node.device("sda").objects().chunkEntries(key)));
  }

  @Test
  void badInputIsRefusedNotFailed() {
    assertEquals(400, put("/sda/1/a/c/bad", "yesterday", new byte[1]).statusCode());
    assertEquals(400, node.put("/sda/1/a/c/bad", new byte[1], "Content-Type", "text/plain").statusCode());
    assertEquals(400, node.put("/sda/1/a/c/bad", new byte[1], "X-Timestamp", "1700000000").statusCode());
    assertEquals(507, put("/nosuch/1/a/c/o", "1700000000", new byte[1]).statusCode());
    assertEquals(400, node.call("GET", "/sda/x1/a/c/o").statusCode());
    assertEquals(400, node.call("GET", "/sda/-1/a/c/o").statusCode());
    assertEquals(400, node.call("GET", "/sda/1").statusCode());
    assertEquals(400, node.call("GET", "/sda/1/a//o").statusCode());
  }

  @Test
  void malformedPathsAre400() throws Exception {
    assertEquals(400, rawStatus("GET /sda/1/a/c/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertEquals(400, rawStatus("GET /sda/1/a/c/%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertEquals(400, rawStatus("GET /sda/99999999999/a HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertEquals(400, node.call("DELETE", "/sda/1/a/c/o").statusCode());
    assertEquals(400, put("/sda/1/a/c/o", "1700000000", new byte[1], "X-Delete-At", "soon").statusCode());
    assertEquals(405, node.call("PATCH", "/sda/1/a/c/o").statusCode());
  }

  @Test
  void rangesSingleSuffixMultiAndUnsatisfiable() {
    byte[] body = "0123456789abcdefghij".repeat(500).getBytes(StandardCharsets.US_ASCII);
    assertEquals(201, put("/sdb/5/a/c/r", "1700000000", body).statusCode());
    HttpResponse<String> one = node.send(node.request("/sdb/5/a/c/r").header("Range", "bytes=4090-4101").GET());
    assertEquals(206, one.statusCode());
    assertEquals(new String(body, 4090, 12, StandardCharsets.US_ASCII), one.body());
    assertEquals("bytes 4090-4101/10000", one.headers().firstValue("Content-Range").orElseThrow());

    HttpResponse<String> suffix = node.send(node.request("/sdb/5/a/c/r").header("Range", "bytes=-5").GET());
    assertEquals("fghij", suffix.body());
    HttpResponse<String> open = node.send(node.request("/sdb/5/a/c/r").header("Range", "bytes=9998-").GET());
    assertEquals("ij", open.body());

    HttpResponse<String> multi = node.send(node.request("/sdb/5/a/c/r").header("Range", "bytes=0-1,8190-8193").GET());
    assertEquals(206, multi.statusCode());
    String type = multi.headers().firstValue("Content-Type").orElseThrow();
    assertTrue(type.startsWith("multipart/byteranges;boundary="));
    String boundary = type.substring(type.indexOf('=') + 1);
    String expected = "--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-1/10000\r\n\r\n01\r\n"
        + "--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 8190-8193/10000\r\n\r\n"
        + new String(body, 8190, 4, StandardCharsets.US_ASCII) + "\r\n--" + boundary + "--";
    assertEquals(expected, multi.body());
    assertEquals(Integer.toString(expected.length()), multi.headers().firstValue("Content-Length").orElseThrow());

    HttpResponse<String> none = node.send(node.request("/sdb/5/a/c/r").header("Range", "bytes=10000-").GET());
    assertEquals(416, none.statusCode());
    assertEquals("bytes */10000", none.headers().firstValue("Content-Range").orElseThrow());
    HttpResponse<String> ignored = node.send(node.request("/sdb/5/a/c/r").header("Range", "bytes=5-2").GET());
    assertEquals(200, ignored.statusCode());
    assertEquals(10000, ignored.body().length());
  }

  @Test
  void postReplacesMetadataAndExpiryHides() {
    assertEquals(201, put("/sda/6/a/c/meta", "1700000000", "m".getBytes(), "X-Object-Meta-A", "1",
        "X-Object-Sysmeta-S", "kept").statusCode());
    assertEquals(202, node.call("POST", "/sda/6/a/c/meta", "X-Timestamp", "1700000001", "X-Object-Meta-B", "2").statusCode());
    HttpResponse<String> head = node.call("HEAD", "/sda/6/a/c/meta");
    assertFalse(head.headers().firstValue("X-Object-Meta-A").isPresent());
    assertEquals("2", head.headers().firstValue("X-Object-Meta-B").orElseThrow());
    assertEquals("kept", head.headers().firstValue("X-Object-Sysmeta-S").orElseThrow());
    assertEquals(409, node.call("POST", "/sda/6/a/c/meta", "X-Timestamp", "1700000000.5").statusCode());
    assertEquals(404, node.call("POST", "/sda/6/a/c/nometa", "X-Timestamp", "1700000001").statusCode());

    long at = clock.millis() / 1000 + 60;
    assertEquals(202, node.call("POST", "/sda/6/a/c/meta", "X-Timestamp", "1700000002", "X-Delete-At",
        Long.toString(at)).statusCode());
    assertEquals(200, node.call("GET", "/sda/6/a/c/meta").statusCode());
    Instant before = clock.instant();
    clock.set(before.plusSeconds(61));
    try {
      HttpResponse<String> expired = node.call("GET", "/sda/6/a/c/meta");
      assertEquals(404, expired.statusCode());
      assertTrue(expired.headers().firstValue("X-Backend-Timestamp").isPresent());
    } finally {
      clock.set(before);
    }
  }

  @Test
  void chunkedUploadOfManyChunks() throws Exception {
    byte[] body = random(100_000, 9);
    HttpRequest.Builder b = node.request("/sdb/8/a/c/chunked")
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
        .header("X-Timestamp", "1700000000").header("Content-Type", "x/y");
    HttpResponse<String> created = node.send(b);
    assertEquals(201, created.statusCode());
    assertArrayEquals(body, node.sendBytes(node.request("/sdb/8/a/c/chunked").GET()).body());
    assertEquals(411, rawStatus("PUT /sdb/8/a/c/nolength HTTP/1.1\r\nHost: x\r\nX-Timestamp: 1\r\nContent-Type: a/b\r\n\r\n"));
  }

  @Test
  void truncatedBodyStoresNothing() throws Exception {
    try (Socket s = new Socket("127.0.0.1", node.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("PUT /sda/9/a/c/short HTTP/1.1\r\nHost: x\r\nX-Timestamp: 1700000000\r\nContent-Type: a/b\r\n"
          + "Content-Length: 50000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(random(20_000, 4));
      out.flush();
    }
    ObjectKey key = ObjectKey.of(node.node.hasher(), 9, "a", "c", "short");
    // A HEAD answers 404 throughout; the node decides 499 only after the abort dropped the chunks.
    assertEquals(404, node.call("HEAD", "/sda/9/a/c/short").statusCode());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (node.node.responses().count(499) == 0 && System.nanoTime() < deadline) {
      TestNode.await(node.vertx.timer(10));
    }
    assertEquals(1, node.node.responses().count(499), "the truncated PUT was not refused with 499");
    assertEquals(0, TestNode.await(node.node.device("sda").objects().chunkEntries(key)));
  }

  @Test
  void reclaimDropsOldTombstones() {
    long now = clock.millis() / 1000;
    String old = (now - 8 * 86400) + ".00000";
    assertEquals(404, node.call("DELETE", "/sdb/10/a/c/old", "X-Timestamp", old).statusCode());
    assertEquals(404, node.call("DELETE", "/sdb/10/a/c/new", "X-Timestamp", (now - 86400) + ".00000").statusCode());
    assertTrue(TestNode.await(node.node.reclaim()) >= 1);
    assertFalse(node.call("HEAD", "/sdb/10/a/c/old").headers().firstValue("X-Backend-Timestamp").isPresent());
    assertTrue(node.call("HEAD", "/sdb/10/a/c/new").headers().firstValue("X-Backend-Timestamp").isPresent());
  }

  int rawStatus(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", node.port())) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[12];
      int n = in.readNBytes(buf, 0, 12);
      return Integer.parseInt(new String(buf, 9, Math.min(3, n - 9), StandardCharsets.US_ASCII));
    }
  }
}
