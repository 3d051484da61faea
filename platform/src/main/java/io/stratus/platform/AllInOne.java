package io.stratus.platform;

import io.stratus.ring.Device;
import io.stratus.ring.PathHasher;
import io.stratus.ring.Ring;
import io.stratus.ring.RingFile;
import io.stratus.ring.builder.RingBuilder;
import io.stratus.ring.cli.RingCli;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The all-in-one platform under one data directory. On first start it builds the account, container
 * and object rings (four storage devices in four zones, three replicas) and bootstraps identity;
 * later starts reuse both. It starts the embedded Kafka broker (unless told to use an external one or
 * none), then identity, and bridges identity's revocations to Kafka; it runs until SIGTERM or SIGINT.
 * Services join here as their modules land.
 */
final class AllInOne implements AutoCloseable {

  static final List<String> RINGS = List.of("account", "container", "object");
  static final int PART_POWER = 10;
  static final int REPLICAS = 3;
  static final int FIRST_PORT = 6201;
  static final int DEVICES = 4;
  static final int IDENTITY_PORT = 5000;
  static final int KAFKA_PORT = 9092;
  static final String READY = "Stratus all-in-one ready";
  static final String USAGE = "usage: stratus all-in-one [--data-dir DIR] [--identity-port PORT]"
      + " [--kafka-port PORT | --kafka-bootstrap HOST:PORT | --no-kafka]";

  /**
   * The command line: where the data lives, the identity port (0 picks a free one), and Kafka: off, an
   * external broker (kafkaBootstrap), or the embedded one on kafkaPort (0 picks a free one).
   */
  record Options(Path dataDir, int identityPort, boolean kafka, int kafkaPort, String kafkaBootstrap) {
    /** Defaults: the embedded broker on its usual port. */
    Options(Path dataDir, int identityPort) {
      this(dataDir, identityPort, true, KAFKA_PORT, null);
    }

    Options withoutKafka() {
      return new Options(dataDir, identityPort, false, kafkaPort, null);
    }
  }

  private final Vertx vertx;
  private final EmbeddedIdentity identity;
  private final PlatformKafka kafka;

  private AllInOne(Vertx vertx, EmbeddedIdentity identity, PlatformKafka kafka) {
    this.vertx = vertx;
    this.identity = identity;
    this.kafka = kafka;
  }

  /** Starts the platform and blocks until the JVM is asked to stop; answers the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options options = parse(args, err);
    if (options == null) return 2;
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
      stopped.countDown();
    }, "stratus-shutdown"));
    out.println(READY + " (SIGTERM or Ctrl-C stops it)");
    out.flush();
    awaitQuietly(stopped);
    return 0;
  }

  static Options parse(String[] args, PrintStream err) {
    Path dataDir = Path.of("data");
    int identityPort = IDENTITY_PORT;
    int kafkaPort = KAFKA_PORT;
    String bootstrap = null;
    boolean kafka = true;
    for (int i = 0; i < args.length; i++) {
      boolean hasValue = i + 1 < args.length;
      if (args[i].equals("--data-dir") && hasValue) {
        dataDir = Path.of(args[++i]);
      } else if (args[i].equals("--identity-port") && hasValue && args[i + 1].matches("\\d{1,5}")) {
        identityPort = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--kafka-port") && hasValue && args[i + 1].matches("\\d{1,5}")) {
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
    return new Options(dataDir, identityPort, kafka, kafkaPort, kafka ? bootstrap : null);
  }

  /** Sets up the rings, starts Kafka, identity and the revocation bridge, and prints what runs where. */
  static AllInOne start(Options options, PrintStream out, Map<String, String> env) throws Exception {
    Path dataDir = options.dataDir();
    out.println("Stratus all-in-one, data in " + dataDir.toAbsolutePath());
    setUpRings(dataDir.resolve("rings"), out);
    PlatformKafka kafka = PlatformKafka.start(options);
    Vertx vertx = Vertx.vertx();
    EmbeddedIdentity identity = null;
    try {
      identity = EmbeddedIdentity.start(vertx, dataDir.resolve("identity").toAbsolutePath(), "127.0.0.1",
          options.identityPort(), env);
      kafka.connect(vertx, identity.authUrl(), identity.nodeId());
      kafka.printBanner(out, dataDir);
      identity.printBanner(out);
      out.println("  not yet    storage nodes, gateway, image and compute join as their modules land");
      return new AllInOne(vertx, identity, kafka);
    } catch (Exception | Error e) {
      new AllInOne(vertx, identity, kafka).close();
      throw e;
    }
  }

  EmbeddedIdentity identity() {
    return identity;
  }

  PlatformKafka kafka() {
    return kafka;
  }

  /**
   * Stops the revocation bridge, every service (identity closes its RocksDB), Vert.x and last the
   * embedded broker; failures are reported, not thrown.
   */
  @Override
  public void close() {
    try {
      kafka.disconnect();
    } catch (Exception e) {
      System.err.println("warning: the revocation bridge did not stop cleanly: " + e);
    }
    try {
      if (identity != null) identity.close();
    } catch (Exception e) {
      System.err.println("warning: identity did not stop cleanly: " + e);
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("warning: Vert.x did not stop cleanly: " + e);
    }
    try {
      kafka.close();
    } catch (RuntimeException e) {
      System.err.println("warning: Kafka did not stop cleanly: " + e);
    }
  }

  private static void setUpRings(Path ringDir, PrintStream out) throws IOException {
    Files.createDirectories(ringDir);
    PathHasher hasher = Rings.hasher(ringDir);
    for (String name : RINGS) {
      Path builder = ringDir.resolve(name + ".builder");
      boolean created = ensureRing(builder);
      Ring ring = Ring.load(RingCli.ringFile(builder), hasher);
      out.printf(Locale.ROOT, "  %-9s  ring %s: %d partitions, %d replicas, %d devices (%s)%n", name,
          created ? "created" : "loaded", ring.partitionCount(), ring.replicaCount(), ring.devices().size(),
          RingCli.ringFile(builder));
    }
  }

  /** Builds and writes the ring of {@code builderFile} unless it exists; true if it was built. */
  private static boolean ensureRing(Path builderFile) throws IOException {
    Path ringFile = RingCli.ringFile(builderFile);
    if (Files.exists(builderFile) && Files.exists(ringFile)) {
      return false;
    }
    RingBuilder b = RingBuilder.create(PART_POWER, REPLICAS, 1, InstantSource.system());
    for (int i = 0; i < DEVICES; i++) {
      b.addDevice(Device.of(i, 1, i + 1, "127.0.0.1", FIRST_PORT + i, "d" + (i + 1), 100));
    }
    b.rebalance(1);
    b.save(builderFile);
    RingFile.write(ringFile, b.toRingData());
    return true;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
