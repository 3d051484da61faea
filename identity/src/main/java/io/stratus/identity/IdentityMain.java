package io.stratus.identity;

import io.stratus.common.config.ConfigLoader;
import io.stratus.common.error.StratusException;
import io.stratus.identity.service.Bootstrap;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the identity service on its own: flags (--port, --data-dir, --admin-password, ...), the
 * STRATUS_IDENTITY_* environment or --config FILE. Prints the bootstrap credentials on first start.
 */
public final class IdentityMain {
  private IdentityMain() {
  }

  public static void main(String[] args) throws Exception {
    List<String> argList = Arrays.asList(args);
    if (argList.contains("--help") || argList.contains("-h")) {
      System.out.print("Usage: identity [options]\n" + ConfigLoader.usage(IdentityConfig.KEYS, IdentityConfig.ENV_PREFIX));
      return;
    }
    IdentityConfig config;
    try {
      config = IdentityConfig.load(System.getenv(), argList);
    } catch (StratusException e) {
      System.err.println("identity: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    IdentityServer server;
    try {
      server = IdentityServer.start(vertx, config, Clock.systemUTC()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("identity: failed to start: " + e.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    printBanner(server, config);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      CompletableFuture<Void> done = server.close().eventually(vertx::close).toCompletionStage().toCompletableFuture();
      try {
        done.get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // shutting down anyway
      }
    }, "identity-shutdown"));
  }

  private static void printBanner(IdentityServer server, IdentityConfig config) {
    String url = config.publicUrl() != null ? config.publicUrl() : "http://127.0.0.1:" + server.port();
    System.out.println("Stratus identity listening on " + config.host() + ":" + server.port());
    System.out.println("  Keystone v3: " + url + "/v3    tempauth: " + url + "/auth/v1.0");
    Bootstrap.Result boot = server.bootstrap();
    if (boot.created()) {
      System.out.println("Bootstrapped domain Default (id default), project admin (" + boot.projectId() + "), user admin ("
          + boot.userId() + ") with role admin; roles admin > member > reader.");
      System.out.println("  admin password: " + (boot.generatedPassword() ? boot.password() + "  (generated; set --admin-password to choose)" : "(as configured)"));
    }
  }
}
