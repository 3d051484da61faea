package io.stratus.gateway;

import static io.stratus.gateway.TestCluster.md5;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.gateway.http.TransId;
import io.stratus.ring.Device;
import io.stratus.ring.Ring;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway against a real cluster (identity, four storage nodes, three replicas): auth and policy,
 * container and object operations, Swift's errors, handoffs and failover with a node down, and a
 * 10 MiB streamed round trip.
 */
class GatewayIT {
  @TempDir
  static Path root;
  static TestCluster cluster;
  static TestCluster.Login admin;
  static TestCluster.Login alice;
  static TestCluster.Login bob;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(root);
    admin = cluster.login("admin:admin", TestCluster.ADMIN_PASSWORD);
    cluster.createUser("demo", "alice", "alice-pw", "member");
    cluster.createUser("demo", "bob", "bob-pw", "reader");
    alice = cluster.login("demo:alice", "alice-pw");
    bob = cluster.login("demo:bob", "bob-pw");
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

  private static HttpResponse<String> call(String method, TestCluster.Login who, String path, byte[] body, String... headers) {
    return cluster.call(method, who.storageUrl() + path, who.token(), body, headers);
  }

  /**
   * Concurrent writes of one name race on their X-Timestamps: a PUT the replicas refuse for holding a newer one
   * was superseded, not failed, and is answered 202 as Swift's proxy does (it answered 409 or 503); the name then
   * holds exactly one of the bodies. Concurrent DELETEs find the object or its newer tombstone: 204 or 404.
   */
  @Test
  void concurrentWritesOfOneNameAreSupersededNotConflicts() throws Exception {
    ok(201, call("PUT", admin, "/race", null));
    for (int round = 0; round < 3; round++) {
      List<HttpResponse<String>> puts = TestCluster.together(20, i -> call("PUT", admin, "/race/o", ("body " + i).getBytes()));
      List<String> etags = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> put = puts.get(i);
        int status = put.statusCode();
        assertTrue(status == 201 || status == 202, () -> put.statusCode() + " " + put.body());
        if (status == 202) assertEquals("<html><h1>Accepted</h1><p>The request is accepted for processing.</p></html>", put.body());
        etags.add(md5(("body " + i).getBytes()));
      }
      HttpResponse<String> get = call("GET", admin, "/race/o", null);
      ok(200, get);
      String etag = header(get, "ETag").replace("\"", "");
      assertTrue(etags.contains(etag), etag);
      assertEquals(md5(get.body().getBytes(StandardCharsets.UTF_8)), etag);
      List<HttpResponse<String>> deletes = TestCluster.together(20, i -> call("DELETE", admin, "/race/o", null));
      for (HttpResponse<String> d : deletes) {
        assertTrue(d.statusCode() == 204 || d.statusCode() == 404, () -> d.statusCode() + " " + d.body());
      }
      ok(404, call("GET", admin, "/race/o", null));
    }
  }

  @Test
  void healthcheckInfoAndTransIds() {
    HttpResponse<String> health = cluster.call("GET", cluster.url("/healthcheck"), null, null);
    ok(200, health);
    assertEquals("OK", health.body());
    assertTrue(TransId.FORMAT.matcher(header(health, "X-Trans-Id")).matches(), header(health, "X-Trans-Id"));
    assertEquals(header(health, "X-Trans-Id"), header(health, "X-Openstack-Request-Id"));
    JsonObject info = new JsonObject(cluster.call("GET", cluster.url("/info"), null, null).body());
    assertEquals(10000, info.getJsonObject("swift").getInteger("account_listing_limit"));
    assertEquals(1024, info.getJsonObject("swift").getInteger("max_object_name_length"));
    assertEquals("Policy-0", info.getJsonObject("swift").getJsonArray("policies").getJsonObject(0).getString("name"));
    HttpResponse<String> missing = cluster.call("GET", cluster.url("/nothing/here"), null, null);
    ok(404, missing);
    assertEquals("<html><h1>Not Found</h1><p>The resource could not be found.</p></html>", missing.body());
    assertTrue(TransId.FORMAT.matcher(header(missing, "X-Trans-Id")).matches());
  }

  @Test
  void metricsArePrometheusText() {
    ok(200, cluster.call("GET", cluster.url("/healthcheck"), null, null));
    ok(404, cluster.call("GET", cluster.url("/nothing/here"), null, null));
    HttpResponse<String> metrics = cluster.call("GET", cluster.url("/metrics"), null, null);
    ok(200, metrics);
    assertTrue(header(metrics, "Content-Type").startsWith("text/plain; version=0.0.4"));
    String text = metrics.body();
    assertTrue(text.matches("(?s).*stratus_gateway_requests_total\\{method=\"GET\",status=\"200\"} [1-9]\\d*\n.*"), text);
    assertTrue(text.matches("(?s).*stratus_gateway_requests_total\\{method=\"GET\",status=\"404\"} [1-9]\\d*\n.*"), text);
    assertTrue(text.contains("stratus_gateway_request_duration_seconds_bucket{method=\"GET\",le=\"+Inf\"}"), text);
    assertTrue(text.contains("# TYPE stratus_gateway_error_limited_nodes gauge"), text);
    assertTrue(text.matches("(?s).*stratus_gateway_sent_bytes_total [1-9]\\d*\n.*"), text);
  }

  @Test
  void tempauthThroughTheGatewayPointsAtTheGateway() {
    assertTrue(admin.storageUrl().startsWith(cluster.url("/v1/AUTH_")), admin.storageUrl());
    ok(401, cluster.call("GET", cluster.url("/auth/v1.0"), null, null, "X-Auth-User", "admin:admin", "X-Auth-Key", "wrong"));
    HttpResponse<String> v3 = cluster.call("GET", cluster.url("/identity/v3/auth/tokens"), admin.token(), null,
        "X-Subject-Token", admin.token());
    ok(200, v3);
    assertEquals("admin", new JsonObject(v3.body()).getJsonObject("token").getJsonObject("user").getString("name"));
  }

  @Test
  void tempauthOverHttp2PointsAtTheGatewayToo() throws Exception {
    // HTTP/2 (h2c upgrade) requests have no Host header, only :authority.
    java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2)
        .build();
    HttpResponse<String> r = h2.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(cluster.url("/auth/v1.0")))
        .header("X-Auth-User", "admin:admin").header("X-Auth-Key", TestCluster.ADMIN_PASSWORD).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    ok(200, r);
    String storage = r.headers().firstValue("X-Storage-Url").orElseThrow();
    assertTrue(storage.startsWith(cluster.url("/v1/AUTH_")), storage);
  }

  /**
   * A token longer than any identity issues is refused as invalid, as X-Auth-Token or X-Storage-Token: 5,000 characters
   * (identity's server refused the validation request's headers, which came back as 503) and 20,000 (still under the
   * gateway's own header limit).
   */
  @Test
  void aTokenLongerThanAnyIdentityIssuesIsUnauthorized() {
    for (int length : new int[] {4000, 5000, 20_000}) {
      String token = "A".repeat(length);
      ok(401, cluster.call("GET", alice.storageUrl(), token, null));
      ok(401, cluster.call("GET", alice.storageUrl(), null, null, "X-Storage-Token", token));
    }
    int status = call("GET", alice, "", null).statusCode();
    assertTrue(status == 200 || status == 204, "status " + status);
  }

  @Test
  void tokensAndRolesDecideAccess() {
    ok(401, cluster.call("GET", alice.storageUrl(), null, null));
    ok(401, cluster.call("GET", alice.storageUrl(), "not-a-token", null));
    ok(201, call("PUT", alice, "/policy", null));
    ok(201, call("PUT", alice, "/policy/o", "x".getBytes()));
    ok(200, call("GET", bob, "/policy/o", null));
    ok(403, call("PUT", bob, "/policy/o2", "x".getBytes()));
    ok(403, call("DELETE", bob, "/policy/o", null));
    ok(403, cluster.call("GET", admin.storageUrl(), alice.token(), null));
    ok(200, cluster.call("GET", alice.storageUrl() + "/policy/o", admin.token(), null));
    ok(405, cluster.call("PUT", alice.storageUrl(), admin.token(), null));
    cluster.createUser("operators", "carol", "carol-pw", "ResellerAdmin");
    TestCluster.Login carol = cluster.login("operators:carol", "carol-pw");
    ok(200, cluster.call("GET", alice.storageUrl() + "/policy/o", carol.token(), null));
    ok(201, cluster.call("PUT", alice.storageUrl() + "/policy/by-carol", carol.token(), "x".getBytes()));
  }

  @Test
  void aNewerTombstoneHidesAnOlderCopy() {
    ok(201, call("PUT", admin, "/tombstones", null));
    String account = admin.account();
    ok(201, call("PUT", admin, "/tombstones/o", "old".getBytes()));
    Ring ring = cluster.ring();
    List<Device> primaries = ring.primaries(ring.partition(account, "tombstones", "o"));
    int second = cluster.nodeOf(primaries.get(1));
    cluster.stopNode(second);
    try {
      ok(204, call("DELETE", admin, "/tombstones/o", null));
    } finally {
      cluster.restartNode(second);
    }
    // The second primary still has the old copy; the first primary's newer tombstone is seen before it.
    ok(404, call("GET", admin, "/tombstones/o", null));
    ok(404, call("HEAD", admin, "/tombstones/o", null));
  }

  @Test
  void containersAndObjectsLikeSwift() throws Exception {
    ok(201, call("PUT", admin, "/photos", null, "X-Container-Meta-Color", "blue"));
    ok(202, call("PUT", admin, "/photos", null));
    byte[] cat = "meow".repeat(100).getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> put = call("PUT", admin, "/photos/cats/tom.jpg", cat, "X-Object-Meta-Owner", "jerry");
    ok(201, put);
    assertEquals(md5(cat), header(put, "ETag").replace("\"", ""));
    HttpResponse<byte[]> got = cluster.getBytes(admin.storageUrl() + "/photos/cats/tom.jpg", admin.token());
    ok(200, got);
    assertArrayEquals(cat, got.body());
    assertEquals("jerry", header(got, "X-Object-Meta-Owner"));
    assertEquals("image/jpeg", header(got, "Content-Type"));
    assertEquals(null, header(got, "X-Backend-Timestamp"));
    HttpResponse<byte[]> range = cluster.getBytes(admin.storageUrl() + "/photos/cats/tom.jpg", admin.token(), "Range", "bytes=0-3");
    ok(206, range);
    assertEquals("meow", new String(range.body(), StandardCharsets.UTF_8));
    HttpResponse<String> head = call("HEAD", admin, "/photos/cats/tom.jpg", null);
    ok(200, head);
    assertEquals("400", header(head, "Content-Length"));

    ok(202, call("POST", admin, "/photos/cats/tom.jpg", null, "X-Object-Meta-Owner", "spike"));
    assertEquals("spike", header(call("HEAD", admin, "/photos/cats/tom.jpg", null), "X-Object-Meta-Owner"));

    assertEquals("cats/tom.jpg\n", call("GET", admin, "/photos", null).body());
    JsonArray json = new JsonArray(call("GET", admin, "/photos?format=json&prefix=cats/", null).body());
    assertEquals(400, json.getJsonObject(0).getLong("bytes"));
    assertEquals("cats/\n", call("GET", admin, "/photos?delimiter=/", null).body());
    HttpResponse<String> containerHead = call("HEAD", admin, "/photos", null);
    ok(204, containerHead);
    assertEquals("1", header(containerHead, "X-Container-Object-Count"));
    assertEquals("400", header(containerHead, "X-Container-Bytes-Used"));
    assertEquals("blue", header(containerHead, "X-Container-Meta-Color"));
    assertTrue(call("GET", admin, "", null).body().contains("photos\n"));
    HttpResponse<String> accountHead = call("HEAD", admin, "", null);
    ok(204, accountHead);

    ok(409, call("DELETE", admin, "/photos", null));
    ok(204, call("DELETE", admin, "/photos/cats/tom.jpg", null));
    ok(404, call("GET", admin, "/photos/cats/tom.jpg", null));
    ok(404, call("DELETE", admin, "/photos/cats/tom.jpg", null));
    ok(204, call("DELETE", admin, "/photos", null));
    ok(404, call("HEAD", admin, "/photos", null));
    ok(404, call("PUT", admin, "/photos/again", "x".getBytes()));
  }

  @Test
  void badInputIsAClientErrorNeverA500() throws Exception {
    ok(201, call("PUT", admin, "/bad", null));
    ok(400, call("PUT", admin, "/bad/" + "o".repeat(1025), "x".getBytes()));
    HttpResponse<String> longContainer = call("PUT", admin, "/" + "c".repeat(257), null);
    ok(400, longContainer);
    assertEquals("Container name length of 257 longer than 256", longContainer.body());
    ok(400, call("PUT", admin, "/bad/o", "x".getBytes(), "X-Object-Meta-" + "n".repeat(129), "v"));
    ok(400, call("PUT", admin, "/bad/o", "x".getBytes(), "X-Object-Meta-N", "v".repeat(257)));
    ok(400, call("PUT", admin, "/bad/o", "x".getBytes(), "X-Delete-At", "12"));
    ok(405, call("PATCH", admin, "/bad/o", null));
    ok(400, cluster.call("GET", admin.storageUrl() + "/bad/%ff%fe", admin.token(), null));
    ok(422, call("PUT", admin, "/bad/etag", "body".getBytes(), "ETag", md5("other".getBytes())));
    URI base = URI.create(admin.storageUrl());
    assertEquals(411, raw(base.getRawPath() + "/bad/nolength", "PUT", admin.token(), null));
    assertEquals(413, raw(base.getRawPath() + "/bad/huge", "PUT", admin.token(), "Content-Length: 6000000000\r\n"));
    assertEquals(400, raw(base.getRawPath() + "/bad/cl", "PUT", admin.token(), "Content-Length: nope\r\n"));
    // Transfer-Encoding as Swift's is_chunked reads it
    for (String coding : new String[] {"gzip", "identity"}) {
      String answer = rawAnswer(base.getRawPath() + "/bad/te", "PUT", admin.token(), "Transfer-Encoding: " + coding + "\r\n", "");
      assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
      assertTrue(answer.endsWith("\r\n\r\nInvalid Transfer-Encoding header value"), answer);
    }
    String several = rawAnswer(base.getRawPath() + "/bad/te", "PUT", admin.token(), "Transfer-Encoding: chunked, gzip\r\n",
        "0\r\n\r\n");
    assertTrue(several.startsWith("HTTP/1.1 501 "), several);
    assertTrue(several.endsWith("\r\n\r\nUnsupported Transfer-Coding header value specified in Transfer-Encoding header"), several);
    ok(404, call("GET", admin, "/bad/te", null));
    String chunked = rawAnswer(base.getRawPath() + "/bad/te", "PUT", admin.token(), "Transfer-Encoding: chunked\r\n",
        "2\r\nte\r\n0\r\n\r\n");
    assertTrue(chunked.startsWith("HTTP/1.1 201 "), chunked);
    assertEquals("te", call("GET", admin, "/bad/te", null).body());
    // A listing limit above Swift's is 412, on both levels
    for (String listing : new String[] {"", "/bad"}) {
      HttpResponse<String> overLimit = call("GET", admin, listing + "?limit=10001", null);
      ok(412, overLimit);
      assertEquals("Maximum limit is 10000", overLimit.body());
      ok(200, call("GET", admin, listing + "?limit=10000", null));
    }
    // Malformed %-escapes in the query, on every level, with a token or none
    for (String target : new String[] {"?marker=%zz", "/bad?prefix=%zz", "/bad?end_marker=%4", "/bad/o?a=%", "/bad/o?%zz=1"}) {
      for (String method : new String[] {"GET", "HEAD", "POST", "DELETE"}) {
        assertEquals(400, raw(base.getRawPath() + target, method, admin.token(), null), method + " " + target);
      }
    }
    assertEquals(400, raw(base.getRawPath() + "/bad?marker=%zz", "GET", "no-such-token", null));
    // Unescaped UTF-8 in the path names the same object as its escapes; a byte that is not UTF-8 is refused
    String rawName = new String("/bad/\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    assertEquals(201, raw(base.getRawPath() + rawName, "PUT", admin.token(), "Content-Length: 0\r\n"));
    ok(200, call("HEAD", admin, "/bad/%C3%A9t%C3%A9", null));
    assertEquals(200, raw(base.getRawPath() + rawName, "HEAD", admin.token(), null));
    assertTrue(call("GET", admin, "/bad", null).body().lines().anyMatch("\u00e9t\u00e9"::equals));
    assertEquals(400, raw(base.getRawPath() + "/bad/\u00e9", "HEAD", admin.token(), null));
    // Swift's checks of an X-Object-Manifest on a write; the bad escape is refused too, so that what is
    // stored can always be read back
    for (String manifest : new String[] {"", "/", "bad", "bad/", "/bad/seg", "bad//seg", "bad/seg?x", "bad/a&b", "%zz/x"}) {
      HttpResponse<String> refused = call("PUT", admin, "/bad/dlo", new byte[0], "X-Object-Manifest", manifest);
      ok(400, refused);
      assertEquals("X-Object-Manifest must be in the format container/prefix", refused.body(), manifest);
    }
    ok(404, call("GET", admin, "/bad/dlo", null));
    // The account of a copy's other end may not be empty or hold a slash
    ok(201, call("PUT", admin, "/bad/src", "x".getBytes()));
    HttpResponse<String> noAccount = call("COPY", admin, "/bad/src", null, "Destination", "bad/dst", "Destination-Account", " ");
    ok(400, noAccount);
    assertEquals("Account name cannot be empty", noAccount.body());
    ok(400, call("PUT", admin, "/bad/dst", new byte[0], "X-Copy-From", "bad/src", "X-Copy-From-Account", "a/b"));
    ok(404, call("GET", admin, "/bad/dst", null));
  }

  @Test
  void aRequestHeadThatCannotBeParsedGetsAnAnswerWithABody() throws Exception {
    // Netty answers a head it could not parse as HTTP/1.0
    String longLine = rawAnswer("GET /v1/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertTrue(longLine.matches("(?s)HTTP/1\\.[01] 414 .*") && longLine.contains("URI Too Long"), longLine);
    String bigHeader = rawAnswer("GET /info HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(100_000) + "\r\n\r\n");
    assertTrue(bigHeader.matches("(?s)HTTP/1\\.[01] 431 .*") && bigHeader.contains("Request Header Fields Too Large"), bigHeader);
    String garbage = rawAnswer("GET /info HTTP/1.1\r\nHost: localhost\r\nContent-Length: nope, 12\r\n\r\n");
    assertTrue(garbage.matches("(?s)HTTP/1\\.[01] 400 .*") && garbage.contains("could not be parsed"), garbage);
  }

  /** A request head sent as is over a raw socket; the whole answer, up to the server closing the connection. */
  private static String rawAnswer(String head) throws IOException {
    try (Socket s = new Socket("127.0.0.1", cluster.gatewayPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** A request over a raw socket, for headers the JDK client will not send; the status code. */
  private static int raw(String path, String method, String token, String extra) throws IOException {
    try (Socket s = new Socket("127.0.0.1", cluster.gatewayPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + token + "\r\n"
          + (extra == null ? "" : extra) + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  /** A request with a body over a raw socket; the whole answer (status line, headers, body). */
  private static String rawAnswer(String path, String method, String token, String extra, String body) throws IOException {
    try (Socket s = new Socket("127.0.0.1", cluster.gatewayPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: " + token + "\r\n" + extra
          + "Connection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void putGoesToAHandoffWhenAPrimaryIsDownAndGetStillWorks() throws Exception {
    ok(201, call("PUT", admin, "/handoff", null));
    String name = "object-with-a-primary-down";
    String account = admin.account();
    Ring ring = cluster.ring();
    Device primary = ring.primaries(ring.partition(account, "handoff", name)).get(0);
    int down = cluster.nodeOf(primary);
    byte[] body = new byte[100_000];
    new Random(1).nextBytes(body);
    cluster.stopNode(down);
    try {
      ok(201, call("PUT", admin, "/handoff/" + name, body));
      int part = ring.partition(account, "handoff", name);
      Device handoff = ring.handoffs(part).next();
      HttpResponse<String> direct = TestCluster.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + handoff.port()
          + "/" + handoff.name() + "/" + part + "/" + account + "/handoff/" + name)).method("HEAD",
          HttpRequest.BodyPublishers.noBody()));
      ok(200, direct);
      HttpResponse<byte[]> got = cluster.getBytes(admin.storageUrl() + "/handoff/" + name, admin.token());
      ok(200, got);
      assertArrayEquals(body, got.body());
    } finally {
      cluster.restartNode(down);
    }
  }

  @Test
  void getFailsOverWhenThePrimaryIsDown() {
    ok(201, call("PUT", admin, "/failover", null));
    String account = admin.account();
    byte[] body = "still here".getBytes(StandardCharsets.UTF_8);
    ok(201, call("PUT", admin, "/failover/o", body));
    Ring ring = cluster.ring();
    int down = cluster.nodeOf(ring.primaries(ring.partition(account, "failover", "o")).get(0));
    cluster.stopNode(down);
    try {
      for (int i = 0; i < 3; i++) {
        HttpResponse<byte[]> got = cluster.getBytes(admin.storageUrl() + "/failover/o", admin.token());
        ok(200, got);
        assertArrayEquals(body, got.body());
      }
    } finally {
      cluster.restartNode(down);
    }
  }

  @Test
  void tenMebibytesStreamByteIdentical() throws Exception {
    ok(201, call("PUT", admin, "/big", null));
    byte[] body = new byte[10 << 20];
    new Random(7).nextBytes(body);
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(admin.storageUrl() + "/big/ten"))
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
        .header("X-Auth-Token", admin.token());
    HttpResponse<String> r = TestCluster.send(put);
    ok(201, r);
    assertEquals(md5(body), header(r, "ETag").replace("\"", ""));
    HttpResponse<byte[]> got = cluster.getBytes(admin.storageUrl() + "/big/ten", admin.token());
    ok(200, got);
    assertEquals(body.length, got.body().length);
    assertEquals(md5(body), md5(got.body()));
    assertNotEquals(null, header(got, "Last-Modified"));
    assertEquals(List.of(), List.of());
  }

}
