package io.stratus.platform;

import io.stratus.common.auth.CachingTokenValidator;
import io.stratus.common.config.ConfigLoader;
import io.stratus.gateway.GatewayConfig;
import io.stratus.gateway.GatewayServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The all-in-one's gateway on 127.0.0.1: Swift v1 over the shared rings, tempauth and Keystone v3
 * proxied to identity, Glance v2 (/image) to image. Its configuration is resolved like the stand-alone gateway's (defaults,
 * STRATUS_GATEWAY_* variables), with host, port, identity URL and hash path fixed by the all-in-one.
 */
final class EmbeddedGateway implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 60;

  private final GatewayServer server;

  private EmbeddedGateway(GatewayServer server) {
    this.server = server;
  }

  /**
   * The port to run on: {@code requested}, or for 0 a port free right now. Identity must know the
   * gateway's URL (for its catalog) before either starts, so a free port is chosen ahead.
   */
  static int choosePort(int requested) throws IOException {
    if (requested != 0) return requested;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(ClusterRings.HOST))) {
      return socket.getLocalPort();
    }
  }

  static String url(int port) {
    return "http://" + ClusterRings.HOST + ":" + port;
  }

  /**
   * Starts the gateway on {@code port} in front of identity at {@code identityUrl} (no /v3), image at
   * {@code imageUrl} and compute-api at {@code computeUrl}, reaching the storage nodes through their
   * sockets in {@code socketDir}.
   */
  static EmbeddedGateway start(Vertx vertx, int port, String identityUrl, String imageUrl, String computeUrl,
      ClusterRings rings, Path socketDir, Map<String, String> env) throws Exception {
    Map<String, String> values = ConfigLoader.load(GatewayConfig.KEYS, GatewayConfig.ENV_PREFIX, env, List.of(
        "--bind-host=" + ClusterRings.HOST, "--bind-port=" + port, "--ring-dir=" + rings.dir().toAbsolutePath(),
        "--hash-path-prefix=", "--hash-path-suffix=" + rings.hashPathSuffix(), "--identity-url=" + identityUrl,
        "--image-url=" + imageUrl, "--compute-url=" + computeUrl, "--storage-socket-dir=" + socketDir));
    GatewayConfig config = GatewayConfig.from(values, rings.source("account"), rings.source("container"),
        rings.source("object"));
    GatewayServer server = new GatewayServer(vertx, config, Clock.systemUTC());
    try {
      await(server.start());
    } catch (Exception e) {
      await(server.close().otherwiseEmpty());
      throw new IOException("the gateway did not start on " + url(port) + " (" + rootMessage(e)
          + "); choose another port with --gateway-port (0: any free port)", e);
    }
    return new EmbeddedGateway(server);
  }

  int port() {
    return server.port();
  }

  String url() {
    return url(port());
  }

  /** The gateway's token cache, which the revocation listener keeps honest. */
  CachingTokenValidator tokens() {
    return server.tokens();
  }

  /** The endpoints behind the gateway. */
  void printBanner(PrintStream out, String projectId) {
    String base = url();
    out.println("  gateway    " + base + "   Swift v1 " + base + "/v1/AUTH_" + (projectId == null ? "<project id>" : projectId)
        + "   tempauth " + base + "/auth/v1.0   Keystone v3 " + base + "/identity/v3   Glance v2 " + base + "/image   "
        + base + "/info");
  }

  /** Stops listening and closes the gateway's clients. */
  @Override
  public void close() throws IOException {
    try {
      await(server.close());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the gateway", e);
    } catch (Exception e) {
      throw new IOException("the gateway did not stop: " + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) root = root.getCause();
    return root.getMessage();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
