package io.stratus.platform;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The all-in-one platform under one data directory, in one JVM: the embedded Kafka broker (unless
 * external or off), four storage nodes (one per ring device, every daemon on), identity, the gateway in
 * front of them all, the image service (its bytes in the object store through the gateway) and compute
 * (compute-api and one agent on this machine's libvirt, over Kafka), with
 * identity's revocations bridged to Kafka and applied to the token caches. The first start builds the
 * rings from the ports the nodes listen on and bootstraps identity; later starts reuse both. It runs
 * until SIGTERM or SIGINT.
 */
final class AllInOne implements AutoCloseable {

  static final int IDENTITY_PORT = 5000;
  static final int IMAGE_PORT = 9292;
  static final int COMPUTE_PORT = 8774;
  static final int GATEWAY_PORT = 8080;
  static final int KAFKA_PORT = 9092;
  static final String READY = "Stratus all-in-one ready";
  static final String USAGE = "usage: stratus all-in-one [--data-dir DIR] [--gateway-port PORT] [--identity-port PORT]"
      + " [--image-port PORT] [--compute-port PORT] [--libvirt-uri URI] [--storage-port-base PORT]"
      + " [--kafka-port PORT | --kafka-bootstrap HOST:PORT | --no-kafka]";

  /**
   * The command line: where the data lives; the gateway, identity, image and compute-api ports (0 picks a
   * free one); the storage nodes' first port (null: from the rings, else 6201; 0: free ports on the first
   * start); Kafka: off, an external broker (kafkaBootstrap), or the embedded one on kafkaPort (0 picks a free
   * one); and the libvirt URI of the compute-agent (compute runs only with Kafka).
   */
  record Options(Path dataDir, int gatewayPort, int identityPort, Integer storagePortBase, boolean kafka, int kafkaPort,
      String kafkaBootstrap, int imagePort, int computePort, String libvirtUri) {
    /** Defaults: the embedded broker on its usual port; image and compute on free ports when the gateway's is free too. */
    Options(Path dataDir, int gatewayPort, int identityPort, Integer storagePortBase) {
      this(dataDir, gatewayPort, identityPort, storagePortBase, true, KAFKA_PORT, null, gatewayPort == 0 ? 0 : IMAGE_PORT,
          gatewayPort == 0 ? 0 : COMPUTE_PORT, EmbeddedCompute.DEFAULT_LIBVIRT_URI);
    }

    Options withoutKafka() {
      return new Options(dataDir, gatewayPort, identityPort, storagePortBase, false, kafkaPort, null, imagePort, computePort,
          libvirtUri);
    }
  }

  private final Vertx vertx;
  private final ClusterRings rings;
  private final PlatformKafka kafka;
  private EmbeddedStorage storage;
  private EmbeddedIdentity identity;
  private EmbeddedGateway gateway;
  private EmbeddedImage image;
  private EmbeddedCompute compute;

  private AllInOne(Vertx vertx, ClusterRings rings, PlatformKafka kafka) {
    this.vertx = vertx;
    this.rings = rings;
    this.kafka = kafka;
  }

  /** Starts the platform and blocks until the JVM is asked to stop; answers the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options options = parse(args, err);
    if (options == null) return 2;
    long started = System.nanoTime();
    AllInOne platform;
    try {
      platform = start(options, out, System.getenv());
    } catch (Exception e) {
      err.println("error: cannot start the all-in-one platform in " + options.dataDir() + ": " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("Stratus all-in-one stopping");
      platform.close();
      out.println("Stratus all-in-one stopped");
      out.flush();
      stopped.countDown();
    }, "stratus-shutdown"));
    out.printf(Locale.ROOT, "%s in %.1f s (SIGTERM or Ctrl-C stops it)%n", READY, (System.nanoTime() - started) / 1e9);
    out.flush();
    awaitQuietly(stopped);
    return 0;
  }

  static Options parse(String[] args, PrintStream err) {
    Path dataDir = Path.of("data");
    int gatewayPort = GATEWAY_PORT;
    int identityPort = IDENTITY_PORT;
    int imagePort = IMAGE_PORT;
    int computePort = COMPUTE_PORT;
    String libvirtUri = EmbeddedCompute.DEFAULT_LIBVIRT_URI;
    Integer storagePortBase = null;
    int kafkaPort = KAFKA_PORT;
    String bootstrap = null;
    boolean kafka = true;
    for (int i = 0; i < args.length; i++) {
      boolean hasValue = i + 1 < args.length;
      boolean hasPort = hasValue && args[i + 1].matches("\\d{1,5}") && Integer.parseInt(args[i + 1]) <= 65535;
      if (args[i].equals("--data-dir") && hasValue) {
        dataDir = Path.of(args[++i]);
      } else if (args[i].equals("--gateway-port") && hasPort) {
        gatewayPort = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--identity-port") && hasPort) {
        identityPort = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--image-port") && hasPort) {
        imagePort = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--compute-port") && hasPort) {
        computePort = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--libvirt-uri") && hasValue && args[i + 1].matches("[a-z+]+://\\S*")) {
        libvirtUri = args[++i];
      } else if (args[i].equals("--storage-port-base") && hasPort && Integer.parseInt(args[i + 1]) <= 65535 - 16) {
        storagePortBase = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--kafka-port") && hasPort) {
        kafkaPort = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--kafka-bootstrap") && hasValue && args[i + 1].matches("[^\\s:]+:\\d{1,5}(,[^\\s:]+:\\d{1,5})*")) {
        bootstrap = args[++i];
      } else if (args[i].equals("--no-kafka")) {
        kafka = false;
      } else {
        err.println("unexpected argument '" + args[i] + "'; " + USAGE);
        return null;
      }
    }
    return new Options(dataDir, gatewayPort, identityPort, storagePortBase, kafka, kafkaPort, kafka ? bootstrap : null,
        imagePort, computePort, libvirtUri);
  }

  /**
   * Starts everything and prints what runs where: the storage nodes first (on a first start the rings
   * are then built from their real ports), Kafka, identity (told the gateway's URL for its catalog), the
   * gateway, the revocation path, the image service and compute (with Kafka). On failure whatever started is
   * stopped again.
   */
  static AllInOne start(Options options, PrintStream out, Map<String, String> env) throws Exception {
    Path dataDir = options.dataDir();
    out.println("Stratus all-in-one, data in " + dataDir.toAbsolutePath());
    ClusterRings rings = ClusterRings.open(dataDir.resolve("rings"));
    List<ClusterRings.Node> planned = rings.nodes(options.storagePortBase());
    PlatformKafka kafka = PlatformKafka.start(options);
    AllInOne platform = new AllInOne(Vertx.vertx(), rings, kafka);
    try {
      platform.startServices(options, planned, out, env);
      return platform;
    } catch (Exception | Error e) {
      platform.close();
      throw e;
    }
  }

  private void startServices(Options options, List<ClusterRings.Node> planned, PrintStream out, Map<String, String> env)
      throws Exception {
    Path dataDir = options.dataDir();
    storage = EmbeddedStorage.start(vertx, dataDir, planned, rings, env);
    rings.ensure(storage.nodes(), out);
    String gatewayUrl = EmbeddedGateway.url(EmbeddedGateway.choosePort(options.gatewayPort()));
    identity = EmbeddedIdentity.start(vertx, dataDir.resolve("identity").toAbsolutePath(), ClusterRings.HOST,
        options.identityPort(), gatewayUrl, env);
    int imagePort = EmbeddedGateway.choosePort(options.imagePort());
    int computePort = EmbeddedGateway.choosePort(options.computePort());
    gateway = EmbeddedGateway.start(vertx, URI.create(gatewayUrl).getPort(), identity.directUrl(),
        EmbeddedGateway.url(imagePort), EmbeddedGateway.url(computePort), rings, EmbeddedStorage.socketDir(dataDir), env);
    kafka.connect(vertx, gateway.tokens(), identity.nodeId());
    String projectId = identity.adminProjectId();
    image = EmbeddedImage.start(vertx, dataDir.resolve("image").toAbsolutePath(), ClusterRings.HOST, imagePort, gatewayUrl,
        identity.directUrl(), identity.password(), env);
    if (kafka.bootstrapServers() != null) {
      compute = EmbeddedCompute.start(vertx, dataDir.resolve("compute").toAbsolutePath(), ClusterRings.HOST, computePort,
          gatewayUrl, identity.directUrl(), identity.password(), kafka.bootstrapServers(), options.libvirtUri(), env);
    }
    kafka.printBanner(out, dataDir);
    storage.printBanner(out);
    gateway.printBanner(out, projectId);
    identity.printBanner(out);
    image.printBanner(out);
    if (compute != null) compute.printBanner(out);
    else out.println("  compute    off: it needs Kafka (--no-kafka was given)");
  }

  EmbeddedIdentity identity() {
    return identity;
  }

  EmbeddedGateway gateway() {
    return gateway;
  }

  EmbeddedImage image() {
    return image;
  }

  EmbeddedCompute compute() {
    return compute;
  }

  EmbeddedStorage storage() {
    return storage;
  }

  PlatformKafka kafka() {
    return kafka;
  }

  /**
   * Stops the revocation bridge, compute, the image service, the gateway, the storage nodes (their RocksDB flushed and closed),
   * identity, Vert.x and last the embedded broker; failures are reported, not thrown.
   */
  @Override
  public void close() {
    quietly("the revocation bridge", kafka::disconnect);
    if (compute != null) quietly("compute", compute::close);
    if (image != null) quietly("the image service", image::close);
    if (gateway != null) quietly("the gateway", gateway::close);
    if (storage != null) quietly("the storage nodes", storage::close);
    if (identity != null) quietly("identity", identity::close);
    quietly("the rings", rings::close);
    quietly("Vert.x", () -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    quietly("Kafka", kafka::close);
  }

  /** Something to stop that may fail. */
  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private static void quietly(String what, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      System.err.println("warning: " + what + " did not stop cleanly: " + e);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
