package io.stratus.platform;

import io.stratus.common.config.ConfigLoader;
import io.stratus.objectserver.StorageNode;
import io.stratus.objectserver.StorageNodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The all-in-one's storage nodes: one {@link StorageNode} per ring node, on 127.0.0.1, its devices
 * under DIR/node&lt;N&gt;/&lt;device&gt;, every daemon on, sharing the platform's watched rings. Each node's
 * configuration is resolved like the stand-alone object server's (defaults, STRATUS_OBJECT_* variables),
 * with host, port, devices and hash path fixed by the all-in-one.
 */
final class EmbeddedStorage implements AutoCloseable {
  static final String ENV_PREFIX = "STRATUS_OBJECT_";
  private static final long TIMEOUT_SECONDS = 60;

  private final List<StorageNode> running;
  private final List<ClusterRings.Node> nodes;
  private final Path dataDir;

  private EmbeddedStorage(List<StorageNode> running, List<ClusterRings.Node> nodes, Path dataDir) {
    this.running = running;
    this.nodes = nodes;
    this.dataDir = dataDir;
  }

  /** Starts the nodes (port 0: a free one); on failure the ones started are closed again. */
  static EmbeddedStorage start(Vertx vertx, Path dataDir, List<ClusterRings.Node> planned, ClusterRings rings,
      Map<String, String> env) throws Exception {
    List<StorageNode> running = new ArrayList<>();
    List<ClusterRings.Node> actual = new ArrayList<>();
    EmbeddedStorage storage = new EmbeddedStorage(running, actual, dataDir);
    try {
      for (ClusterRings.Node node : planned) {
        StorageNodeConfig config = StorageNodeConfig.from(ConfigLoader.load(StorageNodeConfig.KEYS, ENV_PREFIX, env, List.of(
            "--bind-host=" + ClusterRings.HOST, "--bind-port=" + node.port(),
            "--devices-root=" + nodeDir(dataDir, node), "--devices=" + String.join(",", node.devices()),
            "--hash-path-prefix=", "--hash-path-suffix=" + rings.hashPathSuffix(), "--socket-dir=" + socketDir(dataDir))));
        StorageNode server = new StorageNode(vertx, config, Clock.systemUTC(), rings.sources());
        await(server.start().recover(e -> Future.failedFuture(new IllegalStateException("storage node " + node.number()
            + " did not start on " + ClusterRings.HOST + ":" + node.port() + ": " + e.getMessage(), e))));
        running.add(server);
        actual.add(node.withPort(server.port()));
      }
      return storage;
    } catch (Exception | Error e) {
      storage.close();
      throw e;
    }
  }

  /** Where the nodes' Unix domain sockets are, through which the gateway and the nodes reach each other. */
  static Path socketDir(Path dataDir) {
    return dataDir.resolve("run").toAbsolutePath();
  }

  static Path nodeDir(Path dataDir, ClusterRings.Node node) {
    return dataDir.resolve("node" + node.number()).toAbsolutePath();
  }

  /** The nodes as they listen (real ports). */
  List<ClusterRings.Node> nodes() {
    return List.copyOf(nodes);
  }

  void printBanner(PrintStream out) {
    StringBuilder line = new StringBuilder("  storage    " + nodes.size() + " nodes:");
    for (ClusterRings.Node node : nodes) {
      line.append(' ').append(ClusterRings.HOST).append(':').append(node.port()).append(' ').append(node.devices());
    }
    out.println(line + "   data in " + dataDir.toAbsolutePath().resolve("node<N>") + "   daemons on");
  }

  /** Stops every node: listening, daemons, then RocksDB flushed and closed. */
  @Override
  public void close() {
    List<Future<Void>> closing = new ArrayList<>();
    for (StorageNode node : running) closing.add(node.close());
    try {
      await(Future.join(closing).mapEmpty());
    } catch (Exception e) {
      System.err.println("warning: a storage node did not stop cleanly: " + e.getMessage());
    }
    running.clear();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
