package io.stratus.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swift's versioned_writes against a real cluster: stack mode (X-Versions-Location: overwrites are
 * archived as {@code <len hex><name>/<timestamp>}, DELETE restores the previous version) and history
 * mode (X-History-Location: DELETE archives and leaves a delete marker), and their header rules.
 * Every kind of write archives alike: PUT, COPY and PUT with X-Copy-From, SLO and DLO manifest PUTs,
 * archive extraction (form posts: FormPostIT).
 */
class VersioningIT {
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

  private static HttpResponse<String> call(String method, String p, String body, String... headers) {
    return cluster.call(method, admin.storageUrl() + p, admin.token(), body == null ? null
        : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private static JsonArray list(String container) {
    return new JsonArray(call("GET", "/" + container + "?format=json", null).body());
  }

  @Test
  void stackModeArchivesOverwritesAndRestoresOnDelete() {
    ok(201, call("PUT", "/stack-versions", null));
    ok(201, call("PUT", "/stack", null, "X-Versions-Location", "stack-versions"));
    assertEquals("stack-versions", call("HEAD", "/stack", null).headers().firstValue("X-Versions-Location").orElse(null));
    ok(201, call("PUT", "/stack/doc", "v1", "X-Object-Meta-Rev", "1"));
    ok(201, call("PUT", "/stack/doc", "v2", "X-Object-Meta-Rev", "2"));
    ok(201, call("PUT", "/stack/doc", "v3"));
    JsonArray versions = list("stack-versions");
    assertEquals(2, versions.size(), versions.encode());
    // '%03x' % len('doc') + 'doc/' + timestamp
    assertTrue(versions.getJsonObject(0).getString("name").matches("003doc/\\d{10}\\.\\d{5}"), versions.encode());
    assertEquals("v3", call("GET", "/stack/doc", null).body());
    ok(204, call("DELETE", "/stack/doc", null));
    HttpResponse<String> restored = call("GET", "/stack/doc", null);
    assertEquals("v2", restored.body());
    assertEquals("2", restored.headers().firstValue("X-Object-Meta-Rev").orElse(null));
    assertEquals(1, list("stack-versions").size());
    ok(204, call("DELETE", "/stack/doc", null));
    assertEquals("v1", call("GET", "/stack/doc", null).body());
    ok(204, call("DELETE", "/stack/doc", null));
    ok(404, call("GET", "/stack/doc", null));
    assertEquals(0, list("stack-versions").size());
  }

  @Test
  void historyModeLeavesDeleteMarkers() {
    versioned("hist", "X-History-Location");
    ok(201, call("PUT", "/hist/page", "first"));
    ok(201, call("PUT", "/hist/page", "second"));
    ok(204, call("DELETE", "/hist/page", null));
    ok(404, call("GET", "/hist/page", null));
    JsonArray versions = list("hist-versions");
    assertEquals(3, versions.size(), versions.encode());
    assertEquals("application/x-deleted;swift_versions_deleted=1", versions.getJsonObject(2).getString("content_type"));
    assertEquals("first", call("GET", "/hist-versions/" + versions.getJsonObject(0).getString("name"), null).body());
    assertEquals("second", call("GET", "/hist-versions/" + versions.getJsonObject(1).getString("name"), null).body());
  }

  @Test
  void onlyOneLocationAndSwitchingClearsTheOther() {
    ok(400, call("PUT", "/both", null, "X-Versions-Location", "a", "X-History-Location", "b"));
    ok(201, call("PUT", "/switch", null, "X-Versions-Location", "a"));
    ok(204, call("POST", "/switch", null, "X-History-Location", "b"));
    HttpResponse<String> head = call("HEAD", "/switch", null);
    assertEquals("b", head.headers().firstValue("X-History-Location").orElse(null));
    assertEquals("", head.headers().firstValue("X-Versions-Location").orElse(""));
    ok(204, call("POST", "/switch", null, "X-Remove-History-Location", "x"));
    assertEquals("", call("HEAD", "/switch", null).headers().firstValue("X-History-Location").orElse(""));
  }

  @Test
  void aLocationMustBeAContainerName() {
    for (String header : new String[] {"X-Versions-Location", "X-History-Location"}) {
      for (String location : new String[] {"vc/x", "vc%2Fx", "/vc"}) {
        HttpResponse<String> slash = call("POST", "/switch", null, header, location);
        assertEquals(412, slash.statusCode(), header + ": " + location);
        assertEquals("Container name cannot contain slashes", slash.body());
        slash = call("PUT", "/slashed", null, header, location);
        assertEquals(412, slash.statusCode(), header + ": " + location);
        assertEquals("Container name cannot contain slashes", slash.body());
      }
      HttpResponse<String> tooLong = call("POST", "/switch", null, header, "v".repeat(300));
      ok(400, tooLong);
      assertEquals("Container name length of 300 longer than 256", tooLong.body());
      ok(204, call("POST", "/switch", null, header, "v".repeat(256)));
    }
    ok(404, call("HEAD", "/slashed", null));
    assertEquals("v".repeat(256), call("HEAD", "/switch", null).headers().firstValue("X-History-Location").orElse(null));
    ok(204, call("POST", "/switch", null, "X-Remove-History-Location", "x"));
  }

  /** A container keeping versions in <container>-versions; the mode's header is X-Versions- or X-History-Location. */
  private static void versioned(String container, String mode) {
    ok(201, call("PUT", "/" + container + "-versions", null));
    ok(201, call("PUT", "/" + container, null, mode, container + "-versions"));
  }

  /** A container holding objects: names and bodies in turn. */
  private static void filled(String container, String... namesAndBodies) {
    ok(201, call("PUT", "/" + container, null));
    for (int i = 0; i < namesAndBodies.length; i += 2) {
      ok(201, call("PUT", "/" + container + "/" + namesAndBodies[i], namesAndBodies[i + 1]));
    }
  }

  /** A DELETE in stack mode, then what the object reads as: the version it restored. */
  private static HttpResponse<String> deleteAndGet(String path) {
    ok(204, call("DELETE", path, null));
    return call("GET", path, null);
  }

  /** The bodies of the archived versions, oldest first. */
  private static java.util.List<String> archived(String container) {
    JsonArray versions = list(container + "-versions");
    java.util.List<String> bodies = new java.util.ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      bodies.add(call("GET", "/" + container + "-versions/" + versions.getJsonObject(i).getString("name"), null).body());
    }
    return bodies;
  }

  @Test
  void copiesOntoAVersionedObjectArchiveItFirst() {
    versioned("vcopy", "X-Versions-Location");
    filled("vcopy-src", "a", "from a", "b", "from b");
    ok(201, call("COPY", "/vcopy-src/a", null, "Destination", "vcopy/doc"));
    assertEquals(java.util.List.of(), archived("vcopy"), "nothing was there to archive");
    ok(201, call("PUT", "/vcopy/doc", null, "X-Copy-From", "vcopy-src/b"));
    ok(201, call("COPY", "/vcopy-src/a", null, "Destination", "/vcopy/doc"));
    ok(201, call("PUT", "/vcopy/doc", "", "X-Copy-From", "/vcopy/doc", "X-Object-Meta-Note", "copied onto itself"));
    assertEquals(java.util.List.of("from a", "from b", "from a"), archived("vcopy"));
    ok(404, call("COPY", "/vcopy-src/missing", null, "Destination", "vcopy/doc"));
    ok(404, call("PUT", "/vcopy/doc", null, "X-Copy-From", "vcopy-src/missing"));
    assertEquals(3, archived("vcopy").size(), "a failed copy archives nothing");
    HttpResponse<String> current = call("GET", "/vcopy/doc", null);
    assertEquals("from a", current.body());
    assertEquals("copied onto itself", current.headers().firstValue("X-Object-Meta-Note").orElse(null));
    HttpResponse<String> restored = deleteAndGet("/vcopy/doc");
    assertEquals("from a", restored.body());
    assertTrue(restored.headers().firstValue("X-Object-Meta-Note").isEmpty());
    assertEquals("from b", deleteAndGet("/vcopy/doc").body());
  }

  @Test
  void copiesInHistoryModeArchiveToo() {
    versioned("hcopy", "X-History-Location");
    ok(201, call("PUT", "/hcopy/page", "first"));
    ok(201, call("PUT", "/hcopy/other", "second"));
    ok(201, call("COPY", "/hcopy/other", null, "Destination", "hcopy/page"));
    assertEquals("second", call("GET", "/hcopy/page", null).body());
    assertEquals(java.util.List.of("first"), archived("hcopy"));
  }

  @Test
  void manifestPutsArchiveTheObjectTheyReplace() {
    versioned("vman", "X-Versions-Location");
    filled("vman-segs", "p1", "aaa", "p2", "bbb");
    ok(201, call("PUT", "/vman/big", "plain"));
    String manifest = "[{\"path\": \"/vman-segs/p1\"}, {\"path\": \"/vman-segs/p2\"}]";
    ok(400, call("PUT", "/vman/big?multipart-manifest=put", "[{\"path\": \"/vman-segs/missing\"}]"));
    assertEquals(java.util.List.of(), archived("vman"), "a refused manifest archives nothing");
    ok(201, call("PUT", "/vman/big?multipart-manifest=put", manifest));
    assertEquals("aaabbb", call("GET", "/vman/big", null).body());
    ok(201, call("PUT", "/vman/big", "", "X-Object-Manifest", "vman-segs/p"));
    ok(201, call("PUT", "/vman/big", "last"));
    // the SLO manifest is archived as a manifest, so its archived version still reads as its segments
    assertEquals(java.util.List.of("plain", "aaabbb", "aaabbb"), archived("vman"));
    HttpResponse<String> dlo = deleteAndGet("/vman/big");
    assertEquals("aaabbb", dlo.body());
    assertEquals("vman-segs/p", dlo.headers().firstValue("X-Object-Manifest").orElse(null));
    HttpResponse<String> slo = deleteAndGet("/vman/big");
    assertEquals("aaabbb", slo.body());
    assertEquals("True", slo.headers().firstValue("X-Static-Large-Object").orElse(null));
    assertEquals("plain", deleteAndGet("/vman/big").body());
  }

  @Test
  void extractedFilesArchiveTheObjectsTheyReplace() {
    versioned("vext", "X-Versions-Location");
    ok(201, call("PUT", "/vext/doc", "before"));
    HttpResponse<String> r = cluster.call("PUT", admin.storageUrl() + "/vext?extract-archive=tar", admin.token(),
        BulkIT.ustar("doc", "from tar".getBytes(StandardCharsets.UTF_8)));
    ok(200, r);
    assertTrue(r.body().startsWith("Number Files Created: 1\n"), r.body());
    assertEquals("from tar", call("GET", "/vext/doc", null).body());
    assertEquals(java.util.List.of("before"), archived("vext"));
  }
}
