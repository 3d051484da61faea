package io.stratus.identity;

import static io.stratus.identity.TestIdentity.json;
import static io.stratus.identity.TestIdentity.passwordAuth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Application credentials over HTTP: CRUD, the application_credential auth method, restriction, expiry and invalidation. */
class ApplicationCredentialIT {
  @TempDir
  static Path dir;
  static MutableClock clock;
  static TestIdentity id;
  static int users;

  String admin;
  String userId;
  String userName;
  String projectId;
  String userToken;

  @BeforeAll
  static void start() throws Exception {
    clock = new MutableClock(Instant.now());
    id = TestIdentity.start(dir.resolve("identity"), clock);
  }

  @AfterAll
  static void stop() throws Exception {
    id.close();
  }

  /** A fresh user holding member (so also reader) on a fresh project, and its project-scoped token. */
  @BeforeEach
  void member() throws Exception {
    admin = id.adminToken();
    userName = "ac-user-" + (++users);
    projectId = create("projects", "project", new JsonObject().put("name", "ac-project-" + users));
    userId = create("users", "user", new JsonObject().put("name", userName).put("password", "pw"));
    assertEquals(204, id.call("PUT", "/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId("member"), null,
        "X-Auth-Token", admin).statusCode());
    HttpResponse<String> r = id.call("POST", "/v3/auth/tokens", passwordAuth(userName, "pw", "ac-project-" + users));
    assertEquals(201, r.statusCode(), r.body());
    userToken = r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  @Test
  void createShowListDeleteAndTheSecretIsShownOnce() throws Exception {
    HttpResponse<String> created = createCred(userToken, new JsonObject().put("name", "monitoring").put("description", "for nagios"));
    assertEquals(201, created.statusCode(), created.body());
    JsonObject cred = json(created).getJsonObject("application_credential");
    assertEquals(86, cred.getString("secret").length());
    assertEquals(projectId, cred.getString("project_id"));
    assertEquals("for nagios", cred.getString("description"));
    assertEquals(Set.of("member", "reader"), names(cred.getJsonArray("roles")));
    assertFalse(cred.getBoolean("unrestricted"));
    assertEquals(null, cred.getValue("expires_at"));
    String path = base() + "/" + cred.getString("id");
    JsonObject shown = json(id.call("GET", path, null, "X-Auth-Token", userToken)).getJsonObject("application_credential");
    assertFalse(shown.containsKey("secret"));
    assertEquals("monitoring", shown.getString("name"));
    assertEquals(409, createCred(userToken, new JsonObject().put("name", "monitoring")).statusCode());
    JsonArray listed = json(id.call("GET", base() + "?name=monitoring", null, "X-Auth-Token", userToken)).getJsonArray("application_credentials");
    assertEquals(1, listed.size());
    assertFalse(listed.getJsonObject(0).containsKey("secret"));
    assertEquals(0, json(id.call("GET", base() + "?name=other", null, "X-Auth-Token", userToken)).getJsonArray("application_credentials").size());
    assertEquals(200, id.call("GET", path, null, "X-Auth-Token", admin).statusCode());
    assertEquals(204, id.call("DELETE", path, null, "X-Auth-Token", userToken).statusCode());
    assertEquals(404, id.call("GET", path, null, "X-Auth-Token", userToken).statusCode());
    assertEquals(404, id.call("DELETE", path, null, "X-Auth-Token", userToken).statusCode());
  }

  @Test
  void authenticatesByIdOrByNameAndUserWithTheCredentialsRoles() throws Exception {
    JsonObject cred = json(createCred(userToken, new JsonObject().put("name", "ci").put("secret", "s3cret")
        .put("roles", new JsonArray().add(new JsonObject().put("name", "reader"))))).getJsonObject("application_credential");
    assertEquals(Set.of("reader"), names(cred.getJsonArray("roles")));
    HttpResponse<String> byId = id.call("POST", "/v3/auth/tokens", appCredAuth(new JsonObject().put("id", cred.getString("id")).put("secret", "s3cret")));
    assertEquals(201, byId.statusCode(), byId.body());
    JsonObject token = json(byId).getJsonObject("token");
    assertEquals(new JsonArray().add("application_credential"), token.getJsonArray("methods"));
    assertEquals(projectId, token.getJsonObject("project").getString("id"));
    assertEquals(Set.of("reader"), names(token.getJsonArray("roles")));
    assertEquals(new JsonObject().put("id", cred.getString("id")).put("name", "ci").put("restricted", true),
        token.getJsonObject("application_credential"));
    String byName = new JsonObject().put("name", "ci").put("secret", "s3cret")
        .put("user", new JsonObject().put("name", userName).put("domain", new JsonObject().put("name", "Default"))).encode();
    assertEquals(201, id.call("POST", "/v3/auth/tokens", appCredAuth(new JsonObject(byName))).statusCode());
    String byUserId = new JsonObject().put("name", "ci").put("secret", "s3cret").put("user", new JsonObject().put("id", userId)).encode();
    assertEquals(201, id.call("POST", "/v3/auth/tokens", appCredAuth(new JsonObject(byUserId))).statusCode());

    HttpResponse<String> wrong = id.call("POST", "/v3/auth/tokens", appCredAuth(new JsonObject().put("id", cred.getString("id")).put("secret", "nope")));
    assertEquals(401, wrong.statusCode());
    assertTrue(wrong.headers().firstValue("WWW-Authenticate").isPresent());
    assertEquals(401, id.call("POST", "/v3/auth/tokens", appCredAuth(new JsonObject().put("id", "unknown").put("secret", "s3cret"))).statusCode());
    JsonObject scoped = new JsonObject(appCredAuth(new JsonObject().put("id", cred.getString("id")).put("secret", "s3cret")));
    scoped.getJsonObject("auth").put("scope", new JsonObject().put("project", new JsonObject().put("id", projectId)));
    assertEquals(401, id.call("POST", "/v3/auth/tokens", scoped.encode()).statusCode());
    assertEquals(400, createCred(userToken, new JsonObject().put("name", "too-much")
        .put("roles", new JsonArray().add(new JsonObject().put("name", "admin")))).statusCode());
  }

  @Test
  void restrictedCredentialsCannotManageCredentialsUnrestrictedOnesCan() throws Exception {
    String restricted = tokenOf(json(createCred(userToken, new JsonObject().put("name", "r").put("secret", "x"))), "x");
    assertEquals(403, createCred(restricted, new JsonObject().put("name", "child")).statusCode());
    String some = json(createCred(userToken, new JsonObject().put("name", "victim"))).getJsonObject("application_credential").getString("id");
    assertEquals(403, id.call("DELETE", base() + "/" + some, null, "X-Auth-Token", restricted).statusCode());
    assertEquals(200, id.call("GET", base(), null, "X-Auth-Token", restricted).statusCode());
    String unrestricted = tokenOf(json(createCred(userToken, new JsonObject().put("name", "u").put("secret", "y").put("unrestricted", true))), "y");
    assertEquals(201, createCred(unrestricted, new JsonObject().put("name", "child")).statusCode());
    assertEquals(204, id.call("DELETE", base() + "/" + some, null, "X-Auth-Token", unrestricted).statusCode());
  }

  @Test
  void rescopingATokenFromACredentialKeepsTheCredentialAndItsProject() throws Exception {
    String token = tokenOf(json(createCred(userToken, new JsonObject().put("name", "rescope").put("secret", "d"))), "d");
    JsonObject auth = new JsonObject().put("auth", new JsonObject().put("identity", new JsonObject()
        .put("methods", new JsonArray().add("token")).put("token", new JsonObject().put("id", token))));
    HttpResponse<String> same = id.call("POST", "/v3/auth/tokens", auth.encode());
    assertEquals(201, same.statusCode(), same.body());
    JsonObject body = json(same).getJsonObject("token");
    assertEquals(projectId, body.getJsonObject("project").getString("id"));
    assertEquals("rescope", body.getJsonObject("application_credential").getString("name"));
    String other = create("projects", "project", new JsonObject().put("name", "ac-other-" + users));
    assertEquals(204, id.call("PUT", "/v3/projects/" + other + "/users/" + userId + "/roles/" + roleId("member"), null,
        "X-Auth-Token", admin).statusCode());
    auth.getJsonObject("auth").put("scope", new JsonObject().put("project", new JsonObject().put("id", other)));
    HttpResponse<String> elsewhere = id.call("POST", "/v3/auth/tokens", auth.encode());
    assertEquals(401, elsewhere.statusCode());
    assertTrue(elsewhere.body().contains("bound to the credential's project"), elsewhere.body());
  }

  @Test
  void onlyTheUserCreatesAndOnlyTheUserOrAnAdminReads() throws Exception {
    String adminId = json(id.call("GET", "/v3/auth/tokens", null, "X-Auth-Token", admin, "X-Subject-Token", admin))
        .getJsonObject("token").getJsonObject("user").getString("id");
    assertEquals(403, id.call("POST", base(), new JsonObject().put("application_credential", new JsonObject().put("name", "x")).encode(),
        "X-Auth-Token", admin).statusCode());
    assertEquals(403, id.call("GET", "/v3/users/" + adminId + "/application_credentials", null, "X-Auth-Token", userToken).statusCode());
    assertEquals(200, id.call("GET", base(), null, "X-Auth-Token", admin).statusCode());
    assertEquals(404, id.call("GET", base() + "/nope", null, "X-Auth-Token", userToken).statusCode());
    assertEquals(400, createCred(userToken, new JsonObject()).statusCode());
    assertEquals(400, createCred(userToken, new JsonObject().put("name", "past").put("expires_at", "2001-01-01T00:00:00Z")).statusCode());
  }

  @Test
  void deletingTheCredentialOrTheUserInvalidatesItsTokensAtOnce() throws Exception {
    JsonObject first = json(createCred(userToken, new JsonObject().put("name", "one").put("secret", "a")));
    String token = tokenOf(first, "a");
    assertEquals(200, id.call("GET", "/v3/auth/projects", null, "X-Auth-Token", token).statusCode());
    assertEquals(204, id.call("DELETE", base() + "/" + first.getJsonObject("application_credential").getString("id"), null,
        "X-Auth-Token", userToken).statusCode());
    assertEquals(401, id.call("GET", "/v3/auth/projects", null, "X-Auth-Token", token).statusCode());

    String second = tokenOf(json(createCred(userToken, new JsonObject().put("name", "two").put("secret", "b"))), "b");
    assertEquals(200, id.call("GET", "/v3/auth/projects", null, "X-Auth-Token", second).statusCode());
    assertEquals(204, id.call("DELETE", "/v3/users/" + userId, null, "X-Auth-Token", admin).statusCode());
    assertEquals(401, id.call("GET", "/v3/auth/projects", null, "X-Auth-Token", second).statusCode());
  }

  @Test
  void anExpiredCredentialNoLongerAuthenticatesAndItsTokensEndWithIt() throws Exception {
    String expires = clock.instant().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MICROS).toString();
    JsonObject cred = json(createCred(userToken, new JsonObject().put("name", "short").put("secret", "c").put("expires_at", expires)));
    String token = tokenOf(cred, "c");
    JsonObject body = json(id.call("GET", "/v3/auth/tokens", null, "X-Auth-Token", token, "X-Subject-Token", token)).getJsonObject("token");
    assertEquals(Instant.parse(expires), Instant.parse(body.getString("expires_at")));
    clock.advance(Duration.ofMinutes(31));
    assertEquals(401, id.call("GET", "/v3/auth/projects", null, "X-Auth-Token", token).statusCode());
    HttpResponse<String> r = id.call("POST", "/v3/auth/tokens", appCredAuth(new JsonObject()
        .put("id", cred.getJsonObject("application_credential").getString("id")).put("secret", "c")));
    assertEquals(401, r.statusCode());
    assertTrue(r.body().contains("expired"), r.body());
  }

  private String base() {
    return "/v3/users/" + userId + "/application_credentials";
  }

  private HttpResponse<String> createCred(String token, JsonObject fields) throws Exception {
    return id.call("POST", base(), new JsonObject().put("application_credential", fields).encode(), "X-Auth-Token", token);
  }

  private static String tokenOf(JsonObject created, String secret) throws Exception {
    String credId = created.getJsonObject("application_credential").getString("id");
    HttpResponse<String> r = id.call("POST", "/v3/auth/tokens", appCredAuth(new JsonObject().put("id", credId).put("secret", secret)));
    assertEquals(201, r.statusCode(), r.body());
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  private static String appCredAuth(JsonObject credential) {
    return new JsonObject().put("auth", new JsonObject().put("identity", new JsonObject()
        .put("methods", new JsonArray().add("application_credential")).put("application_credential", credential))).encode();
  }

  private String create(String collection, String member, JsonObject fields) throws Exception {
    HttpResponse<String> r = id.call("POST", "/v3/" + collection, new JsonObject().put(member, fields).encode(), "X-Auth-Token", admin);
    assertEquals(201, r.statusCode(), r.body());
    return json(r).getJsonObject(member).getString("id");
  }

  private String roleId(String name) throws Exception {
    return json(id.call("GET", "/v3/roles?name=" + name, null, "X-Auth-Token", admin)).getJsonArray("roles").getJsonObject(0).getString("id");
  }

  private static Set<String> names(JsonArray roles) {
    Set<String> out = new HashSet<>();
    for (Object role : roles) out.add(((JsonObject) role).getString("name"));
    return out;
  }
}
