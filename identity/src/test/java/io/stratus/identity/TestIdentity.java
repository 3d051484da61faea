package io.stratus.identity;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real identity server for integration tests: port 0, RocksDB in a temp dir, a blocking JDK HTTP client. */
public final class TestIdentity {
  public static final String ADMIN_PASSWORD = "admin-secret";

  private final Vertx vertx;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private IdentityServer server;

  private TestIdentity(Vertx vertx, IdentityServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  public static TestIdentity start(Path dataDir, Clock clock) throws Exception {
    Vertx vertx = Vertx.vertx();
    return new TestIdentity(vertx, startServer(vertx, dataDir, clock));
  }

  private static IdentityServer startServer(Vertx vertx, Path dataDir, Clock clock) throws Exception {
    IdentityConfig config = IdentityConfig.of(Map.of("host", "127.0.0.1", "port", "0", "data-dir", dataDir.toString(),
        "admin-password", ADMIN_PASSWORD, "hash-memory-kib", "1024", "hash-iterations", "1"));
    return IdentityServer.start(vertx, config, clock).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Stops the server and starts a new one on the same data directory. */
  public void restart(Path dataDir, Clock clock) throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    server = startServer(vertx, dataDir, clock);
  }

  public IdentityServer server() {
    return server;
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A request; headers as name/value pairs; body null for none. */
  public HttpResponse<String> call(String method, String path, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) request.header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  /** A password-auth request body scoped to a project by name in the Default domain (scope omitted if null). */
  public static String passwordAuth(String user, String password, String project) {
    JsonObject auth = new JsonObject().put("identity", new JsonObject().put("methods", new io.vertx.core.json.JsonArray().add("password"))
        .put("password", new JsonObject().put("user", new JsonObject().put("name", user)
            .put("domain", new JsonObject().put("name", "Default")).put("password", password))));
    if (project != null) {
      auth.put("scope", new JsonObject().put("project", new JsonObject().put("name", project)
          .put("domain", new JsonObject().put("id", "default"))));
    }
    return new JsonObject().put("auth", auth).encode();
  }

  /** An admin token scoped to the admin project. */
  public String adminToken() throws Exception {
    HttpResponse<String> r = call("POST", "/v3/auth/tokens", passwordAuth("admin", ADMIN_PASSWORD, "admin"));
    if (r.statusCode() != 201) throw new IllegalStateException("admin auth failed: " + r.statusCode() + " " + r.body());
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  public void close() throws Exception {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
