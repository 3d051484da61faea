package io.stratus.gateway;

import static io.stratus.gateway.TestCluster.md5;
import static io.stratus.gateway.TestCluster.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.Ring;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swift API features beyond plain objects against a real cluster: server-side copy (COPY and
 * X-Copy-From), static and dynamic large objects with ranges, conditional GET/HEAD/PUT, X-Delete-After
 * and X-Newest.
 */
class SwiftFeaturesIT {
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

  private static void ok(int expected, HttpResponse<?> r) {
    assertEquals(expected, r.statusCode(), () -> r.uri() + " -> " + r.body());
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  private static HttpResponse<String> call(String method, String path, byte[] body, String... headers) {
    return cluster.call(method, admin.storageUrl() + path, admin.token(), body, headers);
  }

  private static HttpResponse<byte[]> get(String path, String... headers) {
    return cluster.getBytes(admin.storageUrl() + path, admin.token(), headers);
  }



  private static String account() {
    return admin.account();
  }

  @Test
  void copyVerbAndXCopyFromKeepOrReplaceMetadata() throws Exception {
    ok(201, call("PUT", "/copies", null));
    ok(201, call("PUT", "/copies2", null));
    byte[] body = random(300_000, 1);
    ok(201, call("PUT", "/copies/src", body, "X-Object-Meta-Color", "red", "X-Object-Meta-Size", "big",
        "Content-Type", "image/png", "Content-Disposition", "inline"));
    HttpResponse<String> copied = call("COPY", "/copies/src", null, "Destination", "/copies2/dst",
        "X-Object-Meta-Size", "small");
    ok(201, copied);
    assertEquals("copies/src", header(copied, "X-Copied-From"));
    assertEquals(account(), header(copied, "X-Copied-From-Account"));
    assertEquals(md5(body), header(copied, "ETag").replace("\"", ""));
    HttpResponse<byte[]> dst = get("/copies2/dst");
    ok(200, dst);
    assertArrayEquals(body, dst.body());
    assertEquals("red", header(dst, "X-Object-Meta-Color"));
    assertEquals("small", header(dst, "X-Object-Meta-Size"));
    assertEquals("image/png", header(dst, "Content-Type"));
    assertEquals("inline", header(dst, "Content-Disposition"));

    ok(201, call("PUT", "/copies/fresh", new byte[0], "X-Copy-From", "copies/src", "X-Fresh-Metadata", "true",
        "X-Object-Meta-Only", "me", "Content-Type", "text/plain"));
    HttpResponse<String> fresh = call("HEAD", "/copies/fresh", null);
    assertEquals("me", header(fresh, "X-Object-Meta-Only"));
    assertNull(header(fresh, "X-Object-Meta-Color"));
    assertEquals("text/plain", header(fresh, "Content-Type"));
    assertEquals("300000", header(fresh, "Content-Length"));

    ok(201, call("PUT", "/copies/ranged", new byte[0], "X-Copy-From", "/copies/src", "Range", "bytes=10-19"));
    assertArrayEquals(Arrays.copyOfRange(body, 10, 20), get("/copies/ranged").body());

    // COPY onto itself updates metadata, as post-as-copy did.
    ok(201, call("COPY", "/copies/src", null, "Destination", "copies/src", "X-Object-Meta-Color", "blue"));
    HttpResponse<byte[]> self = get("/copies/src");
    assertArrayEquals(body, self.body());
    assertEquals("blue", header(self, "X-Object-Meta-Color"));
    assertEquals("big", header(self, "X-Object-Meta-Size"));

    ok(404, call("COPY", "/copies/missing", null, "Destination", "/copies2/x"));
    ok(400, call("COPY", "/copies/src", null, "Destination", "nocontainer"));
    ok(400, call("COPY", "/copies/src", null));
    ok(400, call("PUT", "/copies/x", "nonempty".getBytes(), "X-Copy-From", "copies/src"));
    ok(404, call("COPY", "/copies/src", null, "Destination", "/nosuchcontainer/x"));
  }

  @Test
  void copyAcrossAccountsNeedsRightsOnBoth() throws Exception {
    cluster.createUser("copyproj", "dora", "dora-pw", "member");
    TestCluster.Login dora = cluster.login("copyproj:dora", "dora-pw");
    ok(201, cluster.call("PUT", dora.storageUrl() + "/mine", dora.token(), null));
    ok(201, call("PUT", "/shared", null));
    ok(201, call("PUT", "/shared/o", "cross".getBytes()));
    String doraAccount = dora.account();
    ok(201, call("COPY", "/shared/o", null, "Destination", "/mine/o", "Destination-Account", doraAccount));
    assertEquals("cross", cluster.call("GET", dora.storageUrl() + "/mine/o", dora.token(), null).body());
    ok(403, cluster.call("PUT", dora.storageUrl() + "/mine/steal", dora.token(), new byte[0], "X-Copy-From", "shared/o",
        "X-Copy-From-Account", account()));
  }

  @Test
  void staticLargeObjectRoundTripRangesManifestAndDelete() throws Exception {
    ok(201, call("PUT", "/slo", null));
    ok(201, call("PUT", "/slo_segments", null));
    byte[] a = random(1000, 2);
    byte[] b = random(2000, 3);
    byte[] c = random(10, 4);
    ok(201, call("PUT", "/slo_segments/a", a));
    ok(201, call("PUT", "/slo_segments/b", b));
    ok(201, call("PUT", "/slo_segments/c", c));
    JsonArray manifest = new JsonArray()
        .add(new JsonObject().put("path", "/slo_segments/a").put("etag", md5(a)).put("size_bytes", 1000))
        .add(new JsonObject().put("path", "slo_segments/b").put("range", "100-599"))
        .add(new JsonObject().put("path", "/slo_segments/c").put("etag", null).put("size_bytes", null));
    HttpResponse<String> put = call("PUT", "/slo/big?multipart-manifest=put", manifest.encode().getBytes(),
        "X-Object-Meta-Kind", "slo");
    ok(201, put);
    byte[] whole = concat(a, Arrays.copyOfRange(b, 100, 600), c);
    String sloEtag = md5((md5(a) + md5(b) + ":100-599;" + md5(c)).getBytes(StandardCharsets.US_ASCII));
    assertEquals("\"" + sloEtag + "\"", header(put, "ETag"));

    HttpResponse<byte[]> got = get("/slo/big");
    ok(200, got);
    assertArrayEquals(whole, got.body());
    assertEquals("\"" + sloEtag + "\"", header(got, "ETag"));
    assertEquals("slo", header(got, "X-Object-Meta-Kind"));
    HttpResponse<String> head = call("HEAD", "/slo/big", null);
    assertEquals(Integer.toString(whole.length), header(head, "Content-Length"));
    assertEquals("True", header(head, "X-Static-Large-Object"));
    assertEquals("\"" + sloEtag + "\"", header(head, "ETag"));

    HttpResponse<byte[]> range = get("/slo/big", "Range", "bytes=990-1009");
    ok(206, range);
    assertArrayEquals(Arrays.copyOfRange(whole, 990, 1010), range.body());
    assertEquals("bytes 990-1009/" + whole.length, header(range, "Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 15, whole.length), get("/slo/big", "Range", "bytes=-15").body());
    ok(416, get("/slo/big", "Range", "bytes=5000-"));

    ok(304, get("/slo/big", "If-None-Match", "\"" + sloEtag + "\""));
    ok(412, get("/slo/big", "If-Match", "\"" + md5(a) + "\""));
    ok(200, get("/slo/big", "If-Match", "\"" + sloEtag + "\""));

    JsonArray stored = new JsonArray(call("GET", "/slo/big?multipart-manifest=get", null).body());
    assertEquals("/slo_segments/b", stored.getJsonObject(1).getString("name"));
    assertEquals("100-599", stored.getJsonObject(1).getString("range"));
    JsonArray raw = new JsonArray(call("GET", "/slo/big?multipart-manifest=get&format=raw", null).body());
    assertEquals(2000L, raw.getJsonObject(1).getLong("size_bytes"));

    // A copy of the manifest is a manifest; a plain copy is the whole content.
    ok(201, call("PUT", "/slo/flat", new byte[0], "X-Copy-From", "slo/big"));
    HttpResponse<String> flat = call("HEAD", "/slo/flat", null);
    assertNull(header(flat, "X-Static-Large-Object"));
    assertEquals(md5(whole), header(flat, "ETag").replace("\"", ""));
    ok(201, call("PUT", "/slo/twin?multipart-manifest=get", new byte[0], "X-Copy-From", "slo/big"));
    assertArrayEquals(whole, get("/slo/twin").body());

    HttpResponse<String> deleted = call("DELETE", "/slo/big?multipart-manifest=delete", null);
    ok(200, deleted);
    assertTrue(deleted.body().contains("Number Deleted: 4"), deleted.body());
    ok(404, call("HEAD", "/slo/big", null));
    ok(404, call("HEAD", "/slo_segments/a", null));
  }

  @Test
  void badManifestsAreRefusedSegmentBySegment() throws Exception {
    ok(201, call("PUT", "/bad_slo", null));
    ok(201, call("PUT", "/bad_slo/seg", "12345".getBytes()));
    ok(201, call("PUT", "/bad_slo/empty", new byte[0]));
    JsonArray manifest = new JsonArray()
        .add(new JsonObject().put("path", "/bad_slo/seg").put("size_bytes", 6))
        .add(new JsonObject().put("path", "/bad_slo/seg").put("etag", "nope"))
        .add(new JsonObject().put("path", "/bad_slo/missing"))
        .add(new JsonObject().put("path", "/bad_slo/empty"))
        .add(new JsonObject().put("path", "/bad_slo/seg").put("range", "10-20"));
    HttpResponse<String> r = call("PUT", "/bad_slo/m?multipart-manifest=put", manifest.encode().getBytes());
    ok(400, r);
    assertEquals("Errors:\n/bad_slo/seg, Size Mismatch\n/bad_slo/seg, Etag Mismatch\n/bad_slo/missing, 404 Not Found\n"
        + "/bad_slo/empty, Too small; each segment must be at least 1 byte.\n/bad_slo/seg, Unsatisfiable Range\n", r.body());
    ok(400, call("PUT", "/bad_slo/m?multipart-manifest=put", "not json".getBytes()));
    ok(400, call("PUT", "/bad_slo/m?multipart-manifest=put", "[]".getBytes()));
    ok(400, call("PUT", "/bad_slo/m?multipart-manifest=put", "[{\"path\": \"nocontainer\"}]".getBytes()));
    ok(201, call("PUT", "/bad_slo/ok?multipart-manifest=put", "[{\"path\": \"/bad_slo/seg\"}, {\"path\": \"/bad_slo/empty\"}]"
        .getBytes()));
    ok(422, call("PUT", "/bad_slo/etag?multipart-manifest=put", "[{\"path\": \"/bad_slo/seg\"}]".getBytes(), "ETag", "0000"));
  }

  @Test
  void dynamicLargeObjectRanges() throws Exception {
    ok(201, call("PUT", "/dlo", null));
    byte[] one = random(700, 5);
    byte[] two = random(500, 6);
    ok(201, call("PUT", "/dlo/parts/001", one));
    ok(201, call("PUT", "/dlo/parts/002", two));
    ok(201, call("PUT", "/dlo/manifest", new byte[0], "X-Object-Manifest", "dlo/parts/"));
    byte[] whole = concat(one, two);
    HttpResponse<byte[]> all = get("/dlo/manifest");
    assertArrayEquals(whole, all.body());
    String etag = md5((md5(one) + md5(two)).getBytes(StandardCharsets.US_ASCII));
    assertEquals("\"" + etag + "\"", header(all, "ETag"));
    HttpResponse<byte[]> range = get("/dlo/manifest", "Range", "bytes=650-749");
    ok(206, range);
    assertArrayEquals(Arrays.copyOfRange(whole, 650, 750), range.body());
    ok(416, get("/dlo/manifest", "Range", "bytes=1200-"));
    ok(304, get("/dlo/manifest", "If-None-Match", "\"" + etag + "\""));
    assertEquals("0", header(get("/dlo/manifest?multipart-manifest=get"), "Content-Length"));
  }

  @Test
  void conditionalRequestsAndConditionalPut() throws Exception {
    ok(201, call("PUT", "/cond", null));
    byte[] body = "conditional".getBytes();
    HttpResponse<String> put = call("PUT", "/cond/o", body);
    String etag = header(put, "ETag");
    String modified = header(call("HEAD", "/cond/o", null), "Last-Modified");
    ok(200, get("/cond/o", "If-Match", etag));
    ok(412, get("/cond/o", "If-Match", "\"other\""));
    ok(412, call("HEAD", "/cond/o", null, "If-Match", "\"other\""));
    HttpResponse<byte[]> notModified = get("/cond/o", "If-None-Match", etag);
    ok(304, notModified);
    assertEquals(etag, header(notModified, "ETag"));
    ok(304, get("/cond/o", "If-Modified-Since", modified));
    ok(200, get("/cond/o", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"));
    ok(412, get("/cond/o", "If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"));
    ok(200, get("/cond/o", "If-Unmodified-Since", modified));
    ok(206, get("/cond/o", "If-Match", etag, "Range", "bytes=0-3"));

    ok(412, call("PUT", "/cond/o", "again".getBytes(), "If-None-Match", "*"));
    assertArrayEquals(body, get("/cond/o").body());
    ok(201, call("PUT", "/cond/new", "first".getBytes(), "If-None-Match", "*"));
    ok(400, call("PUT", "/cond/new", "first".getBytes(), "If-None-Match", "\"abc\""));
  }

  @Test
  void deleteAfterBecomesDeleteAt() {
    ok(201, call("PUT", "/expiring", null));
    long before = System.currentTimeMillis() / 1000;
    ok(201, call("PUT", "/expiring/o", "x".getBytes(), "X-Delete-After", "3600"));
    long at = Long.parseLong(header(call("HEAD", "/expiring/o", null), "X-Delete-At"));
    assertTrue(at >= before + 3600 && at <= System.currentTimeMillis() / 1000 + 3600, Long.toString(at));
    ok(202, call("POST", "/expiring/o", null, "X-Delete-After", "7200"));
    long later = Long.parseLong(header(call("HEAD", "/expiring/o", null), "X-Delete-At"));
    assertTrue(later >= before + 7200, Long.toString(later));
  }

  @Test
  void xNewestFindsTheNewestCopy() {
    ok(201, call("PUT", "/newest", null));
    ok(201, call("PUT", "/newest/o", "v1".getBytes()));
    Ring ring = cluster.ring();
    int first = cluster.nodeOf(ring.primaries(ring.partition(account(), "newest", "o")).get(0));
    cluster.stopNode(first);
    try {
      ok(201, call("PUT", "/newest/o", "v2".getBytes()));
    } finally {
      cluster.restartNode(first);
    }
    // The first primary still holds v1 and answers a plain GET first; X-Newest asks every replica.
    assertEquals("v1", call("GET", "/newest/o", null).body());
    assertEquals("v2", call("GET", "/newest/o", null, "X-Newest", "true").body());
    HttpResponse<String> head = call("HEAD", "/newest/o", null, "X-Newest", "true");
    assertEquals("2", header(head, "Content-Length"));
  }

  @Test
  void containerAclsLetOthersInAsSwiftsKeystoneauth() {
    String eveProject = cluster.createUser("aclproj", "eve", "eve-pw", "member");
    TestCluster.Login eve = cluster.login("aclproj:eve", "eve-pw");
    String base = admin.storageUrl();
    ok(201, call("PUT", "/public", null, "X-Container-Read", ".r:*,.r:-evil.example"));
    ok(201, call("PUT", "/public/o", "hello".getBytes()));
    assertEquals("hello", cluster.call("GET", base + "/public/o", null, null).body());
    ok(200, cluster.call("HEAD", base + "/public/o", null, null));
    ok(401, cluster.call("GET", base + "/public/o", null, null, "Referer", "http://evil.example/page"));
    ok(401, cluster.call("GET", base + "/public", null, null));
    ok(401, cluster.call("PUT", base + "/public/o", null, "x".getBytes()));
    ok(204, call("POST", "/public", null, "X-Container-Read", ".r:*,.rlistings"));
    assertEquals("o\n", cluster.call("GET", base + "/public", null, null).body());

    ok(201, call("PUT", "/team", null));
    ok(201, call("PUT", "/team/doc", "team doc".getBytes()));
    ok(403, cluster.call("GET", base + "/team/doc", eve.token(), null));
    ok(204, call("POST", "/team", null, "X-Container-Read", eveProject + ":*"));
    ok(200, cluster.call("GET", base + "/team/doc", eve.token(), null));
    ok(200, cluster.call("GET", base + "/team", eve.token(), null));
    ok(403, cluster.call("PUT", base + "/team/eve", eve.token(), "x".getBytes()));
    ok(204, call("POST", "/team", null, "X-Container-Write", "*:eve"));
    ok(201, cluster.call("PUT", base + "/team/eve", eve.token(), "by eve".getBytes()));
    ok(204, cluster.call("DELETE", base + "/team/eve", eve.token(), null));
    ok(403, cluster.call("POST", base + "/team", eve.token(), null, "X-Container-Read", ".r:*"));
    ok(403, cluster.call("PUT", base + "/team2", eve.token(), null));
    ok(401, cluster.call("GET", base + "/team/doc", null, null));
  }

  @Test
  void aclsAreCleanedAndMalformedOnesRefusedAsSwiftsCleanAcl() {
    String[][] refused = {
        {"X-Container-Read", ".r:", "No host/domain value after referrer designation in ACL: '.r:'"},
        {"X-Container-Read", ".r:-", "No host/domain value after referrer designation in ACL: '.r:-'"},
        {"X-Container-Read", ".r:*,.referrer: -*.", "No host/domain value after referrer designation in ACL: '.referrer: -*.'"},
        {"X-Container-Read", ".x:y", "Unknown designator '.x' in ACL: '.x:y'"},
        {"X-Container-Write", ".r:*", "Referrers not allowed in write ACL: '.r:*'"},
        {"X-Container-Write", "proj:*,.ref:example.com", "Referrers not allowed in write ACL: '.ref:example.com'"},
    };
    ok(201, call("PUT", "/acls", null));
    for (String[] c : refused) {
      for (String method : new String[] {"PUT", "POST"}) {
        HttpResponse<String> r = call(method, "/acls", null, c[0], c[1]);
        assertEquals(400, r.statusCode(), method + " " + c[0] + ": " + c[1]);
        assertEquals(c[2], r.body());
      }
      ok(400, call("PUT", "/acls-refused", null, c[0], c[1]));
    }
    ok(404, call("HEAD", "/acls-refused", null));
    ok(204, call("POST", "/acls", null, "X-Container-Read", ".r:*, .ref:*.example.com,,.r:-bad.com , .rlistings,proj:*",
        "X-Container-Write", "account:user , project_id:*"));
    HttpResponse<String> head = call("HEAD", "/acls", null);
    assertEquals(".r:*,.r:.example.com,.r:-bad.com,.rlistings,proj:*", header(head, "X-Container-Read"));
    assertEquals("account:user,project_id:*", header(head, "X-Container-Write"));
    ok(201, call("PUT", "/acls2", null, "X-Container-Read", ".r:example.com"));
    assertEquals(".r:example.com", header(call("HEAD", "/acls2", null), "X-Container-Read"));
  }

  @Test
  void containerQuotasAndStoragePoliciesAreCheckedAsSwiftChecksThem() {
    ok(201, call("PUT", "/quota", null));
    for (String value : new String[] {"abc", "-1", "1.5", " 12x"}) {
      for (String method : new String[] {"PUT", "POST"}) {
        HttpResponse<String> bytes = call(method, "/quota", null, "X-Container-Meta-Quota-Bytes", value);
        assertEquals(400, bytes.statusCode(), method + " " + value);
        assertEquals("Invalid bytes quota.", bytes.body());
        HttpResponse<String> count = call(method, "/quota", null, "X-Container-Meta-Quota-Count", value);
        assertEquals(400, count.statusCode(), method + " " + value);
        assertEquals("Invalid count quota.", count.body());
      }
    }
    ok(204, call("POST", "/quota", null, "X-Container-Meta-Quota-Bytes", "1000", "X-Container-Meta-Quota-Count", "0"));
    HttpResponse<String> head = call("HEAD", "/quota", null);
    assertEquals("1000", header(head, "X-Container-Meta-Quota-Bytes"));
    assertEquals("0", header(head, "X-Container-Meta-Quota-Count"));
    ok(204, call("POST", "/quota", null, "X-Container-Meta-Quota-Bytes", ""));

    HttpResponse<String> policy = call("PUT", "/policed", null, "X-Storage-Policy", "nonexist");
    ok(400, policy);
    assertEquals("Invalid X-Storage-Policy 'nonexist'", policy.body());
    ok(404, call("HEAD", "/policed", null));
    JsonObject info = new JsonObject(cluster.call("GET", cluster.url("/info"), null, null).body());
    String name = info.getJsonObject("swift").getJsonArray("policies").getJsonObject(0).getString("name");
    ok(201, call("PUT", "/policed", null, "X-Storage-Policy", name));
    ok(202, call("PUT", "/policed", null, "X-Storage-Policy", name.toUpperCase(java.util.Locale.ROOT)));
    ok(201, call("PUT", "/policed2", null, "X-Storage-Policy", name.toLowerCase(java.util.Locale.ROOT)));
  }

  @Test
  void accountAclsAreCheckedAsTempauthChecksThem() {
    String[][] refused = {
        {"garbage", "Syntax error in input ('garbage')"},
        {"[]", "Syntax error in input ('[]')"},
        {"{\"admin\": [\"a\"]", "Syntax error in input ('{\"admin\": [\"a\"]')"},
        {"{\"bogus\": [\"a\"]}", "Key \"bogus\" not recognized"},
        {"{\"admin\": \"a\"}", "Value for key \"admin\" must be a list"},
        {"{\"read-only\": [\"a\", 1]}", "Elements of \"read-only\" list must be strings"},
    };
    for (String[] c : refused) {
      HttpResponse<String> r = call("POST", "", null, "X-Account-Access-Control", c[0]);
      assertEquals(400, r.statusCode(), c[0]);
      assertEquals("X-Account-Access-Control invalid: " + c[1] + "\n\nInput: " + c[0] + "\n", r.body());
    }
    ok(204, call("POST", "", null, "X-Account-Access-Control",
        "{\"admin\": [\"p:u\"], \"read-write\": [], \"read-only\": [\"p:*\"]}"));
    ok(204, call("POST", "", null, "X-Account-Access-Control", "{}"));
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
