package io.stratus.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * compute-api on a real identity, gateway, storage, image service and Kafka, with no agent: version discovery,
 * flavors, key pairs, quotas and limits, validation errors, policy between projects, and a launch that no host
 * can take (ERROR with NoValidHost). Runs before {@link ComputeAgentFlowIT}'s host appears (own cluster there).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComputeApiIT {
  @TempDir
  static Path dir;
  static TestComputeCluster c;
  static String admin;
  static String demo;
  static String demoProject;
  static String other;
  static String imageId;

  @BeforeAll
  static void start() throws Exception {
    c = TestComputeCluster.start(dir, Map.of());
    admin = c.adminToken();
    demoProject = c.cluster.createUser("demo", "demo", "demo-secret", "member");
    demo = c.token("demo", "demo", "demo-secret");
    c.cluster.createUser("other", "other", "other-secret", "member");
    other = c.token("other", "other", "other-secret");
    imageId = c.activeImage(admin, new JsonObject().put("name", "cirros").put("disk_format", "raw")
        .put("container_format", "bare").put("visibility", "public").put("min_disk", 1), new byte[4096]);
  }

  @AfterAll
  static void stop() {
    if (c != null) c.close();
  }

  private static JsonObject json(HttpResponse<String> r) {
    return new JsonObject(r.body());
  }

  private static JsonObject server(String name, String image, Object flavor) {
    return new JsonObject().put("server", new JsonObject().put("name", name).put("imageRef", image).put("flavorRef", flavor));
  }

  @Test
  @Order(1)
  void versionDiscoveryAndMicroversions() {
    HttpResponse<String> root = c.call("GET", "/", null, null);
    assertEquals(200, root.statusCode());
    JsonArray versions = json(root).getJsonArray("versions");
    assertEquals("v2.1", versions.getJsonObject(1).getString("id"));
    assertEquals("2.1", versions.getJsonObject(1).getString("version"));
    HttpResponse<String> v21 = c.call("GET", "/v2.1", null, null);
    assertEquals(200, v21.statusCode());
    assertEquals("2.1", json(v21).getJsonObject("version").getString("min_version"));
    assertEquals("2.1", v21.headers().firstValue("X-OpenStack-Nova-API-Version").orElseThrow());
    assertEquals("compute 2.1", v21.headers().firstValue("OpenStack-API-Version").orElseThrow());
    assertTrue(v21.headers().firstValue("Vary").orElseThrow().contains("OpenStack-API-Version"));
    assertTrue(v21.headers().firstValue("x-openstack-request-id").orElseThrow().startsWith("req-"));
    assertTrue(v21.headers().firstValue("x-compute-request-id").isPresent());
    assertEquals(406, c.call("GET", "/v2.1/flavors", demo, null, "OpenStack-API-Version", "compute 2.60").statusCode());
    assertEquals(406, c.call("GET", "/v2.1/flavors", demo, null, "X-OpenStack-Nova-API-Version", "2.2").statusCode());
    assertEquals(400, c.call("GET", "/v2.1/flavors", demo, null, "X-OpenStack-Nova-API-Version", "two").statusCode());
    assertEquals(200, c.call("GET", "/v2.1/flavors", demo, null, "OpenStack-API-Version", "compute latest").statusCode());
    assertEquals(200, c.call("GET", "/v2.1/flavors", demo, null, "OpenStack-API-Version", "compute 2.1").statusCode());
    assertEquals(401, c.call("GET", "/v2.1/flavors", null, null).statusCode());
    assertEquals(401, c.call("GET", "/v2.1/flavors", "not-a-token", null).statusCode());
    assertEquals(200, c.call("GET", "/v2.1/" + demoProject + "/flavors", demo, null).statusCode(), "project id prefix");
    assertEquals(400, c.call("GET", "/v2.1/someoneelse/flavors", demo, null).statusCode());
  }

  @Test
  @Order(2)
  void defaultFlavorsAndAdminOnlyChanges() {
    JsonArray flavors = json(c.call("GET", "/v2.1/flavors/detail", demo, null)).getJsonArray("flavors");
    assertEquals(5, flavors.size());
    JsonObject tiny = flavors.getJsonObject(0);
    assertEquals("1", tiny.getString("id"));
    assertEquals("m1.tiny", tiny.getString("name"));
    assertEquals(512, tiny.getInteger("ram"));
    assertEquals(1, tiny.getInteger("disk"));
    assertEquals("", tiny.getValue("swap"));
    assertEquals(true, tiny.getBoolean("os-flavor-access:is_public"));
    assertEquals(0, tiny.getInteger("OS-FLV-EXT-DATA:ephemeral"));
    assertEquals(false, tiny.getBoolean("OS-FLV-DISABLED:disabled"));
    assertEquals(1.0, tiny.getDouble("rxtx_factor"));
    assertEquals(2, tiny.getJsonArray("links").size());
    assertEquals("m1.xlarge", json(c.call("GET", "/v2.1/flavors/5", demo, null)).getJsonObject("flavor").getString("name"));
    HttpResponse<String> missing = c.call("GET", "/v2.1/flavors/nope", demo, null);
    assertEquals(404, missing.statusCode());
    assertEquals(404, json(missing).getJsonObject("itemNotFound").getInteger("code"));
    String body = new JsonObject().put("flavor", new JsonObject().put("name", "c1.custom").put("ram", 256).put("vcpus", 1)
        .put("disk", 0).put("id", "custom")).encode();
    HttpResponse<String> denied = c.call("POST", "/v2.1/flavors", demo, body);
    assertEquals(403, denied.statusCode());
    assertNotNull(json(denied).getJsonObject("forbidden"));
    HttpResponse<String> created = c.call("POST", "/v2.1/flavors", admin, body);
    assertEquals(200, created.statusCode(), created.body());
    assertEquals(256, json(created).getJsonObject("flavor").getInteger("ram"));
    HttpResponse<String> duplicate = c.call("POST", "/v2.1/flavors", admin, body);
    assertEquals(409, duplicate.statusCode());
    assertNotNull(json(duplicate).getJsonObject("conflictingRequest"));
    assertEquals(400, c.call("POST", "/v2.1/flavors", admin, new JsonObject().put("flavor", new JsonObject()
        .put("name", "bad").put("ram", -1).put("vcpus", 1).put("disk", 0)).encode()).statusCode());
    assertEquals(200, c.call("POST", "/v2.1/flavors/custom/os-extra_specs", admin,
        new JsonObject().put("extra_specs", new JsonObject().put("hw:cpu_policy", "shared")).encode()).statusCode());
    assertEquals("shared", json(c.call("GET", "/v2.1/flavors/custom/os-extra_specs", demo, null))
        .getJsonObject("extra_specs").getString("hw:cpu_policy"));
    assertEquals(403, c.call("DELETE", "/v2.1/flavors/custom", demo, null).statusCode());
    assertEquals(202, c.call("DELETE", "/v2.1/flavors/custom", admin, null).statusCode());
    assertEquals(404, c.call("GET", "/v2.1/flavors/custom", admin, null).statusCode());
    JsonObject page = json(c.call("GET", "/v2.1/flavors?limit=2", demo, null));
    assertEquals(2, page.getJsonArray("flavors").size());
    assertTrue(page.getJsonArray("flavors_links").getJsonObject(0).getString("href").contains("marker=2"));
    assertEquals("3", json(c.call("GET", "/v2.1/flavors?limit=2&marker=2", demo, null)).getJsonArray("flavors")
        .getJsonObject(0).getString("id"));
  }

  @Test
  @Order(3)
  void keypairsGeneratedAndImportedPerUser() {
    HttpResponse<String> made = c.call("POST", "/v2.1/os-keypairs", demo,
        new JsonObject().put("keypair", new JsonObject().put("name", "gen")).encode());
    assertEquals(200, made.statusCode(), made.body());
    JsonObject gen = json(made).getJsonObject("keypair");
    assertTrue(gen.getString("private_key").startsWith("-----BEGIN PRIVATE KEY-----"));
    assertTrue(gen.getString("public_key").startsWith("ssh-rsa "));
    assertTrue(gen.getString("fingerprint").matches("([0-9a-f]{2}:){15}[0-9a-f]{2}"));
    String pub = gen.getString("public_key");
    HttpResponse<String> imported = c.call("POST", "/v2.1/os-keypairs", demo,
        new JsonObject().put("keypair", new JsonObject().put("name", "imp").put("public_key", pub)).encode());
    assertEquals(200, imported.statusCode());
    assertNull(json(imported).getJsonObject("keypair").getString("private_key"));
    assertEquals(gen.getString("fingerprint"), json(imported).getJsonObject("keypair").getString("fingerprint"));
    assertEquals(409, c.call("POST", "/v2.1/os-keypairs", demo,
        new JsonObject().put("keypair", new JsonObject().put("name", "imp").put("public_key", pub)).encode()).statusCode());
    assertEquals(400, c.call("POST", "/v2.1/os-keypairs", demo,
        new JsonObject().put("keypair", new JsonObject().put("name", "bad").put("public_key", "ssh-rsa nope")).encode())
        .statusCode());
    assertEquals(400, c.call("POST", "/v2.1/os-keypairs", demo,
        new JsonObject().put("keypair", new JsonObject().put("name", "bad/name")).encode()).statusCode());
    JsonArray list = json(c.call("GET", "/v2.1/os-keypairs", demo, null)).getJsonArray("keypairs");
    assertEquals(2, list.size());
    assertEquals("gen", list.getJsonObject(0).getJsonObject("keypair").getString("name"));
    assertEquals(0, json(c.call("GET", "/v2.1/os-keypairs", other, null)).getJsonArray("keypairs").size(), "per user");
    assertEquals(pub, json(c.call("GET", "/v2.1/os-keypairs/imp", demo, null)).getJsonObject("keypair").getString("public_key"));
    assertEquals(404, c.call("GET", "/v2.1/os-keypairs/imp", other, null).statusCode());
    assertEquals(202, c.call("DELETE", "/v2.1/os-keypairs/imp", demo, null).statusCode());
    assertEquals(404, c.call("GET", "/v2.1/os-keypairs/imp", demo, null).statusCode());
  }

  @Test
  @Order(4)
  void invalidLaunchesAreRefusedWithNovaErrors() {
    String queued = c.queuedImage(demo, new JsonObject().put("name", "empty").put("disk_format", "raw")
        .put("container_format", "bare"));
    String big = c.activeImage(demo, new JsonObject().put("name", "big").put("disk_format", "raw")
        .put("container_format", "bare").put("min_disk", 30).put("min_ram", 100), new byte[16]);
    assertBad(new JsonObject().put("server", new JsonObject().put("imageRef", imageId).put("flavorRef", "1")), "name");
    assertBad(server("s", imageId, "99"), "Invalid flavorRef provided.");
    assertBad(server("s", "00000000-0000-0000-0000-000000000000", "1"), "Can not find requested image");
    assertBad(server("s", queued, "1"), "is not active");
    assertBad(server("s", big, "1"), "Flavor's disk is too small for requested image.");
    assertBad(server(" s", imageId, "1"), "name");
    JsonObject withKey = server("s", imageId, "1");
    withKey.getJsonObject("server").put("key_name", "missing");
    assertBad(withKey, "Invalid key_name provided.");
    JsonObject badData = server("s", imageId, "1");
    badData.getJsonObject("server").put("user_data", "***not base64***");
    assertBad(badData, "Userdata content cannot be decoded");
    JsonObject counts = server("s", imageId, "1");
    counts.getJsonObject("server").put("min_count", 3).put("max_count", 2);
    assertBad(counts, "min_count must be <= max_count");
    JsonObject zone = server("s", imageId, "1");
    zone.getJsonObject("server").put("availability_zone", "nowhere");
    assertBad(zone, "availability zone");
    JsonObject extra = server("s", imageId, "1");
    extra.getJsonObject("server").put("bogus", 1);
    assertBad(extra, "Additional properties");
    assertEquals(400, c.call("POST", "/v2.1/servers", demo, "{not json").statusCode());
    assertEquals(400, c.call("POST", "/v2.1/servers", demo, "[]").statusCode());
    assertEquals(404, c.call("GET", "/v2.1/servers/00000000-0000-0000-0000-000000000000", demo, null).statusCode());
  }

  private static void assertBad(JsonObject body, String message) {
    HttpResponse<String> r = c.call("POST", "/v2.1/servers", demo, body.encode());
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(json(r).getJsonObject("badRequest").getString("message").contains(message), r.body());
  }

  @Test
  @Order(5)
  void launchWithoutHostsIsErrorWithNoValidHostAndDeletesAtOnce() {
    JsonObject body = server("lonely", imageId, "1");
    body.getJsonObject("server").put("metadata", new JsonObject().put("role", "test")).put("networks", "none")
        .put("user_data", Base64.getEncoder().encodeToString("#!/bin/sh\necho hi\n".getBytes()));
    HttpResponse<String> created = c.call("POST", "/v2.1/servers", demo, body.encode());
    assertEquals(202, created.statusCode(), created.body());
    JsonObject s = json(created).getJsonObject("server");
    String id = s.getString("id");
    assertEquals(12, s.getString("adminPass").length());
    assertEquals("MANUAL", s.getString("OS-DCF:diskConfig"));
    assertEquals("default", s.getJsonArray("security_groups").getJsonObject(0).getString("name"));
    assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/v2.1/servers/" + id));
    JsonObject shown = json(c.call("GET", "/v2.1/servers/" + id, demo, null)).getJsonObject("server");
    assertEquals("ERROR", shown.getString("status"));
    assertEquals("error", shown.getString("OS-EXT-STS:vm_state"));
    assertEquals(500, shown.getJsonObject("fault").getInteger("code"));
    assertTrue(shown.getJsonObject("fault").getString("message").startsWith("No valid host was found."));
    assertEquals("test", shown.getJsonObject("metadata").getString("role"));
    assertEquals(imageId, shown.getJsonObject("image").getString("id"));
    assertEquals("1", shown.getJsonObject("flavor").getString("id"));
    assertEquals(demoProject, shown.getString("tenant_id"));
    assertEquals(new JsonObject(), shown.getJsonObject("addresses"));
    assertFalse(shown.containsKey("OS-EXT-SRV-ATTR:host"), "host attributes are for admins");
    assertTrue(json(c.call("GET", "/v2.1/servers/" + id, admin, null)).getJsonObject("server")
        .containsKey("OS-EXT-SRV-ATTR:instance_name"));
    HttpResponse<String> stop = c.call("POST", "/v2.1/servers/" + id + "/action", demo, "{\"os-stop\": null}");
    assertEquals(409, stop.statusCode(), stop.body());
    HttpResponse<String> start = c.call("POST", "/v2.1/servers/" + id + "/action", demo, "{\"os-start\": null}");
    assertEquals(409, start.statusCode());
    assertTrue(json(start).getJsonObject("conflictingRequest").getString("message").contains("vm_state error"));
    assertEquals(404, c.call("GET", "/v2.1/servers/" + id, other, null).statusCode(), "another project's server");
    assertEquals(404, c.call("DELETE", "/v2.1/servers/" + id, other, null).statusCode());
    assertEquals(204, c.call("DELETE", "/v2.1/servers/" + id, demo, null).statusCode());
    assertEquals(404, c.call("GET", "/v2.1/servers/" + id, demo, null).statusCode());
  }

  @Test
  @Order(6)
  void listsFilterAndSeparateProjects() {
    String a = create(demo, "alpha");
    String b = create(demo, "beta");
    String o = create(other, "alpha-other");
    JsonArray mine = json(c.call("GET", "/v2.1/servers", demo, null)).getJsonArray("servers");
    assertEquals(2, mine.size());
    assertEquals(b, mine.getJsonObject(0).getString("id"), "newest first");
    JsonArray named = json(c.call("GET", "/v2.1/servers/detail?name=%5Ealp", demo, null)).getJsonArray("servers");
    assertEquals(1, named.size());
    assertEquals(a, named.getJsonObject(0).getString("id"));
    assertEquals(2, json(c.call("GET", "/v2.1/servers/detail?status=ERROR", demo, null)).getJsonArray("servers").size());
    assertEquals(0, json(c.call("GET", "/v2.1/servers/detail?status=ACTIVE", demo, null)).getJsonArray("servers").size());
    assertEquals(0, json(c.call("GET", "/v2.1/servers?flavor=2", demo, null)).getJsonArray("servers").size());
    assertEquals(2, json(c.call("GET", "/v2.1/servers?image=" + imageId, demo, null)).getJsonArray("servers").size());
    JsonObject page = json(c.call("GET", "/v2.1/servers?limit=1&sort_key=display_name&sort_dir=asc", demo, null));
    assertEquals(a, page.getJsonArray("servers").getJsonObject(0).getString("id"));
    assertTrue(page.containsKey("servers_links"));
    assertEquals(400, c.call("GET", "/v2.1/servers?marker=nope", demo, null).statusCode());
    assertEquals(400, c.call("GET", "/v2.1/servers?limit=-1", demo, null).statusCode());
    assertEquals(400, c.call("GET", "/v2.1/servers?sort_key=bogus", demo, null).statusCode());
    assertEquals(403, c.call("GET", "/v2.1/servers?all_tenants=1", demo, null).statusCode());
    JsonArray all = json(c.call("GET", "/v2.1/servers/detail?all_tenants=1&name=alpha", admin, null)).getJsonArray("servers");
    assertEquals(2, all.size());
    assertEquals(0, json(c.call("GET", "/v2.1/servers", admin, null)).getJsonArray("servers").size(), "admin's own project");
    HttpResponse<String> renamed = c.call("PUT", "/v2.1/servers/" + a, demo,
        new JsonObject().put("server", new JsonObject().put("name", "gamma")).encode());
    assertEquals(200, renamed.statusCode(), renamed.body());
    assertEquals("gamma", json(renamed).getJsonObject("server").getString("name"));
    assertEquals(400, c.call("PUT", "/v2.1/servers/" + a, demo,
        new JsonObject().put("server", new JsonObject().put("flavor", "2")).encode()).statusCode());
    for (String id : new String[] {a, b}) assertEquals(204, c.call("DELETE", "/v2.1/servers/" + id, demo, null).statusCode());
    assertEquals(204, c.call("DELETE", "/v2.1/servers/" + o, other, null).statusCode());
  }

  @Test
  @Order(7)
  void serverMetadata() {
    String id = create(demo, "meta");
    String path = "/v2.1/servers/" + id + "/metadata";
    assertEquals(new JsonObject().put("a", "1").put("b", "2"), json(c.call("PUT", path, demo,
        new JsonObject().put("metadata", new JsonObject().put("a", "1").put("b", "2")).encode())).getJsonObject("metadata"));
    assertEquals(new JsonObject().put("a", "1").put("b", "3").put("c", "4"), json(c.call("POST", path, demo,
        new JsonObject().put("metadata", new JsonObject().put("b", "3").put("c", "4")).encode())).getJsonObject("metadata"));
    assertEquals("1", json(c.call("GET", path + "/a", demo, null)).getJsonObject("meta").getString("a"));
    assertEquals(200, c.call("PUT", path + "/d", demo, new JsonObject().put("meta", new JsonObject().put("d", "5")).encode())
        .statusCode());
    assertEquals(400, c.call("PUT", path + "/d", demo, new JsonObject().put("meta", new JsonObject().put("e", "5")).encode())
        .statusCode(), "body and URI mismatch");
    assertEquals(204, c.call("DELETE", path + "/a", demo, null).statusCode());
    assertEquals(404, c.call("GET", path + "/a", demo, null).statusCode());
    assertEquals(new JsonObject().put("b", "3").put("c", "4").put("d", "5"),
        json(c.call("GET", path, demo, null)).getJsonObject("metadata"));
    assertEquals(404, c.call("GET", path, other, null).statusCode());
    assertEquals(204, c.call("DELETE", "/v2.1/servers/" + id, demo, null).statusCode());
  }

  @Test
  @Order(8)
  void quotasLimitLaunchesAndShowInLimits() {
    String project = c.cluster.createUser("quota", "quser", "quser-secret", "member");
    String token = c.token("quota", "quser", "quser-secret");
    JsonObject defaults = json(c.call("GET", "/v2.1/os-quota-sets/" + project, token, null)).getJsonObject("quota_set");
    assertEquals(10, defaults.getInteger("instances"));
    assertEquals(20, defaults.getInteger("cores"));
    assertEquals(51200, defaults.getInteger("ram"));
    String set = new JsonObject().put("quota_set", new JsonObject().put("instances", 2).put("cores", 3)).encode();
    assertEquals(403, c.call("PUT", "/v2.1/os-quota-sets/" + project, token, set).statusCode());
    HttpResponse<String> changed = c.call("PUT", "/v2.1/os-quota-sets/" + project, admin, set);
    assertEquals(200, changed.statusCode(), changed.body());
    assertEquals(2, json(changed).getJsonObject("quota_set").getInteger("instances"));
    assertEquals(403, c.call("GET", "/v2.1/os-quota-sets/" + project, demo, null).statusCode());
    HttpResponse<String> cores = c.call("POST", "/v2.1/servers", token, server("big", imageId, "5").encode());
    assertEquals(403, cores.statusCode());
    assertEquals("Quota exceeded for cores: Requested 8, but already used 0 of 3 cores",
        json(cores).getJsonObject("forbidden").getString("message"));
    JsonObject two = server("pair", imageId, "1");
    two.getJsonObject("server").put("min_count", 1).put("max_count", 5).put("return_reservation_id", true);
    HttpResponse<String> reserved = c.call("POST", "/v2.1/servers", token, two.encode());
    assertEquals(202, reserved.statusCode(), reserved.body());
    assertTrue(json(reserved).getString("reservation_id").startsWith("r-"));
    JsonArray launched = json(c.call("GET", "/v2.1/servers/detail?sort_key=display_name&sort_dir=asc", token, null))
        .getJsonArray("servers");
    assertEquals(2, launched.size(), "max_count 5 is cut to the 2 the quota allows");
    assertEquals("pair-1", launched.getJsonObject(0).getString("name"));
    HttpResponse<String> third = c.call("POST", "/v2.1/servers", token, server("third", imageId, "1").encode());
    assertEquals(403, third.statusCode());
    assertEquals("Quota exceeded for instances: Requested 1, but already used 2 of 2 instances",
        json(third).getJsonObject("forbidden").getString("message"));
    JsonObject absolute = json(c.call("GET", "/v2.1/limits", token, null)).getJsonObject("limits").getJsonObject("absolute");
    assertEquals(2, absolute.getInteger("maxTotalInstances"));
    assertEquals(3, absolute.getInteger("maxTotalCores"));
    assertEquals(2, absolute.getInteger("totalInstancesUsed"));
    assertEquals(2, absolute.getInteger("totalCoresUsed"));
    assertEquals(1024, absolute.getInteger("totalRAMUsed"));
    JsonObject detail = json(c.call("GET", "/v2.1/os-quota-sets/" + project + "/detail", token, null)).getJsonObject("quota_set");
    assertEquals(2, detail.getJsonObject("instances").getInteger("in_use"));
    assertEquals(10, json(c.call("GET", "/v2.1/os-quota-sets/" + project + "/defaults", token, null))
        .getJsonObject("quota_set").getInteger("instances"));
  }

  @Test
  @Order(9)
  void stateSurvivesARestart() {
    String id = create(demo, "durable");
    assertEquals(200, c.call("POST", "/v2.1/flavors", admin, new JsonObject().put("flavor", new JsonObject()
        .put("name", "kept").put("ram", 128).put("vcpus", 1).put("disk", 1).put("id", "kept")).encode()).statusCode());
    c.stopCompute();
    c.startCompute();
    JsonObject shown = json(c.call("GET", "/v2.1/servers/" + id, demo, null)).getJsonObject("server");
    assertEquals("durable", shown.getString("name"));
    assertEquals("ERROR", shown.getString("status"));
    assertEquals(6, json(c.call("GET", "/v2.1/flavors", demo, null)).getJsonArray("flavors").size(), "defaults not made twice");
    assertEquals(1, json(c.call("GET", "/v2.1/os-keypairs", demo, null)).getJsonArray("keypairs").size());
    assertEquals(204, c.call("DELETE", "/v2.1/servers/" + id, demo, null).statusCode());
  }

  @Test
  @Order(10)
  void hostViewsAreEmptyWithoutAgentsAndAdminOnly() {
    assertEquals(0, json(c.call("GET", "/v2.1/os-hypervisors/detail", admin, null)).getJsonArray("hypervisors").size());
    assertEquals(403, c.call("GET", "/v2.1/os-hypervisors", demo, null).statusCode());
    assertEquals(403, c.call("GET", "/v2.1/os-services", demo, null).statusCode());
    assertEquals(0, json(c.call("GET", "/v2.1/os-services", admin, null)).getJsonArray("services").size());
    assertEquals(0, json(c.call("GET", "/v2.1/os-availability-zone", demo, null)).getJsonArray("availabilityZoneInfo").size());
    assertEquals(0, json(c.call("GET", "/v2.1/os-hypervisors/statistics", admin, null))
        .getJsonObject("hypervisor_statistics").getInteger("count"));
  }

  private static String create(String token, String name) {
    HttpResponse<String> r = c.call("POST", "/v2.1/servers", token, server(name, imageId, "1").encode());
    assertEquals(202, r.statusCode(), r.body());
    return json(r).getJsonObject("server").getString("id");
  }
}
