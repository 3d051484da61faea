package io.stratus.gateway.s3;

import static io.stratus.gateway.TestCluster.random;
import static io.stratus.gateway.s3.S3BucketsIT.error;
import static io.stratus.gateway.s3.S3BucketsIT.ok;
import static io.stratus.gateway.s3.S3Http.all;
import static io.stratus.gateway.s3.S3Http.header;
import static io.stratus.gateway.s3.S3Http.one;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.gateway.TestCluster;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multipart uploads on a real cluster through {@link S3TestFront}: create, upload parts (streamed, and copied
 * from a range of another object), list parts and uploads, complete into an object whose GET streams the parts and
 * whose ETag is the MD5 of the parts' binary MD5s with "-N", the checks of complete (InvalidPart,
 * InvalidPartOrder, EntityTooSmall), abort, Complete and Abort racing (one wins, a completed object stays whole), and
 * a multipart object's parts going with it on delete.
 */
class S3MultipartIT {
  private static final int MIB = 1024 * 1024;
  @TempDir
  static java.nio.file.Path root;
  static TestCluster cluster;
  static S3TestFront front;
  static S3Http s3;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(root);
    front = S3TestFront.start(cluster);
    s3 = new S3Http(front, front.caller("mona", "proj-m", "member"));
    ok(200, s3.call("PUT", "/mpu", (String) null));
  }

  @AfterAll
  static void stop() {
    front.close();
    cluster.close();
  }


  private static String create(String key, String... headers) {
    HttpResponse<byte[]> r = s3.call("POST", "/mpu/" + key + "?uploads", (String) null, headers);
    ok(200, r);
    assertEquals(key, one(r, "/InitiateMultipartUploadResult/Key"));
    return one(r, "/InitiateMultipartUploadResult/UploadId");
  }

  private static String part(String key, String id, int n, byte[] body) {
    HttpResponse<byte[]> r = s3.call("PUT", "/mpu/" + key + "?partNumber=" + n + "&uploadId=" + id, body,
        "Content-MD5", S3Http.md5Base64(body));
    ok(200, r);
    assertEquals("\"" + S3Http.md5Hex(body) + "\"", header(r, "ETag"));
    return header(r, "ETag");
  }

  private static String completion(String... numbersAndEtags) {
    StringBuilder sb = new StringBuilder("<CompleteMultipartUpload>");
    for (int i = 0; i < numbersAndEtags.length; i += 2) {
      sb.append("<Part><PartNumber>").append(numbersAndEtags[i]).append("</PartNumber><ETag>").append(numbersAndEtags[i + 1])
          .append("</ETag></Part>");
    }
    return sb.append("</CompleteMultipartUpload>").toString();
  }

  private static String md5OfMd5s(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) all.writeBytes(S3Http.md5(p));
    return HexFormat.of().formatHex(S3Http.md5(all.toByteArray())) + "-" + parts.length;
  }

  @Test
  void completeStreamsThePartsUnderTheMd5OfMd5sEtag() {
    byte[] one = random(5 * MIB, 1);
    byte[] two = random(1000, 2);
    String id = create("big.bin", "Content-Type", "application/x-big", "x-amz-meta-origin", "test");
    String e1 = part("big.bin", id, 1, one);
    String e2 = part("big.bin", id, 2, two);
    HttpResponse<byte[]> parts = s3.call("GET", "/mpu/big.bin?uploadId=" + id, (String) null);
    ok(200, parts);
    assertEquals(List.of("1", "2"), all(parts, "/ListPartsResult/Part/PartNumber"));
    assertEquals(List.of(String.valueOf(5 * MIB), "1000"), all(parts, "/ListPartsResult/Part/Size"));
    HttpResponse<byte[]> uploads = s3.call("GET", "/mpu?uploads", (String) null);
    assertTrue(all(uploads, "/ListMultipartUploadsResult/Upload/UploadId").contains(id));
    HttpResponse<byte[]> done = s3.call("POST", "/mpu/big.bin?uploadId=" + id, completion("1", e1, "2", e2));
    ok(200, done);
    String etag = "\"" + md5OfMd5s(one, two) + "\"";
    assertEquals(etag, one(done, "/CompleteMultipartUploadResult/ETag"));
    HttpResponse<byte[]> got = s3.call("GET", "/mpu/big.bin", (String) null);
    ok(200, got);
    byte[] whole = new byte[one.length + two.length];
    System.arraycopy(one, 0, whole, 0, one.length);
    System.arraycopy(two, 0, whole, one.length, two.length);
    assertArrayEquals(whole, got.body());
    assertEquals(etag, header(got, "ETag"));
    assertEquals("application/x-big", header(got, "Content-Type"));
    assertEquals("test", header(got, "x-amz-meta-origin"));
    HttpResponse<byte[]> head = s3.call("HEAD", "/mpu/big.bin", (String) null);
    assertEquals(String.valueOf(whole.length), header(head, "Content-Length"));
    assertEquals(etag, header(head, "ETag"));
    HttpResponse<byte[]> across = s3.call("GET", "/mpu/big.bin", (String) null, "Range", "bytes=" + (5 * MIB - 2) + "-"
        + (5 * MIB + 1));
    ok(206, across);
    assertArrayEquals(Arrays.copyOfRange(whole, 5 * MIB - 2, 5 * MIB + 2), across.body());
    ok(200, s3.call("GET", "/mpu/big.bin", (String) null, "If-Match", etag));
    HttpResponse<byte[]> listing = s3.call("GET", "/mpu?list-type=2&prefix=big", (String) null);
    assertEquals(etag, one(listing, "/ListBucketResult/Contents/ETag"));
    assertEquals(String.valueOf(whole.length), one(listing, "/ListBucketResult/Contents/Size"));
    assertTrue(!all(s3.call("GET", "/mpu?uploads", (String) null), "//Upload/UploadId").contains(id));
    error(404, "NoSuchUpload", s3.call("GET", "/mpu/big.bin?uploadId=" + id, (String) null));
    // Deleting the object takes its parts.
    ok(204, s3.call("DELETE", "/mpu/big.bin", (String) null));
    assertEquals(0, segments("big.bin/").size());
  }

  /** The segments container's objects under a prefix, read over the Swift API as admin. */
  private static List<String> segments(String prefix) {
    TestCluster.Login admin = cluster.login("admin:admin", TestCluster.ADMIN_PASSWORD);
    String storage = admin.storageUrl().replaceAll("AUTH_[^/]+$", "AUTH_proj-m");
    HttpResponse<String> r = cluster.call("GET", storage + "/mpu+segments?prefix=" + prefix, admin.token(), null);
    return r.body().isEmpty() ? List.of() : List.of(r.body().split("\n"));
  }

  @Test
  void completeChecksThePartList() {
    byte[] small = "small".getBytes(StandardCharsets.UTF_8);
    byte[] big = random(5 * MIB, 3);
    String id = create("checked");
    String e1 = part("checked", id, 1, small);
    String e2 = part("checked", id, 2, big);
    error(400, "InvalidPartOrder", s3.call("POST", "/mpu/checked?uploadId=" + id, completion("2", e2, "1", e1)));
    error(400, "InvalidPart", s3.call("POST", "/mpu/checked?uploadId=" + id, completion("1", e1, "3", e2)));
    error(400, "InvalidPart", s3.call("POST", "/mpu/checked?uploadId=" + id, completion("1", "\"0000\"", "2", e2)));
    error(400, "EntityTooSmall", s3.call("POST", "/mpu/checked?uploadId=" + id, completion("1", e1, "2", e2)));
    error(400, "MalformedXML", s3.call("POST", "/mpu/checked?uploadId=" + id, "<CompleteMultipartUpload/>"));
    for (int depth : new int[] {3000, 50_000}) {
      error(400, "MalformedXML", s3.call("POST", "/mpu/checked?uploadId=" + id, "<CompleteMultipartUpload>"
          + XmlNodeTest.nested(depth) + "</CompleteMultipartUpload>"));
    }
    // Only part 2: a single part may be of any size; part 1 is not used and goes.
    ok(200, s3.call("POST", "/mpu/checked?uploadId=" + id, completion("2", e2)));
    assertArrayEquals(big, s3.call("GET", "/mpu/checked", (String) null).body());
    assertEquals(1, segments("checked/").size());
  }

  @Test
  void abortDeletesTheParts() {
    String id = create("aborted");
    part("aborted", id, 1, "a".getBytes(StandardCharsets.UTF_8));
    part("aborted", id, 2, "b".getBytes(StandardCharsets.UTF_8));
    assertEquals(3, segments("aborted/").size());
    ok(204, s3.call("DELETE", "/mpu/aborted?uploadId=" + id, (String) null));
    assertEquals(0, segments("aborted/").size());
    error(404, "NoSuchUpload", s3.call("DELETE", "/mpu/aborted?uploadId=" + id, (String) null));
    error(404, "NoSuchUpload", s3.call("PUT", "/mpu/aborted?partNumber=1&uploadId=" + id, "x"));
    error(404, "NoSuchKey", s3.call("GET", "/mpu/aborted", (String) null));
  }

  @Test
  void completeAndAbortRacingLeaveOneWinnerAndAReadableObject() throws Exception {
    byte[] one = random(5 * MIB, 5);
    byte[] two = random(1000, 6);
    byte[] whole = new byte[one.length + two.length];
    System.arraycopy(one, 0, whole, 0, one.length);
    System.arraycopy(two, 0, whole, one.length, two.length);
    String etag = "\"" + md5OfMd5s(one, two) + "\"";
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        String key = "raced" + round;
        String id = create(key);
        String body = completion("1", part(key, id, 1, one), "2", part(key, id, 2, two));
        CyclicBarrier start = new CyclicBarrier(2);
        Future<HttpResponse<byte[]>> completing = pool.submit(() -> {
          start.await();
          return s3.call("POST", "/mpu/" + key + "?uploadId=" + id, body);
        });
        Future<HttpResponse<byte[]>> aborting = pool.submit(() -> {
          start.await();
          return s3.call("DELETE", "/mpu/" + key + "?uploadId=" + id, (String) null);
        });
        HttpResponse<byte[]> complete = completing.get();
        HttpResponse<byte[]> abort = aborting.get();
        String outcome = "round " + round + ": complete " + complete.statusCode() + ", abort " + abort.statusCode();
        assertTrue(complete.statusCode() == 200 ^ abort.statusCode() == 204, outcome);
        HttpResponse<byte[]> got = s3.call("GET", "/mpu/" + key, (String) null);
        if (complete.statusCode() == 200) {
          assertEquals(etag, one(complete, "/CompleteMultipartUploadResult/ETag"), outcome);
          error(404, "NoSuchUpload", abort);
          ok(200, got);
          assertArrayEquals(whole, got.body(), outcome);
          assertEquals(etag, header(got, "ETag"), outcome);
        } else {
          error(404, "NoSuchUpload", complete);
          error(404, "NoSuchKey", got);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void abortAfterCompleteAndCompleteAfterAbortFindNoUpload() {
    byte[] data = "last".getBytes(StandardCharsets.UTF_8);
    String done = create("settled");
    String body = completion("1", part("settled", done, 1, data));
    ok(200, s3.call("POST", "/mpu/settled?uploadId=" + done, body));
    error(404, "NoSuchUpload", s3.call("DELETE", "/mpu/settled?uploadId=" + done, (String) null));
    assertArrayEquals(data, s3.call("GET", "/mpu/settled", (String) null).body());
    String gone = create("dropped");
    String other = completion("1", part("dropped", gone, 1, data));
    ok(204, s3.call("DELETE", "/mpu/dropped?uploadId=" + gone, (String) null));
    error(404, "NoSuchUpload", s3.call("POST", "/mpu/dropped?uploadId=" + gone, other));
    error(404, "NoSuchKey", s3.call("GET", "/mpu/dropped", (String) null));
  }

  @Test
  void uploadPartCopyTakesARange() {
    byte[] source = random(6 * MIB, 4);
    ok(200, s3.call("PUT", "/mpu/source", source));
    String id = create("copied");
    HttpResponse<byte[]> c1 = s3.call("PUT", "/mpu/copied?partNumber=1&uploadId=" + id, (String) null,
        "x-amz-copy-source", "/mpu/source", "x-amz-copy-source-range", "bytes=0-" + (5 * MIB - 1));
    ok(200, c1);
    String e1 = one(c1, "/CopyPartResult/ETag");
    assertEquals("\"" + S3Http.md5Hex(Arrays.copyOfRange(source, 0, 5 * MIB)) + "\"", e1);
    HttpResponse<byte[]> c2 = s3.call("PUT", "/mpu/copied?partNumber=2&uploadId=" + id, (String) null,
        "x-amz-copy-source", "/mpu/source", "x-amz-copy-source-range", "bytes=" + 5 * MIB + "-" + (6 * MIB - 1));
    String e2 = one(c2, "/CopyPartResult/ETag");
    error(400, "InvalidArgument", s3.call("PUT", "/mpu/copied?partNumber=3&uploadId=" + id, (String) null,
        "x-amz-copy-source", "/mpu/source", "x-amz-copy-source-range", "bytes=9-1"));
    ok(200, s3.call("POST", "/mpu/copied?uploadId=" + id, completion("1", e1, "2", e2)));
    assertArrayEquals(source, s3.call("GET", "/mpu/copied", (String) null).body());
  }
}
