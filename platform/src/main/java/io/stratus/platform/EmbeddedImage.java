package io.stratus.platform;

import io.stratus.common.auth.RevocationListener;
import io.stratus.image.ImageConfig;
import io.stratus.image.ImageServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The image service inside the all-in-one: its registry under DIR/image/db, its bytes in the object
 * store through the gateway under its own service user (glance in project service, role member, made
 * at the first start; password in DIR/image/service-password, mode 0600), reached by clients through
 * the gateway's /image. Identity's revocations reach its token cache on the event bus.
 */
final class EmbeddedImage implements AutoCloseable {
  static final String PASSWORD_FILE = "service-password";
  private static final long START_SECONDS = 60;

  private final ImageServer server;
  private final RevocationListener revocations;
  private final Path dir;
  private final String gatewayUrl;

  private EmbeddedImage(ImageServer server, RevocationListener revocations, Path dir, String gatewayUrl) {
    this.server = server;
    this.revocations = revocations;
    this.dir = dir;
    this.gatewayUrl = gatewayUrl;
  }

  /**
   * Starts the image service on host:port behind the gateway at {@code gatewayUrl}, first making its
   * service user in identity (at {@code identityUrl}, no /v3) with the admin's password when it has none.
   */
  static EmbeddedImage start(Vertx vertx, Path dir, String host, int port, String gatewayUrl, String identityUrl,
      String adminPassword, Map<String, String> env) throws Exception {
    Files.createDirectories(dir);
    String password = ServiceUser.ensure(dir.resolve(PASSWORD_FILE), identityUrl, adminPassword, "glance", "service",
        "member");
    ImageConfig config = ImageConfig.load(env, List.of("--host=" + host, "--port=" + port, "--data-dir=" + dir.resolve("db"),
        "--public-url=" + gatewayUrl + "/image", "--identity-url=" + identityUrl, "--object-store-url=" + gatewayUrl,
        "--service-user=glance", "--service-project=service", "--service-password=" + password));
    ImageServer server = await(ImageServer.start(vertx, config, Clock.systemUTC()));
    try {
      return new EmbeddedImage(server, await(RevocationListener.start(vertx, server.tokens())), dir, gatewayUrl);
    } catch (Exception e) {
      await(server.close());
      throw e;
    }
  }

  int port() {
    return server.port();
  }

  /** The endpoint and where the data lives. */
  void printBanner(PrintStream out) {
    out.println("  image      Glance v2 " + gatewayUrl + "/image (direct http://127.0.0.1:" + port() + ")   registry in "
        + dir.resolve("db") + ", bytes in the object store (user glance, project service)");
  }

  /** Stops listening and closes the registry. */
  @Override
  public void close() throws IOException {
    try {
      await(revocations.close());
      await(server.close());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the image service", e);
    } catch (Exception e) {
      throw new IOException("the image service did not stop: " + e.getMessage(), e);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
  }
}
