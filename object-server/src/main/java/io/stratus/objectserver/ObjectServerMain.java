package io.stratus.objectserver;

import io.stratus.common.config.ConfigLoader;
import io.stratus.common.error.StratusException;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one storage node: {@code object-server --devices-root DIR --devices d1,d2 --bind-port 6200}.
 * Prints {@code listening on port N} once it serves, and closes the databases on SIGTERM.
 */
public final class ObjectServerMain {
  private static final String ENV_PREFIX = "STRATUS_OBJECT_";

  private ObjectServerMain() {
  }

  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help")) {
      System.out.print(ConfigLoader.usage(StorageNodeConfig.KEYS, ENV_PREFIX));
      return;
    }
    StorageNodeConfig config;
    try {
      config = StorageNodeConfig.from(ConfigLoader.load(StorageNodeConfig.KEYS, ENV_PREFIX, System.getenv(), Arrays.asList(args)));
    } catch (StratusException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    StorageNode node = new StorageNode(vertx, config, Clock.systemUTC());
    node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.println("listening on port " + node.port());
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("Shutdown failed: " + e);
      }
      stopped.countDown();
    }, "object-server-shutdown"));
    stopped.await();
  }
}
