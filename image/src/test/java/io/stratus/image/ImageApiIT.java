package io.stratus.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.gateway.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Glance v2 API on a real cluster: records (create, list with filters, sort and paging, show,
 * JSON patch, tags, delete, protected, deactivate), image data in 1 MiB segments (checksums, Content-MD5,
 * byte-identical downloads, ranges, chunked uploads), visibility across projects and members.
 */
class ImageApiIT {
  private static final String PATCH = "application/openstack-images-v2.1-json-patch";

  @TempDir
  static Path dir;
  static TestImageCluster c;
  static String admin;
  static String demo;
  static String demoProject;

  @BeforeAll
  static void start() throws Exception {
    c = TestImageCluster.start(dir, Map.of("segment-mib", "1"));
    admin = c.adminToken();
    demoProject = c.cluster.createUser("demo", "demo", "demo-secret", "member");
    demo = c.token("demo", "demo", "demo-secret");
  }

  @AfterAll
  static void stop() {
    if (c != null) c.close();
  }

  @Test
  void versionDiscoveryListsV2() {
    HttpResponse<String> r = c.call("GET", "/", null, null);
    assertEquals(300, r.statusCode());
    JsonObject current = new JsonObject(r.body()).getJsonArray("versions").getJsonObject(0);
    assertEquals("CURRENT", current.getString("status"));
    assertTrue(current.getJsonArray("links").getJsonObject(0).getString("href").endsWith("/v2/"), r.body());
    assertEquals(401, c.call("GET", "/v2/images", null, null).statusCode());
  }

  @Test
  void segmentedUploadIsActiveWithChecksumsAndDownloadsIdentical() throws Exception {
    JsonObject image = c.create(admin, new JsonObject().put("name", "seg").put("disk_format", "raw").put("container_format", "bare"));
    assertEquals("queued", image.getString("status"));
    byte[] data = random(1, 3 * 1048576 + 12345);
    assertEquals(204, c.upload(admin, image.getString("id"), data));
    JsonObject shown = c.show(admin, image.getString("id"));
    assertEquals("active", shown.getString("status"));
    assertEquals(data.length, shown.getLong("size"));
    assertEquals(hex("MD5", data), shown.getString("checksum"));
    assertEquals("sha512", shown.getString("os_hash_algo"));
    assertEquals(hex("SHA-512", data), shown.getString("os_hash_value"));
    assertEquals(4, c.storedObjects(image.getString("id") + "/").size(), "four 1 MiB segments");
    HttpResponse<byte[]> down = c.download(admin, image.getString("id"));
    assertEquals(200, down.statusCode());
    assertEquals(hex("MD5", data), down.headers().firstValue("Content-MD5").orElse(null));
    assertArrayEquals(data, down.body());
    HttpResponse<byte[]> range = c.download(admin, image.getString("id"), "Range", "bytes=1048570-1048585");
    assertEquals(206, range.statusCode());
    assertArrayEquals(java.util.Arrays.copyOfRange(data, 1048570, 1048586), range.body());
    assertEquals(416, c.download(admin, image.getString("id"), "Range", "bytes=99999999-").statusCode());
    assertEquals(409, c.upload(admin, image.getString("id"), data), "an active image takes no second upload");
  }

  @Test
  void chunkedUploadWithoutLength() throws Exception {
    String id = c.create(admin, new JsonObject().put("name", "chunked").put("disk_format", "iso")
        .put("container_format", "bare")).getString("id");
    byte[] data = random(2, 1048576 * 2);
    HttpResponse<String> r = TestCluster.send(HttpRequest.newBuilder(URI.create(c.url("/v2/images/" + id + "/file")))
        .timeout(Duration.ofSeconds(60)).header("X-Auth-Token", admin).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data))));
    assertEquals(204, r.statusCode(), r.body());
    assertEquals(hex("MD5", data), c.show(admin, id).getString("checksum"));
    assertArrayEquals(data, c.download(admin, id).body());
  }

  @Test
  void anotherProjectSeesNeitherPrivateNorSharedImagesUntilMember() {
    String priv = c.create(admin, new JsonObject().put("name", "secret").put("visibility", "private")).getString("id");
    String shared = c.create(admin, new JsonObject().put("name", "shared-one")).getString("id");
    assertEquals("shared", c.show(admin, shared).getString("visibility"));
    String pub = c.create(admin, new JsonObject().put("name", "public-one").put("visibility", "public")).getString("id");
    List<String> seen = ids(c.call("GET", "/v2/images?limit=1000", demo, null));
    assertFalse(seen.contains(priv) || seen.contains(shared), seen.toString());
    assertTrue(seen.contains(pub));
    assertEquals(404, c.call("GET", "/v2/images/" + priv, demo, null).statusCode());
    assertEquals(404, c.call("GET", "/v2/images/" + priv + "/file", demo, null).statusCode());
    assertEquals(404, c.call("DELETE", "/v2/images/" + priv, demo, null).statusCode());
    assertEquals(403, c.call("POST", "/v2/images", demo, "{\"name\":\"p\",\"visibility\":\"public\"}").statusCode(),
        "only admins publicize");
    assertEquals(403, c.call("POST", "/v2/images/" + priv + "/members", admin, "{\"member\":\"" + demoProject + "\"}")
        .statusCode(), "private images have no members");
    HttpResponse<String> added = c.call("POST", "/v2/images/" + shared + "/members", admin, "{\"member\":\"" + demoProject + "\"}");
    assertEquals(200, added.statusCode(), added.body());
    assertEquals("pending", new JsonObject(added.body()).getString("status"));
    assertEquals(200, c.call("GET", "/v2/images/" + shared, demo, null).statusCode(), "a pending member may look");
    assertFalse(ids(c.call("GET", "/v2/images?limit=1000", demo, null)).contains(shared), "but does not list it");
    assertEquals(200, c.call("PUT", "/v2/images/" + shared + "/members/" + demoProject, demo, "{\"status\":\"accepted\"}")
        .statusCode());
    assertTrue(ids(c.call("GET", "/v2/images?limit=1000", demo, null)).contains(shared));
    assertEquals(403, c.call("PATCH", "/v2/images/" + shared, demo, "[]", "Content-Type", PATCH).statusCode(),
        "members do not change the image");
    assertEquals(1, new JsonObject(c.call("GET", "/v2/images/" + shared + "/members", admin, null).body())
        .getJsonArray("members").size());
    assertEquals(204, c.call("DELETE", "/v2/images/" + shared + "/members/" + demoProject, admin, null).statusCode());
    assertEquals(404, c.call("GET", "/v2/images/" + shared, demo, null).statusCode());
  }

  @Test
  void listFiltersSortsAndPagesWithNext() {
    String tag = "page-" + System.nanoTime();
    for (int i = 0; i < 5; i++) {
      c.create(admin, new JsonObject().put("name", "p" + i).put("tags", new JsonArray().add(tag)).put("min_ram", i)
          .put("os_distro", i % 2 == 0 ? "even" : "odd"));
    }
    HttpResponse<String> first = c.call("GET", "/v2/images?tag=" + tag + "&limit=2&sort=name:asc", admin, null);
    JsonObject body = new JsonObject(first.body());
    assertEquals(List.of("p0", "p1"), names(body));
    String next = body.getString("next");
    assertTrue(next.startsWith("/v2/images?") && next.contains("marker="), next);
    JsonObject second = new JsonObject(c.call("GET", next, admin, null).body());
    assertEquals(List.of("p2", "p3"), names(second));
    JsonObject last = new JsonObject(c.call("GET", second.getString("next"), admin, null).body());
    assertEquals(List.of("p4"), names(last));
    assertNull(last.getString("next"));
    assertEquals(List.of("p4", "p2", "p0"), names(new JsonObject(c.call("GET", "/v2/images?tag=" + tag
        + "&os_distro=even&sort_key=name&sort_dir=desc", admin, null).body())));
    assertEquals(List.of("p1", "p3"), names(new JsonObject(c.call("GET", "/v2/images?tag=" + tag
        + "&name=in:p1,p3&sort_key=name&sort_dir=asc", admin, null).body())));
    assertEquals(400, c.call("GET", "/v2/images?marker=" + java.util.UUID.randomUUID(), admin, null).statusCode());
    assertEquals(400, c.call("GET", "/v2/images?sort_key=bogus", admin, null).statusCode());
    assertEquals(400, c.call("GET", "/v2/images?limit=x", admin, null).statusCode());
  }

  @Test
  void patchTagsProtectedAndDeactivate() {
    String id = c.create(admin, new JsonObject().put("name", "patched").put("disk_format", "raw")
        .put("container_format", "bare").put("kernel_id", java.util.UUID.randomUUID().toString())).getString("id");
    String ops = new JsonArray().add(op("replace", "/name", "renamed")).add(op("add", "/os_distro", "debian"))
        .add(op("remove", "/kernel_id", null)).add(op("add", "/protected", true)).encode();
    HttpResponse<String> r = c.call("PATCH", "/v2/images/" + id, admin, ops, "Content-Type", PATCH);
    assertEquals(200, r.statusCode(), r.body());
    JsonObject patched = new JsonObject(r.body());
    assertEquals("renamed", patched.getString("name"));
    assertEquals("debian", patched.getString("os_distro"));
    assertFalse(patched.containsKey("kernel_id"));
    HttpResponse<String> wrongType = c.call("PATCH", "/v2/images/" + id, admin, ops, "Content-Type", "application/json");
    assertError(wrongType, 415, "Unsupported Media Type", "application/openstack-images-v2.1-json-patch");
    assertEquals("application/openstack-images-v2.1-json-patch, application/openstack-images-v2.0-json-patch",
        wrongType.headers().firstValue("Accept-Patch").orElse(null));
    assertEquals(403, c.call("PATCH", "/v2/images/" + id, admin, new JsonArray().add(op("replace", "/status", "active")).encode(),
        "Content-Type", "application/openstack-images-v2.0-json-patch").statusCode());
    assertEquals(400, c.call("PATCH", "/v2/images/" + id, admin, new JsonArray().add(op("replace", "/disk_format", "exe"))
        .encode(), "Content-Type", PATCH).statusCode());
    assertEquals(204, c.call("PUT", "/v2/images/" + id + "/tags/blue", admin, null).statusCode());
    assertEquals(List.of("blue"), c.show(admin, id).getJsonArray("tags").getList());
    assertEquals(204, c.call("DELETE", "/v2/images/" + id + "/tags/blue", admin, null).statusCode());
    assertEquals(403, c.call("DELETE", "/v2/images/" + id, admin, null).statusCode(), "protected");
    assertError(c.call("POST", "/v2/images/" + id + "/actions/deactivate", admin, null), 403, "Forbidden",
        "Not allowed to deactivate image in status 'queued'");
    assertError(c.call("POST", "/v2/images/" + id + "/actions/reactivate", admin, null), 403, "Forbidden",
        "Not allowed to reactivate image in status 'queued'");
    assertEquals("queued", c.show(admin, id).getString("status"));
    assertEquals(204, c.upload(admin, id, random(3, 1000)));
    assertEquals(204, c.call("POST", "/v2/images/" + id + "/actions/reactivate", admin, null).statusCode(), "active: a no-op");
    assertEquals(204, c.call("POST", "/v2/images/" + id + "/actions/deactivate", admin, null).statusCode());
    assertEquals("deactivated", c.show(admin, id).getString("status"));
    assertEquals(204, c.call("POST", "/v2/images/" + id + "/actions/reactivate", admin, null).statusCode());
    c.call("PATCH", "/v2/images/" + id, admin, new JsonArray().add(op("replace", "/protected", false)).encode(),
        "Content-Type", PATCH);
    assertEquals(400, c.call("PATCH", "/v2/images/" + id, admin, new JsonArray().add(op("replace", "/visibility", null))
        .encode(), "Content-Type", PATCH).statusCode());
    assertEquals(400, c.call("PATCH", "/v2/images/" + id, admin, "{}", "Content-Type", PATCH).statusCode());
    assertEquals(204, c.call("DELETE", "/v2/images/" + id, admin, null).statusCode());
    assertEquals(404, c.call("GET", "/v2/images/" + id, admin, null).statusCode());
    ImageUploadChecksIT.awaitTrue(() -> c.storedObjects(id).isEmpty());
  }

  @Test
  void imageDataIsUploadedAsOctetStreamOnly() {
    String id = c.create(admin, new JsonObject().put("name", "typed")).getString("id");
    assertError(c.call("PUT", "/v2/images/" + id + "/file", admin, "some text", "Content-Type", "text/plain"), 415,
        "Unsupported Media Type", "Invalid content type text/plain");
    HttpResponse<String> untyped = TestCluster.send(HttpRequest.newBuilder(URI.create(c.url("/v2/images/" + id + "/file")))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(random(6, 100))).header("X-Auth-Token", admin));
    assertError(untyped, 415, "Unsupported Media Type", "application/octet-stream");
    assertEquals("queued", c.show(admin, id).getString("status"), "nothing was stored");
    assertEquals(204, c.upload(admin, id, random(6, 100)));
  }

  @Test
  void aMemberIsAProjectIdString() {
    String shared = c.create(admin, new JsonObject().put("name", "members-typed")).getString("id");
    String members = "/v2/images/" + shared + "/members";
    assertError(c.call("POST", members, admin, "{\"member\":123}"), 400, "Bad Request", "Expected a member in the form");
    assertError(c.call("POST", members, admin, "{\"member\":[\"" + demoProject + "\"]}"), 400, "Bad Request",
        "Expected a member in the form");
    assertError(c.call("POST", members, admin, "{}"), 400, "Bad Request", "Member to be added not specified");
    assertError(c.call("POST", members, admin, "{\"member\":\"\"}"), 400, "Bad Request", "Member can't be empty");
    assertEquals(0, new JsonObject(c.call("GET", members, admin, null).body()).getJsonArray("members").size());
    assertEquals(200, c.call("POST", members, admin, "{\"member\":\"" + demoProject + "\"}").statusCode());
    assertError(c.call("PUT", members + "/" + demoProject, demo, "{\"status\":1}"), 400, "Bad Request", "Invalid member status");
    assertError(c.call("PUT", members + "/" + demoProject, demo, "{}"), 400, "Bad Request", "Status not specified");
  }

  @Test
  void errorsSayWhatWentWrongWithACodeAndTitleMatchingTheStatus() throws Exception {
    for (String target : new String[] {"/v2/images/%zz", "/v2/images?marker=%zz", "/v2/images/x/members/%"}) {
      String raw = raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: " + admin + "\r\nConnection: close\r\n\r\n");
      assertTrue(raw.startsWith("HTTP/1.1 400 "), raw);
      JsonObject error = new JsonObject(raw.substring(raw.indexOf("\r\n\r\n") + 4)).getJsonObject("error");
      assertEquals(400, error.getInteger("code"), raw);
      assertEquals("Bad Request", error.getString("title"), raw);
      assertTrue(error.getString("message").contains("malformed %-escape"), raw);
    }
    assertError(c.call("GET", "/v2/no-such-collection", admin, null), 404, "Not Found", "could not be found");
    assertError(c.call("POST", "/v2/images", admin, "{not json"), 400, "Bad Request", "not a valid JSON object");
  }

  @Test
  void badInputIsRefusedWithTheStatusClientsExpect() {
    assertEquals(400, c.call("POST", "/v2/images", admin, "{not json").statusCode());
    assertEquals(400, c.call("POST", "/v2/images", admin, "{\"disk_format\":\"exe\"}").statusCode());
    assertEquals(400, c.call("POST", "/v2/images", admin, "{\"min_ram\":-1}").statusCode());
    assertEquals(400, c.call("POST", "/v2/images", admin, "{\"custom\":5}").statusCode());
    assertEquals(403, c.call("POST", "/v2/images", admin, "{\"status\":\"active\"}").statusCode());
    assertEquals(400, c.call("POST", "/v2/images", admin, "{\"id\":\"not-a-uuid\"}").statusCode());
    assertEquals(400, c.call("POST", "/v2/images", admin, "{\"ramdisk_id\":\"ram\"}").statusCode());
    assertEquals(404, c.call("GET", "/v2/images/nope", admin, null).statusCode());
    assertEquals(200, c.call("GET", "/v2/schemas/image", admin, null).statusCode());
    assertEquals(204, c.call("GET", "/v2/images/" + c.create(admin, new JsonObject()).getString("id") + "/file", admin, null)
        .statusCode(), "no data yet");
  }

  /** The whole answer to a request written as is on a new connection (for targets java.net.URI refuses). */
  private static String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", c.image.port())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** An OpenStack JSON error: the status, the same code and its title in the body, and a message saying what went wrong. */
  static void assertError(HttpResponse<String> r, int status, String title, String message) {
    assertEquals(status, r.statusCode(), r.body());
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertEquals(status, error.getInteger("code"), r.body());
    assertEquals(title, error.getString("title"), r.body());
    assertTrue(error.getString("message").contains(message), r.body());
    assertFalse(error.getString("message").contains("unexpected error"), r.body());
  }

  private static JsonObject op(String kind, String path, Object value) {
    JsonObject op = new JsonObject().put("op", kind).put("path", path);
    return kind.equals("remove") ? op : op.put("value", value);
  }

  static List<String> ids(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonArray("images").stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  private static List<String> names(JsonObject body) {
    return body.getJsonArray("images").stream().map(i -> ((JsonObject) i).getString("name")).toList();
  }

  static byte[] random(long seed, int size) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  static String hex(String algorithm, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }
}
