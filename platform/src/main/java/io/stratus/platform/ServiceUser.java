package io.stratus.platform;

import io.stratus.common.auth.Secrets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * A service's own identity user, made through identity's Keystone v3 API with the admin's token: a
 * user with a role on the service project (both made when missing) and a random password,
 * saved (mode 0600) so later starts reuse it.
 */
final class ServiceUser {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private ServiceUser() {
  }

  /**
   * The service user's password: the saved one, or a new user (or new password) made now and saved, with
   * {@code role} (member, or admin for a service that acts across projects) on the service project.
   */
  static String ensure(Path passwordFile, String identityUrl, String adminPassword, String user, String project, String role)
      throws IOException, InterruptedException {
    if (Files.exists(passwordFile)) return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
    if (adminPassword == null) {
      throw new IOException("cannot make service user " + user + ": the admin password is unknown and " + passwordFile + " is missing");
    }
    String password = Secrets.password();
    String admin = adminToken(identityUrl, adminPassword);
    String projectId = findOrCreate(identityUrl, admin, "projects", "project", new JsonObject().put("name", project)
        .put("domain_id", "default").put("description", "Service users"));
    String userId = find(identityUrl, admin, "users", user);
    JsonObject fields = new JsonObject().put("password", password).put("default_project_id", projectId);
    if (userId == null) {
      userId = create(identityUrl, admin, "users", "user", fields.copy().put("name", user).put("domain_id", "default"));
    } else {
      expect(call(identityUrl, "PATCH", "/v3/users/" + userId, new JsonObject().put("user", fields), admin), 200);
    }
    String roleId = find(identityUrl, admin, "roles", role);
    if (roleId == null) throw new IOException("identity has no role '" + role + "'");
    expect(call(identityUrl, "PUT", "/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null, admin), 204);
    save(passwordFile, password);
    return password;
  }

  private static String adminToken(String identityUrl, String password) throws IOException, InterruptedException {
    JsonObject domain = new JsonObject().put("id", "default");
    JsonObject auth = new JsonObject().put("auth", new JsonObject()
        .put("identity", new JsonObject().put("methods", new JsonArray().add("password")).put("password", new JsonObject()
            .put("user", new JsonObject().put("name", "admin").put("domain", domain).put("password", password))))
        .put("scope", new JsonObject().put("project", new JsonObject().put("name", "admin").put("domain", domain))));
    HttpResponse<String> r = expect(call(identityUrl, "POST", "/v3/auth/tokens?nocatalog", auth, null), 201);
    return r.headers().firstValue("X-Subject-Token").orElseThrow(() -> new IOException("identity issued no token"));
  }

  private static String findOrCreate(String identityUrl, String admin, String collection, String member, JsonObject fields)
      throws IOException, InterruptedException {
    String id = find(identityUrl, admin, collection, fields.getString("name"));
    return id != null ? id : create(identityUrl, admin, collection, member, fields);
  }

  private static String find(String identityUrl, String admin, String collection, String name)
      throws IOException, InterruptedException {
    HttpResponse<String> r = expect(call(identityUrl, "GET", "/v3/" + collection + "?name=" + name, null, admin), 200);
    JsonArray found = new JsonObject(r.body()).getJsonArray(collection);
    return found.isEmpty() ? null : found.getJsonObject(0).getString("id");
  }

  private static String create(String identityUrl, String admin, String collection, String member, JsonObject fields)
      throws IOException, InterruptedException {
    HttpResponse<String> r = expect(call(identityUrl, "POST", "/v3/" + collection, new JsonObject().put(member, fields), admin), 201);
    return new JsonObject(r.body()).getJsonObject(member).getString("id");
  }

  private static HttpResponse<String> call(String identityUrl, String method, String path, JsonObject body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(identityUrl + path)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) b.header("Content-Type", "application/json");
    if (token != null) b.header("X-Auth-Token", token);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> expect(HttpResponse<String> r, int status) throws IOException {
    if (r.statusCode() != status) {
      throw new IOException(r.request().method() + " " + r.uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  /** Writes a secret atomically to a file only its owner may read. */
  static void save(Path file, String password) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }
}
