package io.stratus.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swift's tempurl against a real cluster: account and container keys, hex and base64 signatures of
 * every digest, HEAD by a GET signature, PUT, prefix and ip-range URLs, ISO 8601 expiry, the
 * download's Content-Disposition, the 401s, the keys hidden from non-owners and /info.
 */
class TempUrlIT {
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
    ok(204, call("POST", "", null, "X-Account-Meta-Temp-URL-Key", "acct-key"));
    ok(201, call("PUT", "/tu", null, "X-Container-Meta-Temp-URL-Key-2", "cont-key"));
    ok(201, call("PUT", "/tu/report.txt", "the report".getBytes(StandardCharsets.UTF_8), "X-Object-Meta-Secret", "s",
        "X-Object-Meta-Public-Tag", "t", "Content-Type", "text/plain"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static void ok(int expected, HttpResponse<?> r) {
    assertEquals(expected, r.statusCode(), () -> r.uri() + " -> " + r.body());
  }

  private static HttpResponse<String> call(String method, String p, byte[] body, String... headers) {
    return cluster.call(method, admin.storageUrl() + p, admin.token(), body, headers);
  }

  private static HttpResponse<String> anonymous(String method, String url, byte[] body) {
    return cluster.call(method, cluster.url(url), null, body);
  }

  static String hmac(String algorithm, String key, String body) throws Exception {
    Mac mac = Mac.getInstance(algorithm);
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String url(String objectPath, String sig, String expires) {
    return objectPath + "?temp_url_sig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8) + "&temp_url_expires=" + expires;
  }

  private static long inAnHour() {
    return System.currentTimeMillis() / 1000 + 3600;
  }

  @Test
  void accountAndContainerKeysSignGetsOfEveryDigest() throws Exception {
    String object = path + "/tu/report.txt";
    long expires = inAnHour();
    String body = "GET\n" + expires + "\n" + object;
    for (String alg : new String[] {"HmacSHA1", "HmacSHA256", "HmacSHA512"}) {
      HttpResponse<String> r = anonymous("GET", url(object, hmac(alg, "acct-key", body), Long.toString(expires)), null);
      ok(200, r);
      assertEquals("the report", r.body());
      assertNull(r.headers().firstValue("X-Object-Meta-Secret").orElse(null));
      assertEquals("t", r.headers().firstValue("X-Object-Meta-Public-Tag").orElse(null));
      assertEquals("attachment; filename=\"report.txt\"; filename*=UTF-8''report.txt",
          r.headers().firstValue("Content-Disposition").orElseThrow());
    }
    byte[] raw = HexFormat.of().parseHex(hmac("HmacSHA512", "cont-key", body));
    String b64 = "sha512:" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    ok(200, anonymous("GET", url(object, b64, Long.toString(expires)), null));
    HttpResponse<String> head = anonymous("HEAD", url(object, hmac("HmacSHA256", "acct-key", body), Long.toString(expires)),
        null);
    ok(200, head);
    assertEquals("10", head.headers().firstValue("Content-Length").orElseThrow());
  }

  @Test
  void badExpiredOrWrongMethodSignaturesAre401() throws Exception {
    String object = path + "/tu/report.txt";
    long expires = inAnHour();
    String sig = hmac("HmacSHA256", "acct-key", "GET\n" + expires + "\n" + object);
    HttpResponse<String> wrong = anonymous("GET", url(object, hmac("HmacSHA256", "nope", "GET\n" + expires + "\n" + object),
        Long.toString(expires)), null);
    ok(401, wrong);
    assertEquals("401 Unauthorized: Temp URL invalid\n", wrong.body());
    assertTrue(wrong.headers().firstValue("Www-Authenticate").orElseThrow().startsWith("Swift realm="));
    ok(401, anonymous("PUT", url(object, sig, Long.toString(expires)), new byte[1]));
    ok(401, anonymous("DELETE", url(object, sig, Long.toString(expires)), null));
    String past = hmac("HmacSHA256", "acct-key", "GET\n1700000000\n" + object);
    ok(401, anonymous("GET", url(object, past, "1700000000"), null));
    ok(401, anonymous("GET", object + "?temp_url_sig=" + sig, null));
    ok(401, anonymous("GET", url(path + "/tu/other", sig, Long.toString(expires)), null));
  }

  @Test
  void putIso8601PrefixIpRangeAndDisposition() throws Exception {
    String object = path + "/tu/up/new.bin";
    // calendar.timegm(time.strptime('2099-01-01T00:00:00Z', '%Y-%m-%dT%H:%M:%SZ')) == 4070908800
    String put = hmac("HmacSHA256", "cont-key", "PUT\n4070908800\n" + object);
    ok(201, anonymous("PUT", url(object, put, "2099-01-01T00:00:00Z"), "uploaded".getBytes(StandardCharsets.UTF_8)));
    ok(200, anonymous("HEAD", url(object, put, "2099-01-01T00:00:00Z"), null));
    String prefixBody = "ip=127.0.0.0/8\nGET\n4070908800\nprefix:" + path + "/tu/up/";
    String prefixed = url(object, hmac("HmacSHA1", "acct-key", prefixBody), "4070908800")
        + "&temp_url_prefix=up/&temp_url_ip_range=127.0.0.0/8";
    HttpResponse<String> got = anonymous("GET", prefixed + "&filename=" + URLEncoder.encode("my file.bin",
        StandardCharsets.UTF_8).replace("+", "%20"), null);
    ok(200, got);
    assertEquals("uploaded", got.body());
    assertEquals("attachment; filename=\"my file.bin\"; filename*=UTF-8''my%20file.bin",
        got.headers().firstValue("Content-Disposition").orElseThrow());
    HttpResponse<String> inline = anonymous("GET", prefixed + "&inline", null);
    assertEquals("inline", inline.headers().firstValue("Content-Disposition").orElseThrow());
    assertEquals("Thu, 01 Jan 2099 00:00:00 GMT", inline.headers().firstValue("Expires").orElseThrow());
    HttpResponse<String> manifest = anonymous("PUT", url(object, put, "2099-01-01T00:00:00Z") + "&multipart-manifest=put",
        "[]".getBytes(StandardCharsets.UTF_8));
    ok(201, manifest);
    assertEquals("[]", anonymous("GET", prefixed, null).body());
    HttpResponse<String> pointer = cluster.call("PUT", cluster.url(url(object, put, "2099-01-01T00:00:00Z")), null,
        new byte[0], "X-Object-Manifest", "tu/report");
    ok(400, pointer);
    assertEquals("The header 'X-Object-Manifest' is not allowed in this tempurl", pointer.body());
    ok(401, anonymous("GET", prefixed.replace("/tu/up/new.bin", "/tu/report.txt"), null));
    String elsewhere = url(object, hmac("HmacSHA1", "acct-key", prefixBody.replace("127.0.0.0/8", "10.0.0.0/8")),
        "4070908800") + "&temp_url_prefix=up/&temp_url_ip_range=10.0.0.0/8";
    ok(401, anonymous("GET", elsewhere, null));
  }

  @Test
  void keysAreHiddenFromNonOwnersAndInfoAdvertisesTempurl() {
    String account = admin.storageUrl();
    assertEquals("acct-key", call("HEAD", "", null).headers().firstValue("X-Account-Meta-Temp-URL-Key").orElse(null));
    assertEquals("cont-key", call("HEAD", "/tu", null).headers().firstValue("X-Container-Meta-Temp-URL-Key-2").orElse(null));
    ok(204, call("POST", "/tu", null, "X-Container-Read", ".r:*,.rlistings"));
    HttpResponse<String> anon = cluster.call("HEAD", account + "/tu", null, null);
    ok(204, anon);
    assertNull(anon.headers().firstValue("X-Container-Meta-Temp-URL-Key-2").orElse(null));
    JsonObject tempurl = new JsonObject(anonymous("GET", "/info", null).body()).getJsonObject("tempurl");
    assertEquals("[\"GET\",\"HEAD\",\"PUT\"]", tempurl.getJsonArray("methods").encode());
    assertEquals("[\"sha1\",\"sha256\",\"sha512\"]", tempurl.getJsonArray("allowed_digests").encode());
  }
}
