package io.stratus.compute.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * The all-in-one's Kafka: one KRaft node, broker and controller combined, in this JVM, listening on
 * 127.0.0.1 with its logs in one directory. The first start formats the directory with a random cluster
 * id; later starts reuse it (topics and records survive). Sized for a laptop: one partition per internal
 * topic, replication factor 1, small buffers.
 */
public final class EmbeddedKafka implements AutoCloseable {
  static final int NODE_ID = 1;
  static final String HOST = "127.0.0.1";
  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final Path dir;
  private final int port;
  private boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, Path dir, int port) {
    this.server = server;
    this.dir = dir;
    this.port = port;
  }

  /**
   * Starts the node with its logs in {@code dir} (formatted first if new) and its client listener on
   * {@code port} (0 picks a free one); answers once the broker is up.
   */
  public static EmbeddedKafka start(Path dir, int port) throws Exception {
    Files.createDirectories(dir);
    int brokerPort = port == 0 ? freePort() : port;
    KafkaConfig config = new KafkaConfig(properties(dir, brokerPort, freePort()), false);
    if (!Files.exists(dir.resolve("meta.properties"))) format(dir);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      server.awaitShutdown();
      throw e;
    }
    return new EmbeddedKafka(server, dir, brokerPort);
  }

  /** host:port for bootstrap.servers. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  /** Stops the broker, then the controller, and waits for both. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    server.shutdown();
    server.awaitShutdown();
  }

  private static Map<String, String> properties(Path dir, int brokerPort, int controllerPort) {
    Map<String, String> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER + "://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("controller.listener.names", CONTROLLER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
    p.put("log.dirs", dir.toAbsolutePath().toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    p.put("log.cleaner.io.buffer.size", Integer.toString(256 * 1024));
    return p;
  }

  /** kafka-storage format: the directory gets meta.properties with a new random cluster id. */
  private static void format(Path dir) throws Exception {
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .setControllerListenerName(CONTROLLER)
        .setMetadataLogDirectory(dir.toAbsolutePath().toString())
        .addDirectory(dir.toAbsolutePath().toString())
        .run();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }
}
