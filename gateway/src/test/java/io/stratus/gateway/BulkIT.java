package io.stratus.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swift's bulk middleware against a real cluster: bulk delete (POST and DELETE, every Accept format)
 * and archive extraction (python3-made GNU and gzipped pax tars, GNU tar -cjf and pbzip2 bzip2 tars,
 * large files streamed plain and through many bzip2 blocks, bad archives).
 */
class BulkIT {
  @TempDir
  static java.nio.file.Path root;
  static TestCluster cluster;
  static TestCluster.Login admin;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(root);
    admin = cluster.login("admin:admin", TestCluster.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static void ok(int expected, HttpResponse<?> r) {
    assertEquals(expected, r.statusCode(), () -> r.uri() + " -> " + r.body());
  }

  static HttpResponse<String> call(String method, String p, String body, String... headers) {
    return cluster.call(method, admin.storageUrl() + p, admin.token(), body == null ? null
        : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  @Test
  void bulkDeleteRemovesObjectsAndEmptyContainers() {
    ok(201, call("PUT", "/bulk", null));
    ok(201, call("PUT", "/bulk-empty", null));
    for (String name : new String[] {"a", "b c", "d/e"}) ok(201, call("PUT", "/bulk/" + name.replace(" ", "%20"), "x"));
    String body = "/bulk/a\nbulk/b%20c\n/bulk/d/e\n/bulk/missing\n\n/bulk-empty\n/nosuch/x";
    HttpResponse<String> r = call("POST", "?bulk-delete", body, "Accept", "application/json", "Content-Type", "text/plain");
    ok(200, r);
    JsonObject json = new JsonObject(r.body());
    assertEquals(4, json.getInteger("Number Deleted"), r.body());
    assertEquals(2, json.getInteger("Number Not Found"), r.body());
    assertEquals("200 OK", json.getString("Response Status"));
    ok(404, call("HEAD", "/bulk-empty", null));
    ok(204, call("GET", "/bulk", null));
  }

  @Test
  void bulkDeleteReportsConflictsInPlainTextAndXml() {
    ok(201, call("PUT", "/full", null));
    ok(201, call("PUT", "/full/keep", "x"));
    HttpResponse<String> plain = call("DELETE", "?bulk-delete", "/full\n");
    ok(200, plain);
    assertEquals("Number Deleted: 0\nNumber Not Found: 0\nResponse Body: \nResponse Status: 400 Bad Request\n"
        + "Errors:\n/full, 409 Conflict", plain.body());
    HttpResponse<String> xml = call("POST", "?bulk-delete", "/full/keep\n/full", "Accept", "application/xml");
    assertTrue(xml.body().startsWith("<delete>\n<number_deleted>"), xml.body());
    assertTrue(xml.body().contains("<response_status>"), xml.body());
    ok(404, call("HEAD", "/full/keep", null));
  }

  @Test
  void namesWithoutAContainerAreBadRequestsInTheReport() {
    HttpResponse<String> plain = call("POST", "?bulk-delete", "//\n/\n//x\n", "Content-Type", "text/plain");
    ok(200, plain);
    assertEquals("Number Deleted: 0\nNumber Not Found: 0\nResponse Body: \nResponse Status: 400 Bad Request\n"
        + "Errors:\n//, 400 Bad Request\n/, 400 Bad Request\n//x, 400 Bad Request", plain.body());
  }

  @Test
  void tooManyNamesAre413InTheReport() {
    String body = "/c/o\n".repeat(10_001);
    JsonObject json = new JsonObject(call("POST", "?bulk-delete", body, "Accept", "application/json").body());
    assertEquals("413 Request Entity Too Large", json.getString("Response Status"));
    assertEquals("Maximum Bulk Deletes: 10000 per request", json.getString("Response Body"));
  }

  private static byte[] resource(String name) throws Exception {
    try (java.io.InputStream in = BulkIT.class.getResourceAsStream("/archives/" + name)) {
      return in.readAllBytes();
    }
  }

  private static HttpResponse<String> put(String p, byte[] body, String... headers) {
    return cluster.call("PUT", admin.storageUrl() + p, admin.token(), body, headers);
  }

  /** A ustar archive of one file, written here: a header, the data, padding and the two end blocks. */
  static byte[] ustar(String name, byte[] data) {
    byte[] h = new byte[512];
    System.arraycopy(name.getBytes(StandardCharsets.UTF_8), 0, h, 0, name.length());
    byte[][] fields = {"0000644\0".getBytes(), "0000000\0".getBytes(), "0000000\0".getBytes(),
        String.format("%011o\0", data.length).getBytes(), String.format("%011o\0", 1_700_000_000L).getBytes()};
    int[] offsets = {100, 108, 116, 124, 136};
    for (int i = 0; i < fields.length; i++) System.arraycopy(fields[i], 0, h, offsets[i], fields[i].length);
    h[156] = '0';
    System.arraycopy("ustar\0".getBytes(), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : h) sum += b & 0xFF;
    byte[] chk = String.format("%06o\0 ", sum).getBytes();
    System.arraycopy(chk, 0, h, 148, 8);
    int padded = (data.length + 511) / 512 * 512;
    byte[] out = new byte[512 + padded + 1024];
    System.arraycopy(h, 0, out, 0, 512);
    System.arraycopy(data, 0, out, 512, data.length);
    return out;
  }

  @Test
  void extractArchiveAtAccountLevelCreatesContainers() throws Exception {
    HttpResponse<String> r = put("?extract-archive=tar", resource("gnu.tar"), "Accept", "application/json");
    ok(200, r);
    JsonObject json = new JsonObject(r.body());
    assertEquals(4, json.getInteger("Number Files Created"), r.body());
    assertEquals("201 Created", json.getString("Response Status"));
    assertEquals("meow".repeat(1000), call("GET", "/photos/cat.jpg", null).body());
    assertEquals("long name", call("GET", "/photos/" + "a".repeat(120) + ".txt", null).body());
    assertEquals("# readme\n", call("GET", "/docs/readme.md", null).body());
    assertEquals("", call("GET", "/docs/empty", null).body());
    ok(404, call("HEAD", "/toplevel.txt", null));
  }

  @Test
  void extractGzippedArchiveIntoAContainerPrefix() throws Exception {
    ok(201, call("PUT", "/arch", null));
    HttpResponse<String> r = put("/arch/pre?extract-archive=tar.gz", resource("pax.tar.gz"));
    ok(200, r);
    assertEquals("Number Files Created: 2\nResponse Body: \nResponse Status: 201 Created\nErrors:\n", r.body());
    assertEquals("unicode name", call("GET", "/arch/pre/music/na%C3%AFve%20caf%C3%A9.txt", null).body());
    byte[] deep = cluster.getBytes(admin.storageUrl() + "/arch/pre/music/" + "b".repeat(150) + "/deep.bin", admin.token())
        .body();
    assertEquals(10240, deep.length);
  }

  @Test
  void extractKeepsPaxXattrMetadata() throws Exception {
    // tarfile PAX_FORMAT with pax_headers SCHILY.xattr.user.meta.color=blue, SCHILY.xattr.user.mime_type=text/x-test,
    // LIBARCHIVE.xattr.user.meta.shape=round
    ok(200, put("?extract-archive=tar", resource("meta.tar")));
    HttpResponse<String> head = call("HEAD", "/tagged/file.txt", null);
    ok(200, head);
    assertEquals("blue", head.headers().firstValue("X-Object-Meta-Color").orElse(null));
    assertEquals("round", head.headers().firstValue("X-Object-Meta-Shape").orElse(null));
    assertEquals("text/x-test", head.headers().firstValue("Content-Type").orElse(null));
  }

  @Test
  void extractStreamsALargeFileAndReportsBadArchives() throws Exception {
    byte[] big = new byte[5 * 1024 * 1024 + 3];
    new java.util.Random(5).nextBytes(big);
    ok(200, put("/big?extract-archive=tar", ustar("blob.bin", big)));
    org.junit.jupiter.api.Assertions.assertArrayEquals(big,
        cluster.getBytes(admin.storageUrl() + "/big/blob.bin", admin.token()).body());
    HttpResponse<String> bad = put("/big?extract-archive=tar.gz", "not gzip".getBytes(), "Accept", "application/json");
    ok(200, bad);
    assertEquals("400 Bad Request", new JsonObject(bad.body()).getString("Response Status"));
    assertEquals("Invalid Tar File: not a gzip file", new JsonObject(bad.body()).getString("Response Body"));
    ok(400, put("/big?extract-archive=tar.xz", new byte[10]));
    HttpResponse<String> empty = put("/big?extract-archive=tar", new byte[1024], "Accept", "application/json");
    assertEquals("Invalid Tar File: No Valid Files", new JsonObject(empty.body()).getString("Response Body"));
    // A plain archive cut inside a file's data: the report says so, and nothing of the file is kept
    byte[] cut = java.util.Arrays.copyOf(ustar("cut.bin", new byte[100]), 600);
    HttpResponse<String> truncated = put("/big?extract-archive=tar", cut, "Accept", "application/json");
    ok(200, truncated);
    JsonObject report = new JsonObject(truncated.body());
    assertEquals("400 Bad Request", report.getString("Response Status"), truncated.body());
    assertTrue(report.getString("Response Body").startsWith("Invalid Tar File: "), truncated.body());
    ok(404, cluster.call("HEAD", admin.storageUrl() + "/big/cut.bin", admin.token(), null));
  }

  @Test
  void extractBzippedArchivesFromTarAndPbzip2() throws Exception {
    ok(201, call("PUT", "/bz", null));
    HttpResponse<String> r = put("/bz/tar?extract-archive=tar.bz2", resource("pax.tar.bz2"), "Accept", "application/json");
    ok(200, r);
    assertEquals(3, new JsonObject(r.body()).getInteger("Number Files Created"), r.body());
    ok(200, put("/bz/pbzip2?extract-archive=.tar.bz2.", resource("pbzip2.tar.bz2")));
    for (String prefix : new String[] {"tar", "pbzip2"}) {
      assertEquals("unicode name", call("GET", "/bz/" + prefix + "/music/na%C3%AFve%20caf%C3%A9.txt", null).body());
      String runs = call("GET", "/bz/" + prefix + "/music/runs.txt", null).body();
      assertEquals("a".repeat(100_000) + "\n" + "tar -cjf\n".repeat(3000), runs);
      assertEquals(10240, cluster.getBytes(admin.storageUrl() + "/bz/" + prefix + "/music/" + "b".repeat(150) + "/deep.bin",
          admin.token()).body().length);
    }
  }

  private static byte[] bzip2(byte[] data, int level) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (var bz = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(out, level)) {
      bz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void extractStreamsALargeFileThroughManyBzip2Blocks() throws Exception {
    byte[] big = new byte[4 * 1024 * 1024 + 5];
    new java.util.Random(6).nextBytes(big);
    ok(201, call("PUT", "/bzbig", null));
    ok(200, put("/bzbig?extract-archive=tar.bz2", bzip2(ustar("blob.bin", big), 1)));
    org.junit.jupiter.api.Assertions.assertArrayEquals(big,
        cluster.getBytes(admin.storageUrl() + "/bzbig/blob.bin", admin.token()).body());
  }

  @Test
  void corruptOrTruncatedBzip2IsABulkError() throws Exception {
    byte[] archive = bzip2(ustar("file.bin", new byte[300_000]), 1);
    String[][] cases = {
        {"not a bzip2 file", "not bzip2"},
        {"unexpected end of bzip2 data", "truncated"},
        {"CRC check failed", "block crc"},
    };
    for (String[] c : cases) {
      byte[] bad = switch (c[1]) {
        case "not bzip2" -> resource("pax.tar.gz");
        case "truncated" -> java.util.Arrays.copyOf(archive, archive.length - 20);
        default -> {
          byte[] b = archive.clone();
          b[10] ^= 4;
          yield b;
        }
      };
      HttpResponse<String> r = put("/bzbad?extract-archive=tar.bz2", bad, "Accept", "application/json");
      ok(200, r);
      JsonObject json = new JsonObject(r.body());
      assertEquals("400 Bad Request", json.getString("Response Status"), c[1] + ": " + r.body());
      assertEquals("Invalid Tar File: " + c[0], json.getString("Response Body"), c[1]);
    }
  }
}
