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
    ok(201, call("PUT", "/hist-versions", null));
    ok(201, call("PUT", "/hist", null, "X-History-Location", "hist-versions"));
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
}
