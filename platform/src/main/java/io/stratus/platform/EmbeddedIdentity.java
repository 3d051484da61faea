package io.stratus.platform;

import io.stratus.common.auth.Secrets;
import io.stratus.identity.IdentityConfig;
import io.stratus.identity.IdentityServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The identity service inside the all-in-one: RocksDB under DIR/identity/db, the admin password
 * made at the first start and kept (mode 0600) in DIR/identity/admin-password, so every start can
 * print it. Clients reach it through the gateway, whose URL its catalog names. STRATUS_IDENTITY_*
 * variables tune the rest (token TTL, hash cost, ...).
 */
final class EmbeddedIdentity implements AutoCloseable {
  static final String PASSWORD_FILE = "admin-password";
  private static final long START_SECONDS = 60;

  private final IdentityServer server;
  private final Path dir;
  private final String password;
  private final String gatewayUrl;

  private EmbeddedIdentity(IdentityServer server, Path dir, String password, String gatewayUrl) {
    this.server = server;
    this.dir = dir;
    this.password = password;
    this.gatewayUrl = gatewayUrl;
  }

  /**
   * Starts identity on host:port (0 picks a free port) with its data in {@code dir}, behind the gateway
   * at {@code gatewayUrl}: its catalog and links name the gateway's /identity/v3 and /v1/AUTH_{project}.
   */
  static EmbeddedIdentity start(Vertx vertx, Path dir, String host, int port, String gatewayUrl, Map<String, String> env)
      throws Exception {
    Files.createDirectories(dir);
    Path db = dir.resolve("db");
    String password = adminPassword(dir.resolve(PASSWORD_FILE), Files.exists(db));
    List<String> flags = new ArrayList<>(List.of("--host=" + host, "--port=" + port, "--data-dir=" + db,
        "--public-url=" + gatewayUrl + "/identity", "--service-url=" + gatewayUrl));
    if (password != null) flags.add("--admin-password=" + password);
    IdentityConfig config = IdentityConfig.load(env, flags);
    IdentityServer server = IdentityServer.start(vertx, config, Clock.systemUTC())
        .toCompletionStage().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
    return new EmbeddedIdentity(server, dir, password, gatewayUrl);
  }

  /**
   * The saved admin password; on a new store a fresh one is saved first. Null when the store exists but
   * the file was removed: the password of the first start still holds and cannot be recovered here.
   */
  private static String adminPassword(Path file, boolean storeExists) throws IOException {
    if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).strip();
    if (storeExists) return null;
    String password = Secrets.password();
    ServiceUser.save(file, password);
    return password;
  }

  /** The identity process's node id: the origin of its revocation events. */
  String nodeId() {
    return server.nodeId();
  }

  int port() {
    return server.port();
  }

  /** Identity's own base URL (no /v3), where the gateway sends tempauth and Keystone requests. */
  String directUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Keystone v3 as clients reach it: through the gateway. */
  String authUrl() {
    return gatewayUrl + "/identity/v3";
  }

  /** The admin password, or null when its file was removed after the first start. */
  String password() {
    return password;
  }

  /**
   * The admin project's id, asked of tempauth through the gateway (which also proves the whole path
   * works); null without the password.
   */
  String adminProjectId() throws IOException, InterruptedException {
    if (password == null) return null;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/auth/v1.0"))
        .timeout(Duration.ofSeconds(START_SECONDS)).header("X-Auth-User", "admin:admin").header("X-Auth-Key", password).GET()
        .build(), HttpResponse.BodyHandlers.discarding());
    String storage = r.headers().firstValue("X-Storage-Url").orElse(null);
    if (r.statusCode() != 200 || storage == null || !storage.contains("/v1/AUTH_")) {
      throw new IOException("tempauth through the gateway answered " + r.statusCode() + " for admin:admin; is "
          + dir.resolve(PASSWORD_FILE) + " still the admin password?");
    }
    return storage.substring(storage.indexOf("/v1/AUTH_") + "/v1/AUTH_".length());
  }

  /** The endpoints, the admin credentials and commands to try them. */
  void printBanner(PrintStream out) {
    out.println("  identity   Keystone v3 " + authUrl() + " (direct " + directUrl() + "/v3)   data in " + dir);
    out.println("  admin      user admin, project admin, domain Default"
        + (server.bootstrap().created() ? " (bootstrapped now)" : ""));
    if (password == null) {
      out.println("  password   unknown: " + dir.resolve(PASSWORD_FILE) + " was removed after the first start");
      return;
    }
    out.println("  password   " + password + "   (saved in " + dir.resolve(PASSWORD_FILE) + ")");
    out.println("  try        swift -A " + gatewayUrl + "/auth/v1.0 -U admin:admin -K " + password + " stat");
    out.println("             openstack --os-auth-url " + authUrl() + " --os-identity-api-version 3 --os-username admin"
        + " --os-password " + password + " --os-project-name admin --os-user-domain-name Default"
        + " --os-project-domain-name Default token issue");
  }

  /** Stops listening and closes the RocksDB store. */
  @Override
  public void close() throws IOException {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping identity", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("identity did not stop: " + e.getMessage(), e);
    }
  }
}
