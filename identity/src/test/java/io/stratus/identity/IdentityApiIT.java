package io.stratus.identity;

import static io.stratus.identity.TestIdentity.json;
import static io.stratus.identity.TestIdentity.passwordAuth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.identity.ec2.AwsSignature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Keystone v3 API, tempauth and s3tokens over real sockets, on a real RocksDB. */
class IdentityApiIT {
  private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";

  @TempDir
  static Path dir;
  static MutableClock clock;
  static TestIdentity id;

  @BeforeAll
  static void start() throws Exception {
    clock = new MutableClock(Instant.now());
    id = TestIdentity.start(dir.resolve("identity"), clock);
  }

  @AfterAll
  static void stop() throws Exception {
    id.close();
  }

  @Test
  void versionDiscoveryDocuments() throws Exception {
    HttpResponse<String> v3 = id.call("GET", "/v3", null);
    assertEquals(200, v3.statusCode());
    JsonObject version = json(v3).getJsonObject("version");
    assertEquals("stable", version.getString("status"));
    assertEquals(id.url() + "/v3/", version.getJsonArray("links").getJsonObject(0).getString("href"));
    assertEquals("application/vnd.openstack.identity-v3+json", version.getJsonArray("media-types").getJsonObject(0).getString("type"));
    HttpResponse<String> root = id.call("GET", "/", null);
    assertEquals(300, root.statusCode());
    assertEquals("v3.14", json(root).getJsonObject("versions").getJsonArray("values").getJsonObject(0).getString("id"));
  }

  @Test
  void passwordAuthIssuesAProjectScopedTokenWithCatalog() throws Exception {
    HttpResponse<String> r = id.call("POST", "/v3/auth/tokens", passwordAuth("admin", TestIdentity.ADMIN_PASSWORD, "admin"));
    assertEquals(201, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("X-Subject-Token").isPresent());
    JsonObject token = json(r).getJsonObject("token");
    assertEquals(new JsonArray().add("password"), token.getJsonArray("methods"));
    assertEquals("admin", token.getJsonObject("user").getString("name"));
    assertEquals("default", token.getJsonObject("user").getJsonObject("domain").getString("id"));
    assertEquals("Default", token.getJsonObject("project").getJsonObject("domain").getString("name"));
    assertTrue(token.getString("expires_at").matches(TIME), token.getString("expires_at"));
    assertTrue(token.getString("issued_at").matches(TIME));
    assertEquals(Set.of("admin", "member", "reader"), names(token.getJsonArray("roles")));
    String projectId = token.getJsonObject("project").getString("id");
    Set<String> types = new HashSet<>();
    for (Object s : token.getJsonArray("catalog")) {
      JsonObject service = (JsonObject) s;
      types.add(service.getString("type"));
      assertEquals(3, service.getJsonArray("endpoints").size());
      JsonObject endpoint = service.getJsonArray("endpoints").getJsonObject(0);
      assertEquals("RegionOne", endpoint.getString("region_id"));
      assertEquals("RegionOne", endpoint.getString("region"));
      if (service.getString("type").equals("object-store")) assertTrue(endpoint.getString("url").endsWith("/v1/AUTH_" + projectId));
    }
    assertEquals(Set.of("identity", "object-store", "image", "compute"), types);
  }

  @Test
  void unscopedTokenRescopesWithTheTokenMethodKeepingItsExpiry() throws Exception {
    HttpResponse<String> unscoped = id.call("POST", "/v3/auth/tokens", passwordAuth("admin", TestIdentity.ADMIN_PASSWORD, null));
    assertEquals(201, unscoped.statusCode());
    JsonObject first = json(unscoped).getJsonObject("token");
    assertFalse(first.containsKey("project"));
    String body = new JsonObject().put("auth", new JsonObject()
        .put("identity", new JsonObject().put("methods", new JsonArray().add("token"))
            .put("token", new JsonObject().put("id", unscoped.headers().firstValue("X-Subject-Token").orElseThrow())))
        .put("scope", new JsonObject().put("project", new JsonObject().put("name", "admin").put("domain", new JsonObject().put("name", "Default")))))
        .encode();
    HttpResponse<String> scoped = id.call("POST", "/v3/auth/tokens", body);
    assertEquals(201, scoped.statusCode(), scoped.body());
    JsonObject token = json(scoped).getJsonObject("token");
    assertEquals("admin", token.getJsonObject("project").getString("name"));
    assertEquals(Set.of("token", "password"), Set.of(token.getJsonArray("methods").getString(0), token.getJsonArray("methods").getString(1)));
    assertEquals(first.getString("expires_at"), token.getString("expires_at"));
    assertEquals(first.getJsonArray("audit_ids").getString(0), token.getJsonArray("audit_ids").getString(1));
  }

  @Test
  void domainScopedTokenNeedsARoleOnTheDomain() throws Exception {
    String admin = id.adminToken();
    JsonObject request = new JsonObject(passwordAuth("admin", TestIdentity.ADMIN_PASSWORD, null));
    request.getJsonObject("auth").put("scope", new JsonObject().put("domain", new JsonObject().put("name", "Default")));
    String auth = request.encode();
    assertEquals(401, id.call("POST", "/v3/auth/tokens", auth).statusCode());
    String userId = tokenBody(admin).getJsonObject("user").getString("id");
    String roleId = roleId(admin, "reader");
    assertEquals(204, id.call("PUT", "/v3/domains/default/users/" + userId + "/roles/" + roleId, null, "X-Auth-Token", admin).statusCode());
    HttpResponse<String> r = id.call("POST", "/v3/auth/tokens", auth);
    assertEquals(201, r.statusCode(), r.body());
    assertEquals("default", json(r).getJsonObject("token").getJsonObject("domain").getString("id"));
    assertEquals(Set.of("reader"), names(json(r).getJsonObject("token").getJsonArray("roles")));
    assertEquals(204, id.call("DELETE", "/v3/domains/default/users/" + userId + "/roles/" + roleId, null, "X-Auth-Token", admin).statusCode());
    assertEquals(401, id.call("POST", "/v3/auth/tokens", auth).statusCode());
  }

  @Test
  void validateCheckAndRevokeTakeEffectAtOnce() throws Exception {
    String admin = id.adminToken();
    String subject = id.adminToken();
    HttpResponse<String> get = id.call("GET", "/v3/auth/tokens", null, "X-Auth-Token", admin, "X-Subject-Token", subject);
    assertEquals(200, get.statusCode());
    assertEquals(subject, get.headers().firstValue("X-Subject-Token").orElseThrow());
    assertEquals(200, id.call("HEAD", "/v3/auth/tokens", null, "X-Auth-Token", admin, "X-Subject-Token", subject).statusCode());
    assertFalse(json(id.call("GET", "/v3/auth/tokens?nocatalog", null, "X-Auth-Token", admin, "X-Subject-Token", subject))
        .getJsonObject("token").containsKey("catalog"));
    assertEquals(204, id.call("DELETE", "/v3/auth/tokens", null, "X-Auth-Token", admin, "X-Subject-Token", subject).statusCode());
    assertEquals(404, id.call("GET", "/v3/auth/tokens", null, "X-Auth-Token", admin, "X-Subject-Token", subject).statusCode());
    assertEquals(401, id.call("GET", "/v3/projects", null, "X-Auth-Token", subject).statusCode());
    assertEquals(404, id.call("GET", "/v3/auth/tokens", null, "X-Auth-Token", admin, "X-Subject-Token", "garbage").statusCode());
  }

  @Test
  void errorsAreKeystoneJson() throws Exception {
    HttpResponse<String> wrong = id.call("POST", "/v3/auth/tokens", passwordAuth("admin", "wrong", "admin"));
    assertEquals(401, wrong.statusCode());
    assertEquals("Keystone uri=\"" + id.url() + "\"", wrong.headers().firstValue("WWW-Authenticate").orElseThrow());
    JsonObject error = json(wrong).getJsonObject("error");
    assertEquals(401, error.getInteger("code"));
    assertEquals("Unauthorized", error.getString("title"));
    assertNotNull(error.getString("message"));
    assertEquals(401, id.call("POST", "/v3/auth/tokens", passwordAuth("nobody", "x", null)).statusCode());
    assertEquals(401, id.call("GET", "/v3/projects", null).statusCode());
    assertEquals(401, id.call("GET", "/v3/projects", null, "X-Auth-Token", "not-a-token").statusCode());
    for (String bad : new String[] {"{", "[1,2]", "", "{\"auth\": 5}", "{\"auth\":{\"identity\":{}}}", "{\"auth\":{\"identity\":{\"methods\":\"x\"}}}",
        "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\"}}}}}"}) {
      HttpResponse<String> r = id.call("POST", "/v3/auth/tokens", bad);
      assertEquals(400, r.statusCode(), bad + " -> " + r.body());
      assertEquals(400, json(r).getJsonObject("error").getInteger("code"));
    }
    String admin = id.adminToken();
    assertEquals(404, id.call("GET", "/v3/projects/nope", null, "X-Auth-Token", admin).statusCode());
    assertEquals(404, id.call("GET", "/v3/users/nope", null, "X-Auth-Token", admin).statusCode());
    assertEquals(404, id.call("PUT", "/v3/projects/nope/users/nope/roles/nope", null, "X-Auth-Token", admin).statusCode());
    assertEquals(404, id.call("GET", "/v3/no-such-thing", null, "X-Auth-Token", admin).statusCode());
    assertEquals(400, id.call("POST", "/v3/projects", "{\"project\":{\"name\":7}}", "X-Auth-Token", admin).statusCode());
    assertEquals(400, id.call("POST", "/v3/projects", "{\"project\":{\"name\":\"x\",\"enabled\":\"yes\"}}", "X-Auth-Token", admin).statusCode());
    assertEquals(409, id.call("POST", "/v3/projects", "{\"project\":{\"name\":\"admin\"}}", "X-Auth-Token", admin).statusCode());
  }

  @Test
  void aProjectsParentMustExistInItsDomain() throws Exception {
    String admin = id.adminToken();
    HttpResponse<String> missing = id.call("POST", "/v3/projects", "{\"project\":{\"name\":\"p1\",\"parent_id\":\"nonexistent\"}}",
        "X-Auth-Token", admin);
    assertError(missing, 404, "Not Found", "Could not find project: nonexistent.");
    assertTrue(json(id.call("GET", "/v3/projects?name=p1", null, "X-Auth-Token", admin)).getJsonArray("projects").isEmpty(),
        "nothing was created");
    assertError(id.call("POST", "/v3/projects", "{\"project\":{\"name\":\"p1\",\"parent_id\":\"not an id!\"}}",
        "X-Auth-Token", admin), 400, "Bad Request", "parent_id");
    String top = create(admin, "projects", "project", new JsonObject().put("name", "top"));
    String underDomain = create(admin, "projects", "project", new JsonObject().put("name", "under-domain").put("parent_id", "default"));
    assertEquals("default", projectJson(admin, top).getString("parent_id"), "no parent: the domain");
    assertEquals("default", projectJson(admin, underDomain).getString("parent_id"));
    String child = create(admin, "projects", "project", new JsonObject().put("name", "child").put("parent_id", top));
    JsonObject shown = projectJson(admin, child);
    assertEquals(top, shown.getString("parent_id"));
    assertEquals("default", shown.getString("domain_id"));
    JsonArray children = json(id.call("GET", "/v3/projects?parent_id=" + top, null, "X-Auth-Token", admin)).getJsonArray("projects");
    assertEquals(1, children.size());
    assertEquals(child, children.getJsonObject(0).getString("id"));
    assertError(id.call("DELETE", "/v3/projects/" + top, null, "X-Auth-Token", admin), 403, "Forbidden", "not a leaf");
    String otherDomain = create(admin, "domains", "domain", new JsonObject().put("name", "parents-elsewhere"));
    String elsewhere = create(admin, "projects", "project", new JsonObject().put("name", "elsewhere").put("domain_id", otherDomain));
    assertError(id.call("POST", "/v3/projects", new JsonObject().put("project", new JsonObject().put("name", "cross")
        .put("parent_id", elsewhere)).encode(), "X-Auth-Token", admin), 400, "Bad Request", "a parent in a different domain");
    assertError(id.call("POST", "/v3/projects", new JsonObject().put("project", new JsonObject().put("name", "cross")
        .put("parent_id", otherDomain)).encode(), "X-Auth-Token", admin), 400, "Bad Request", "is acting as a domain");
    assertEquals(204, id.call("DELETE", "/v3/projects/" + child, null, "X-Auth-Token", admin).statusCode());
    assertEquals(204, id.call("DELETE", "/v3/projects/" + top, null, "X-Auth-Token", admin).statusCode(), "a leaf now");
  }

  @Test
  void namesAreHeldToKeystoneSchemaLimits() throws Exception {
    String admin = id.adminToken();
    String huge = "u".repeat(10_000);
    for (String[] c : new String[][] {{"users", "user", "255"}, {"roles", "role", "255"}, {"projects", "project", "64"},
        {"domains", "domain", "64"}}) {
      int max = Integer.parseInt(c[2]);
      String path = "/v3/" + c[0];
      HttpResponse<String> tooLong = id.call("POST", path, new JsonObject().put(c[1], new JsonObject().put("name", huge)).encode(),
          "X-Auth-Token", admin);
      assertError(tooLong, 400, "Bad Request", "Invalid input for field 'name'");
      assertTrue(json(tooLong).getJsonObject("error").getString("message").contains("at most " + max), tooLong.body());
      assertTrue(tooLong.body().length() < 1000, "the value is not echoed whole");
      assertError(id.call("POST", path, new JsonObject().put(c[1], new JsonObject().put("name", "n".repeat(max + 1))).encode(),
          "X-Auth-Token", admin), 400, "Bad Request", "too long");
      String made = create(admin, c[0], c[1], new JsonObject().put("name", c[1].charAt(0) + "x".repeat(max - 1))
          .put("description", "d".repeat(10_000)));
      assertError(id.call("PATCH", path + "/" + made, new JsonObject().put(c[1], new JsonObject().put("name", huge)).encode(),
          "X-Auth-Token", admin), 400, "Bad Request", "too long");
      assertError(id.call("PATCH", path + "/" + made, new JsonObject().put(c[1], new JsonObject().put("name", " ")).encode(),
          "X-Auth-Token", admin), 400, "Bad Request", "name");
      assertEquals(max, json(id.call("GET", path + "/" + made, null, "X-Auth-Token", admin)).getJsonObject(c[1])
          .getString("name").length(), "unchanged");
    }
    assertError(id.call("POST", "/v3/users", new JsonObject().put("user", new JsonObject().put("name", "long-default")
        .put("default_project_id", "p".repeat(65))).encode(), "X-Auth-Token", admin), 400, "Bad Request", "default_project_id");
    String adminId = tokenBody(admin).getJsonObject("user").getString("id");
    HttpResponse<String> cred = id.call("POST", "/v3/users/" + adminId + "/application_credentials",
        new JsonObject().put("application_credential", new JsonObject().put("name", huge)).encode(), "X-Auth-Token", admin);
    assertError(cred, 400, "Bad Request", "too long");
  }

  @Test
  void malformedTokenRequestsAreValidationErrors() throws Exception {
    String[][] cases = {
        {"\"scope\":\"weird\"", "Expecting to find system, project, domain, OS-TRUST:trust or unscoped in scope"},
        {"\"scope\":{}", "Expecting to find system, project, domain, OS-TRUST:trust or unscoped in scope"},
        {"\"scope\":{\"project\":{\"id\":\"x\"},\"domain\":{\"id\":\"default\"}}", "or unscoped in scope"},
        {"\"scope\":5", "Invalid input for field 'scope': 5 is not of type 'object', 'string'"},
        {"\"scope\":{\"project\":\"admin\"}", "Invalid input for field 'scope/project': 'admin' is not of type 'object'"},
    };
    String identity = "\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\","
        + "\"domain\":{\"id\":\"default\"},\"password\":\"" + TestIdentity.ADMIN_PASSWORD + "\"}}}";
    for (String[] c : cases) {
      assertError(id.call("POST", "/v3/auth/tokens", "{\"auth\":{" + identity + "," + c[0] + "}}"), 400, "Bad Request", c[1]);
    }
    HttpResponse<String> unscoped = id.call("POST", "/v3/auth/tokens", "{\"auth\":{" + identity + ",\"scope\":\"unscoped\"}}");
    assertEquals(201, unscoped.statusCode(), unscoped.body());
    assertFalse(json(unscoped).getJsonObject("token").containsKey("project"));
    String[][] identities = {
        {"{\"methods\":\"password\"}", "Invalid input for field 'identity/methods': 'password' is not of type 'array'"},
        {"{\"methods\":[1]}", "Invalid input for field 'identity/methods/0': 1 is not of type 'string'"},
        {"{\"methods\":[\"password\"],\"password\":\"x\"}", "Invalid input for field 'identity/password': 'x' is not of type 'object'"},
        {"{\"methods\":[\"password\"],\"password\":{\"user\":\"admin\"}}",
            "Invalid input for field 'identity/password/user': 'admin' is not of type 'object'"},
        {"{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":7}}}",
            "Invalid input for field 'identity/password/user/password': 7 is not of type 'string'"},
        {"{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":\"default\",\"password\":\"x\"}}}",
            "Invalid input for field 'identity/password/user/domain': 'default' is not of type 'object'"},
        {"{\"methods\":[\"token\"],\"token\":{\"id\":7}}", "Expecting to find id in token"},
    };
    for (String[] c : identities) {
      assertError(id.call("POST", "/v3/auth/tokens", "{\"auth\":{\"identity\":" + c[0] + "}}"), 400, "Bad Request", c[1]);
    }
  }

  @Test
  void membersGetImpliedRolesButNotAdminApis() throws Exception {
    String admin = id.adminToken();
    String projectId = create(admin, "projects", "project", new JsonObject().put("name", "team"));
    String userId = create(admin, "users", "user", new JsonObject().put("name", "alice").put("password", "alice-pw"));
    assertEquals(204, id.call("PUT", "/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId(admin, "member"), null,
        "X-Auth-Token", admin).statusCode());
    HttpResponse<String> r = id.call("POST", "/v3/auth/tokens", passwordAuth("alice", "alice-pw", "team"));
    assertEquals(201, r.statusCode(), r.body());
    assertEquals(Set.of("member", "reader"), names(json(r).getJsonObject("token").getJsonArray("roles")));
    String alice = r.headers().firstValue("X-Subject-Token").orElseThrow();
    assertEquals(403, id.call("GET", "/v3/projects", null, "X-Auth-Token", alice).statusCode());
    assertEquals(403, id.call("POST", "/v3/users", "{\"user\":{\"name\":\"mallory\"}}", "X-Auth-Token", alice).statusCode());
    assertEquals(403, id.call("GET", "/v3/users/" + tokenBody(admin).getJsonObject("user").getString("id"), null, "X-Auth-Token", alice).statusCode());
    assertEquals(200, id.call("GET", "/v3/users/" + userId, null, "X-Auth-Token", alice).statusCode());
    assertEquals(200, id.call("GET", "/v3/projects/" + projectId, null, "X-Auth-Token", alice).statusCode());
    JsonArray mine = json(id.call("GET", "/v3/auth/projects", null, "X-Auth-Token", alice)).getJsonArray("projects");
    assertEquals("team", mine.getJsonObject(0).getString("name"));
    assertEquals(200, id.call("GET", "/v3/auth/tokens", null, "X-Auth-Token", alice, "X-Subject-Token", alice).statusCode());
    assertEquals(403, id.call("GET", "/v3/auth/tokens", null, "X-Auth-Token", alice, "X-Subject-Token", admin).statusCode());

    assertEquals(200, id.call("PATCH", "/v3/users/" + userId, "{\"user\":{\"enabled\":false}}", "X-Auth-Token", admin).statusCode());
    assertEquals(401, id.call("GET", "/v3/auth/projects", null, "X-Auth-Token", alice).statusCode());
  }

  @Test
  void roleAssignmentsListWithOpenstackclientFilters() throws Exception {
    String admin = id.adminToken();
    String projectId = create(admin, "projects", "project", new JsonObject().put("name", "ra-project"));
    String userId = create(admin, "users", "user", new JsonObject().put("name", "ra-user").put("password", "pw"));
    String member = roleId(admin, "member");
    id.call("PUT", "/v3/projects/" + projectId + "/users/" + userId + "/roles/" + member, null, "X-Auth-Token", admin);
    assertEquals(204, id.call("HEAD", "/v3/projects/" + projectId + "/users/" + userId + "/roles/" + member, null, "X-Auth-Token", admin).statusCode());
    String query = "/v3/role_assignments?user.id=" + userId + "&scope.project.id=" + projectId;
    JsonArray direct = json(id.call("GET", query + "&include_names", null, "X-Auth-Token", admin)).getJsonArray("role_assignments");
    assertEquals(1, direct.size());
    assertEquals("member", direct.getJsonObject(0).getJsonObject("role").getString("name"));
    assertEquals("ra-user", direct.getJsonObject(0).getJsonObject("user").getString("name"));
    assertEquals("ra-project", direct.getJsonObject(0).getJsonObject("scope").getJsonObject("project").getString("name"));
    JsonArray effective = json(id.call("GET", query + "&effective&include_names", null, "X-Auth-Token", admin)).getJsonArray("role_assignments");
    assertEquals(Set.of("member", "reader"), names(new JsonArray(effective.stream().map(o -> ((JsonObject) o).getJsonObject("role")).toList())));
    JsonArray byRole = json(id.call("GET", "/v3/role_assignments?role.id=" + member + "&scope.project.id=" + projectId, null,
        "X-Auth-Token", admin)).getJsonArray("role_assignments");
    assertEquals(1, byRole.size());
    JsonArray roles = json(id.call("GET", "/v3/projects/" + projectId + "/users/" + userId + "/roles", null, "X-Auth-Token", admin)).getJsonArray("roles");
    assertEquals("member", roles.getJsonObject(0).getString("name"));
    JsonObject inferences = json(id.call("GET", "/v3/role_inferences", null, "X-Auth-Token", admin));
    assertEquals(2, inferences.getJsonArray("role_inferences").size());

    assertEquals(204, id.call("DELETE", "/v3/projects/" + projectId, null, "X-Auth-Token", admin).statusCode());
    assertEquals(0, json(id.call("GET", "/v3/role_assignments?user.id=" + userId, null, "X-Auth-Token", admin)).getJsonArray("role_assignments").size());
    assertEquals(204, id.call("DELETE", "/v3/users/" + userId, null, "X-Auth-Token", admin).statusCode());
    assertEquals(404, id.call("GET", "/v3/users/" + userId, null, "X-Auth-Token", admin).statusCode());
  }

  @Test
  void ec2CredentialsVerifySigV4ThroughS3Tokens() throws Exception {
    String admin = id.adminToken();
    JsonObject token = tokenBody(admin);
    String userId = token.getJsonObject("user").getString("id");
    String projectId = token.getJsonObject("project").getString("id");
    String base = "/v3/users/" + userId + "/credentials/OS-EC2";
    HttpResponse<String> created = id.call("POST", base, new JsonObject().put("tenant_id", projectId).encode(), "X-Auth-Token", admin);
    assertEquals(201, created.statusCode(), created.body());
    JsonObject cred = json(created).getJsonObject("credential");
    assertEquals(1, json(id.call("GET", base, null, "X-Auth-Token", admin)).getJsonArray("credentials").size());
    String date = amzDate(clock.instant());
    String stringToSign = "AWS4-HMAC-SHA256\n" + date + "\n" + date.substring(0, 8) + "/us-east-1/s3/aws4_request\n"
        + "ab".repeat(32);
    String signature = AwsSignature.signV4(cred.getString("secret"), stringToSign);
    JsonObject request = new JsonObject().put("credentials", new JsonObject().put("access", cred.getString("access"))
        .put("token", Base64.getEncoder().encodeToString(stringToSign.getBytes(StandardCharsets.UTF_8))).put("signature", signature));
    HttpResponse<String> ok = id.call("POST", "/v3/s3tokens", request.encode());
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(projectId, json(ok).getJsonObject("token").getJsonObject("project").getString("id"));
    assertTrue(names(json(ok).getJsonObject("token").getJsonArray("roles")).contains("admin"));
    assertNull(json(ok).getJsonObject("s3_signing_key"), "no key without a canonical request");
    String wrong = (signature.charAt(0) == '0' ? '1' : '0') + signature.substring(1);
    request.getJsonObject("credentials").put("signature", wrong);
    assertEquals(401, id.call("POST", "/v3/s3tokens", request.encode()).statusCode());
    assertEquals(204, id.call("DELETE", base + "/" + cred.getString("access"), null, "X-Auth-Token", admin).statusCode());
    assertEquals(404, id.call("GET", base + "/" + cred.getString("access"), null, "X-Auth-Token", admin).statusCode());
    request.getJsonObject("credentials").put("signature", signature);
    assertEquals(401, id.call("POST", "/v3/s3tokens", request.encode()).statusCode());
  }

  /** The S3 extensions: a fresh header request's signing key, a scoped (POST policy) signature, the unknown-key message. */
  @Test
  void s3TokensAnswersTheSigningKeyOfAFreshHeaderRequest() throws Exception {
    String admin = id.adminToken();
    JsonObject token = tokenBody(admin);
    String base = "/v3/users/" + token.getJsonObject("user").getString("id") + "/credentials/OS-EC2";
    JsonObject cred = json(id.call("POST", base, new JsonObject().put("tenant_id", token.getJsonObject("project").getString("id"))
        .encode(), "X-Auth-Token", admin)).getJsonObject("credential");
    String date = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(
        clock.instant().atOffset(java.time.ZoneOffset.UTC));
    String canonical = "GET\n/bkt/key\n\nhost:s3.example\nx-amz-date:" + date + "\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD";
    String scope = date.substring(0, 8) + "/us-east-1/s3/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    JsonObject credentials = new JsonObject().put("access", cred.getString("access"))
        .put("token", Base64.getEncoder().encodeToString(stringToSign.getBytes(StandardCharsets.UTF_8)))
        .put("signature", AwsSignature.signV4(cred.getString("secret"), stringToSign)).put("canonical_request", canonical);
    HttpResponse<String> ok = id.call("POST", "/v3/s3tokens", new JsonObject().put("credentials", credentials).encode());
    assertEquals(200, ok.statusCode(), ok.body());
    JsonObject key = json(ok).getJsonObject("s3_signing_key");
    assertEquals(scope, key.getString("scope"));
    String[] s = scope.split("/");
    assertEquals(HexFormat.of().formatHex(AwsSignature.signingKeyV4(cred.getString("secret"), s[0], s[1], s[2])), key.getString("key"));
    assertFalse(ok.body().contains(cred.getString("secret")));

    String policy = Base64.getEncoder().encodeToString("{\"expiration\": \"2030-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
    JsonObject post = new JsonObject().put("access", cred.getString("access")).put("scope", scope)
        .put("token", Base64.getEncoder().encodeToString(policy.getBytes(StandardCharsets.UTF_8)))
        .put("signature", AwsSignature.signV4Scoped(cred.getString("secret"), scope, policy));
    HttpResponse<String> scoped = id.call("POST", "/v3/s3tokens", new JsonObject().put("credentials", post).encode());
    assertEquals(200, scoped.statusCode(), scoped.body());
    assertNull(json(scoped).getJsonObject("s3_signing_key"));

    credentials.put("access", "no-such-key");
    HttpResponse<String> unknown = id.call("POST", "/v3/s3tokens", new JsonObject().put("credentials", credentials).encode());
    assertEquals(401, unknown.statusCode());
    assertEquals("EC2 access key not found.", json(unknown).getJsonObject("error").getString("message"));
    assertEquals(204, id.call("DELETE", base + "/" + cred.getString("access"), null, "X-Auth-Token", admin).statusCode());
  }

  /**
   * CVE-2020-12692: a captured signature is honoured only while its request is valid. A header-signed string to sign
   * older than fifteen minutes, a presigned URL past X-Amz-Expires (or whose canonical request is not the signed one),
   * a SigV2 URL past Expires and an expired POST policy are refused with 401 and a message saying why.
   */
  @Test
  void s3TokensRefusesReplayedExpiredSignatures() throws Exception {
    String admin = id.adminToken();
    JsonObject token = tokenBody(admin);
    String base = "/v3/users/" + token.getJsonObject("user").getString("id") + "/credentials/OS-EC2";
    JsonObject cred = json(id.call("POST", base, new JsonObject().put("tenant_id", token.getJsonObject("project").getString("id"))
        .encode(), "X-Auth-Token", admin)).getJsonObject("credential");
    String access = cred.getString("access");
    String secret = cred.getString("secret");
    Instant old = clock.instant().minus(Duration.ofMinutes(20));
    String date = amzDate(old);
    String scope = date.substring(0, 8) + "/us-east-1/s3/aws4_request";
    String header = "GET\n/bkt/key\n\nhost:s3.example\nx-amz-date:" + date + "\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD";
    String headerSts = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + sha256(header);
    HttpResponse<String> replayed = s3tokens(access, headerSts, AwsSignature.signV4(secret, headerSts), header, null);
    assertEquals(401, replayed.statusCode());
    assertTrue(json(replayed).getJsonObject("error").getString("message").startsWith("The difference between the request time"));

    String presigned = "GET\n/bkt/key\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + access + "%2F" + scope.replace("/", "%2F")
        + "&X-Amz-Date=" + date + "&X-Amz-Expires=3600&X-Amz-SignedHeaders=host\nhost:s3.example\n\nhost\nUNSIGNED-PAYLOAD";
    String presignedSts = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + sha256(presigned);
    String signature = AwsSignature.signV4(secret, presignedSts);
    assertEquals(200, s3tokens(access, presignedSts, signature, presigned, null).statusCode(), "within X-Amz-Expires");
    assertEquals(401, s3tokens(access, presignedSts, signature, null, null).statusCode(), "no canonical request");
    String forged = presigned.replace("X-Amz-Expires=3600", "X-Amz-Expires=604800");
    assertEquals(401, s3tokens(access, presignedSts, signature, forged, null).statusCode(), "not the signed request");
    clock.advance(Duration.ofMinutes(41));
    HttpResponse<String> expired = s3tokens(access, presignedSts, signature, presigned, null);
    assertEquals(401, expired.statusCode());
    assertTrue(json(expired).getJsonObject("error").getString("message").startsWith("Request has expired"), expired.body());

    String v2 = "GET\n\n\n" + clock.instant().minusSeconds(1).getEpochSecond() + "\n/bkt/key";
    assertEquals(401, s3tokens(access, v2, AwsSignature.signV2(secret, v2), null, null).statusCode(), "SigV2 past Expires");
    String policy = Base64.getEncoder().encodeToString(("{\"expiration\": \"" + clock.instant().minusSeconds(1) + "\"}")
        .getBytes(StandardCharsets.UTF_8));
    String postScope = amzDate(clock.instant()).substring(0, 8) + "/us-east-1/s3/aws4_request";
    assertEquals(401, s3tokens(access, policy, AwsSignature.signV4Scoped(secret, postScope, policy), null, postScope).statusCode());
    assertEquals(401, s3tokens(access, headerSts, AwsSignature.signV4Scoped(secret, scope, headerSts), null, scope).statusCode(),
        "a scoped signature of anything but a policy");
    assertEquals(204, id.call("DELETE", base + "/" + access, null, "X-Auth-Token", admin).statusCode());
  }

  private static HttpResponse<String> s3tokens(String access, String stringToSign, String signature, String canonical,
      String scope) throws Exception {
    JsonObject credentials = new JsonObject().put("access", access).put("signature", signature)
        .put("token", Base64.getEncoder().encodeToString(stringToSign.getBytes(StandardCharsets.UTF_8)));
    if (canonical != null) credentials.put("canonical_request", canonical);
    if (scope != null) credentials.put("scope", scope);
    return id.call("POST", "/v3/s3tokens", new JsonObject().put("credentials", credentials).encode());
  }

  private static String amzDate(Instant t) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(t.atOffset(java.time.ZoneOffset.UTC));
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void tempauthAnswersStorageUrlAndToken() throws Exception {
    HttpResponse<String> r = id.call("GET", "/auth/v1.0", null, "X-Auth-User", "admin:admin", "X-Auth-Key", TestIdentity.ADMIN_PASSWORD);
    assertEquals(200, r.statusCode(), r.body());
    String token = r.headers().firstValue("X-Auth-Token").orElseThrow();
    assertEquals(token, r.headers().firstValue("X-Storage-Token").orElseThrow());
    String projectId = tokenBody(token).getJsonObject("project").getString("id");
    assertEquals("http://127.0.0.1:8080/v1/AUTH_" + projectId, r.headers().firstValue("X-Storage-Url").orElseThrow());
    assertEquals(401, id.call("GET", "/auth/v1.0", null, "X-Auth-User", "admin:admin", "X-Auth-Key", "bad").statusCode());
    assertEquals(401, id.call("GET", "/auth/v1.0", null, "X-Auth-User", "admin", "X-Auth-Key", "bad").statusCode());
    assertEquals(401, id.call("GET", "/auth/v1.0", null).statusCode());
  }

  @Test
  void tokensExpireByTheInjectedClock() throws Exception {
    String token = id.adminToken();
    assertEquals(200, id.call("GET", "/v3/auth/catalog", null, "X-Auth-Token", token).statusCode());
    clock.advance(Duration.ofMinutes(61));
    assertEquals(401, id.call("GET", "/v3/auth/catalog", null, "X-Auth-Token", token).statusCode());
    assertEquals(200, id.call("GET", "/v3/auth/catalog", null, "X-Auth-Token", id.adminToken()).statusCode());
  }

  private static JsonObject tokenBody(String token) throws Exception {
    return json(id.call("GET", "/v3/auth/tokens", null, "X-Auth-Token", token, "X-Subject-Token", token)).getJsonObject("token");
  }

  private static String roleId(String admin, String name) throws Exception {
    return json(id.call("GET", "/v3/roles?name=" + name, null, "X-Auth-Token", admin)).getJsonArray("roles").getJsonObject(0).getString("id");
  }

  private static String create(String admin, String collection, String member, JsonObject fields) throws Exception {
    HttpResponse<String> r = id.call("POST", "/v3/" + collection, new JsonObject().put(member, fields).encode(), "X-Auth-Token", admin);
    assertEquals(201, r.statusCode(), r.body());
    return json(r).getJsonObject(member).getString("id");
  }

  private static JsonObject projectJson(String admin, String projectId) throws Exception {
    return json(id.call("GET", "/v3/projects/" + projectId, null, "X-Auth-Token", admin)).getJsonObject("project");
  }

  /** A Keystone JSON error: the status, the same code and its title in the body, and a message saying what went wrong. */
  private static void assertError(HttpResponse<String> r, int status, String title, String message) {
    assertEquals(status, r.statusCode(), r.body());
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertEquals(status, error.getInteger("code"), r.body());
    assertEquals(title, error.getString("title"), r.body());
    assertTrue(error.getString("message").contains(message), r.body());
  }

  private static Set<String> names(JsonArray roles) {
    Set<String> out = new HashSet<>();
    for (Object role : roles) out.add(((JsonObject) role).getString("name"));
    return out;
  }
}
