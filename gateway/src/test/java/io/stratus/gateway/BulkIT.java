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

/** Swift's bulk middleware against a real cluster: bulk delete (POST and DELETE, every Accept format). */
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
  void tooManyNamesAre413InTheReport() {
    String body = "/c/o\n".repeat(10_001);
    JsonObject json = new JsonObject(call("POST", "?bulk-delete", body, "Accept", "application/json").body());
    assertEquals("413 Request Entity Too Large", json.getString("Response Status"));
    assertEquals("Maximum Bulk Deletes: 10000 per request", json.getString("Response Body"));
  }
}
