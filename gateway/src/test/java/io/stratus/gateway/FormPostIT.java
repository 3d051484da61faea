package io.stratus.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swift's formpost against a real cluster: signed multipart forms store their files (a large one
 * streamed) under the container and prefix, answer 303 to the redirect or 201 text, and refuse bad
 * signatures, expired forms, too many and too large files; in a versioned container the file they
 * replace is archived first.
 */
class FormPostIT {
  private static final String BOUNDARY = "----stratusFormBoundary7MA4YWxkTrZu0gW";
  @TempDir
  static java.nio.file.Path root;
  static TestCluster cluster;
  static TestCluster.Login admin;
  static String path;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(root);
    admin = cluster.login("admin:admin", TestCluster.ADMIN_PASSWORD);
    path = URI.create(admin.storageUrl()).getPath();
    ok(204, call("POST", "", "X-Account-Meta-Temp-URL-Key", "form-key"));
    ok(201, call("PUT", "/forms"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static void ok(int expected, HttpResponse<?> r) {
    assertEquals(expected, r.statusCode(), () -> r.uri() + " -> " + r.body());
  }

  private static HttpResponse<String> call(String method, String p, String... headers) {
    return cluster.call(method, admin.storageUrl() + p, admin.token(), null, headers);
  }

  /** A multipart form: fields (name, value) then files (name, filename, bytes). */
  private static byte[] form(String[] fields, Object[]... files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < fields.length; i += 2) {
      out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n" + fields[i + 1]
          + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    for (Object[] f : files) {
      out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + f[0] + "\"; filename=\"" + f[1]
          + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.writeBytes((byte[]) f[2]);
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static String[] signed(String target, String redirect, long maxSize, int maxCount, long expires) throws Exception {
    String sig = TempUrlIT.hmac("HmacSHA256", "form-key", target + "\n" + redirect + "\n" + maxSize + "\n" + maxCount + "\n"
        + expires);
    return new String[] {"redirect", redirect, "max_file_size", Long.toString(maxSize), "max_file_count",
        Integer.toString(maxCount), "expires", Long.toString(expires), "signature", sig};
  }

  private static HttpResponse<String> post(String target, byte[] body) {
    return TestCluster.send(HttpRequest.newBuilder(URI.create(cluster.url(target)))
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static long later() {
    return System.currentTimeMillis() / 1000 + 600;
  }

  @Test
  void filesAreStoredUnderThePrefixWithA303() throws Exception {
    String target = path + "/forms/up/";
    byte[] big = new byte[3 * 1024 * 1024 + 7];
    new Random(9).nextBytes(big);
    HttpResponse<String> r = post(target, form(signed(target, "https://example.com/done?x=1", 8 << 20, 3, later()),
        new Object[] {"file1", "a.txt", "alpha".getBytes(StandardCharsets.UTF_8)}, new Object[] {"file2", "big.bin", big}));
    ok(303, r);
    assertEquals("https://example.com/done?x=1&status=201&message=", r.headers().firstValue("Location").orElseThrow());
    assertEquals("alpha", call("GET", "/forms/up/a.txt").body());
    assertArrayEquals(big, cluster.getBytes(admin.storageUrl() + "/forms/up/big.bin", admin.token()).body());
  }

  @Test
  void withoutRedirectTheStatusIsText() throws Exception {
    String target = path + "/forms";
    HttpResponse<String> r = post(target, form(signed(target, "", 100, 1, later()),
        new Object[] {"f", "plain.txt", "text".getBytes(StandardCharsets.UTF_8)}));
    ok(201, r);
    assertEquals("201 Created\r\nFormPost: ", r.body());
    assertEquals("text", call("GET", "/forms/plain.txt").body());
  }

  @Test
  void badSignaturesExpiryCountAndSizeAreRefused() throws Exception {
    String target = path + "/forms/refused/";
    Object[] file = {"f", "x.txt", "0123456789".getBytes(StandardCharsets.UTF_8)};
    String[] fields = signed(target, "", 100, 1, later());
    fields[9] = "0".repeat(64);
    HttpResponse<String> bad = post(target, form(fields, file));
    ok(401, bad);
    assertEquals("FormPost: Invalid Signature", bad.body());
    HttpResponse<String> expired = post(target, form(signed(target, "", 100, 1, 1_700_000_000L), file));
    ok(401, expired);
    assertEquals("FormPost: Form Expired", expired.body());
    HttpResponse<String> tooBig = post(target, form(signed(target, "", 5, 1, later()), file));
    ok(400, tooBig);
    assertEquals("FormPost: max_file_size exceeded", tooBig.body());
    HttpResponse<String> tooMany = post(target, form(signed(target, "https://example.com/", 100, 1, later()), file,
        new Object[] {"g", "y.txt", new byte[1]}));
    ok(303, tooMany);
    assertEquals("https://example.com/?status=400&message=max%20file%20count%20exceeded",
        tooMany.headers().firstValue("Location").orElseThrow());
    ok(200, call("GET", "/forms/refused/x.txt"));
    ok(404, call("GET", "/forms/refused/y.txt"));
  }

  @Test
  void aFileReplacedInAVersionedContainerIsArchived() throws Exception {
    ok(201, call("PUT", "/form-versions"));
    ok(201, call("PUT", "/vforms", "X-Versions-Location", "form-versions"));
    ok(201, cluster.call("PUT", admin.storageUrl() + "/vforms/f.txt", admin.token(), "old".getBytes(StandardCharsets.UTF_8)));
    String target = path + "/vforms/";
    ok(201, post(target, form(signed(target, "", 100, 1, later()),
        new Object[] {"f", "f.txt", "new".getBytes(StandardCharsets.UTF_8)})));
    assertEquals("new", call("GET", "/vforms/f.txt").body());
    io.vertx.core.json.JsonArray versions = new io.vertx.core.json.JsonArray(call("GET", "/form-versions?format=json").body());
    assertEquals(1, versions.size(), versions.encode());
    assertEquals("old", call("GET", "/form-versions/" + versions.getJsonObject(0).getString("name")).body());
  }
}
