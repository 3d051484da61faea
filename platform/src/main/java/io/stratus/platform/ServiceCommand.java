package io.stratus.platform;

import io.stratus.common.config.ConfigKey;
import io.stratus.common.config.ConfigLoader;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.GatewayConfig;
import io.stratus.gateway.GatewayServer;
import io.stratus.identity.IdentityConfig;
import io.stratus.identity.IdentityServer;
import io.stratus.compute.AgentConfig;
import io.stratus.compute.ComputeAgent;
import io.stratus.compute.ComputeApiServer;
import io.stratus.compute.ComputeConfig;
import io.stratus.image.ImageConfig;
import io.stratus.image.ImageServer;
import io.stratus.objectserver.StorageNode;
import io.stratus.objectserver.StorageNodeConfig;
import io.stratus.ring.PathHasher;
import io.stratus.ring.RingFileWatcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The distributed mode's commands, one service per process: {@code stratus object-server},
 * {@code stratus gateway}, {@code stratus identity}, {@code stratus image}, {@code stratus compute-api} and
 * {@code stratus compute-agent}, each configured by its own record (defaults
 * &lt; --config FILE &lt; STRATUS_&lt;SERVICE&gt;_* variables &lt; --key=value flags; unknown keys refused),
 * running until SIGTERM or SIGINT, when it closes cleanly.
 */
final class ServiceCommand {
  static final List<String> NAMES = List.of("object-server", "gateway", "identity", "image", "compute-api", "compute-agent");
  private static final long TIMEOUT_SECONDS = 60;
  private static final Duration RING_CHECK = Duration.ofSeconds(15);

  /** A started service: what it prints once ready, and how it stops. */
  private record Running(String banner, Closer closer) {
  }

  /** Stops a service. */
  @FunctionalInterface
  private interface Closer {
    Future<?> close();
  }

  /** Starts a service; throws when it cannot. */
  @FunctionalInterface
  private interface Starter {
    Running start(Vertx vertx, Map<String, String> values) throws Exception;
  }

  private ServiceCommand() {
  }

  /** Runs service {@code name} until the JVM is asked to stop; answers the exit status. */
  static int run(String name, String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    List<ConfigKey> keys = keys(name);
    String prefix = envPrefix(name);
    List<String> argList = Arrays.asList(args);
    if (argList.contains("--help") || argList.contains("-h")) {
      out.print("usage: stratus " + name + " [--config FILE] [--key=value ...]\n" + ConfigLoader.usage(keys, prefix));
      return 0;
    }
    Map<String, String> values;
    try {
      values = ConfigLoader.load(keys, prefix, env, argList);
    } catch (StratusException e) {
      err.println("stratus " + name + ": " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    Running running;
    try {
      running = starter(name).start(vertx, values);
    } catch (StratusException e) {
      await(vertx.close());
      err.println("stratus " + name + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      await(vertx.close());
      err.println("stratus " + name + ": cannot start: " + e.getMessage());
      return 1;
    }
    return runUntilStopped(name, vertx, running, out);
  }

  private static int runUntilStopped(String name, Vertx vertx, Running running, PrintStream out) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("Stratus " + name + " stopping");
      await(running.closer().close());
      await(vertx.close());
      out.println("Stratus " + name + " stopped");
      out.flush();
      stopped.countDown();
    }, "stratus-" + name + "-shutdown"));
    out.println(running.banner());
    out.println("Stratus " + name + " ready (SIGTERM or Ctrl-C stops it)");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  static List<ConfigKey> keys(String name) {
    return switch (name) {
      case "object-server" -> StorageNodeConfig.KEYS;
      case "gateway" -> GatewayConfig.KEYS;
      case "identity" -> IdentityConfig.KEYS;
      case "image" -> ImageConfig.KEYS;
      case "compute-api" -> ComputeConfig.KEYS;
      case "compute-agent" -> AgentConfig.KEYS;
      default -> throw new IllegalArgumentException("no service " + name);
    };
  }

  static String envPrefix(String name) {
    return switch (name) {
      case "object-server" -> EmbeddedStorage.ENV_PREFIX;
      case "gateway" -> GatewayConfig.ENV_PREFIX;
      case "identity" -> IdentityConfig.ENV_PREFIX;
      case "image" -> ImageConfig.ENV_PREFIX;
      case "compute-api" -> ComputeConfig.ENV_PREFIX;
      case "compute-agent" -> AgentConfig.ENV_PREFIX;
      default -> throw new IllegalArgumentException("no service " + name);
    };
  }

  private static Starter starter(String name) {
    return switch (name) {
      case "object-server" -> ServiceCommand::startObjectServer;
      case "gateway" -> ServiceCommand::startGateway;
      case "identity" -> ServiceCommand::startIdentity;
      case "image" -> ServiceCommand::startImage;
      case "compute-api" -> ServiceCommand::startComputeApi;
      case "compute-agent" -> ServiceCommand::startComputeAgent;
      default -> throw new IllegalArgumentException("no service " + name);
    };
  }

  /** A storage node; its rings (for the daemons) from ring-dir, reloaded when they change. */
  private static Running startObjectServer(Vertx vertx, Map<String, String> values) throws Exception {
    StorageNodeConfig config = StorageNodeConfig.from(values);
    StorageNode node = new StorageNode(vertx, config, Clock.systemUTC());
    try {
      get(node.start());
    } catch (Exception e) {
      get(node.close().otherwiseEmpty());
      throw e;
    }
    String banner = "Stratus object-server listening on " + config.host() + ":" + node.port() + ", devices " + config.devices()
        + " under " + config.devicesRoot() + (config.ringDir() == null ? ", no ring dir (daemons idle)"
        : ", rings from " + config.ringDir());
    return new Running(banner, node::close);
  }

  /** The gateway over the ring files of ring-dir, each watched and reloaded when it changes. */
  private static Running startGateway(Vertx vertx, Map<String, String> values) throws Exception {
    Path ringDir = Path.of(values.get("ring-dir"));
    PathHasher hasher = new PathHasher(values.get("hash-path-prefix"), values.get("hash-path-suffix"));
    List<RingFileWatcher> rings = new ArrayList<>();
    try {
      for (String kind : ClusterRings.KINDS) rings.add(watch(ringDir.resolve(kind + ".ring"), hasher));
      GatewayConfig config = GatewayConfig.from(values, rings.get(0), rings.get(1), rings.get(2));
      GatewayServer gateway = new GatewayServer(vertx, config, Clock.systemUTC());
      try {
        get(gateway.start());
      } catch (Exception e) {
        get(gateway.close().otherwiseEmpty());
        throw e;
      }
      String banner = "Stratus gateway listening on " + config.host() + ":" + gateway.port() + ", rings from " + ringDir
          + ", identity at " + config.identityUrl();
      return new Running(banner, () -> gateway.close().onComplete(ar -> rings.forEach(RingFileWatcher::close)));
    } catch (Exception e) {
      rings.forEach(RingFileWatcher::close);
      throw e;
    }
  }

  private static RingFileWatcher watch(Path file, PathHasher hasher) throws IOException {
    try {
      return RingFileWatcher.watch(file, hasher, RING_CHECK);
    } catch (IOException e) {
      throw new IOException("cannot load ring " + file + " (set ring-dir, and hash-path-suffix to the cluster's): "
          + e.getMessage(), e);
    }
  }

  /** Identity; its bootstrap (first start) prints the admin password. */
  private static Running startIdentity(Vertx vertx, Map<String, String> values) throws Exception {
    List<String> flags = new ArrayList<>();
    values.forEach((key, value) -> {
      if (value != null) flags.add("--" + key + "=" + value);
    });
    IdentityConfig config = IdentityConfig.load(Map.of(), flags);
    IdentityServer server = get(IdentityServer.start(vertx, config, Clock.systemUTC()));
    String url = config.publicUrl() != null ? config.publicUrl() : "http://127.0.0.1:" + server.port();
    StringBuilder banner = new StringBuilder("Stratus identity listening on " + config.host() + ":" + server.port()
        + ", Keystone v3 " + url + "/v3, tempauth " + url + "/auth/v1.0, data in " + config.dataDir());
    if (server.bootstrap().created()) {
      banner.append(System.lineSeparator()).append("  bootstrapped user admin, project admin, domain Default; password ")
          .append(server.bootstrap().generatedPassword() ? server.bootstrap().password() : "(as configured)");
    }
    return new Running(banner.toString(), server::close);
  }

  /** The image service; its service user must exist in identity (service-user, service-password). */
  private static Running startImage(Vertx vertx, Map<String, String> values) throws Exception {
    ImageConfig config = ImageConfig.from(values);
    ImageServer server = get(ImageServer.start(vertx, config, Clock.systemUTC()));
    String banner = "Stratus image listening on " + config.host() + ":" + server.port() + ", registry in " + config.dataDir()
        + ", bytes in container " + config.container() + " at " + config.objectStoreUrl() + " as " + config.serviceUser();
    return new Running(banner, server::close);
  }

  /** compute-api: Nova v2.1 and the scheduler, its state and the agents on Kafka (kafka-bootstrap). */
  private static Running startComputeApi(Vertx vertx, Map<String, String> values) throws Exception {
    ComputeConfig config = ComputeConfig.from(values);
    ComputeApiServer server = get(ComputeApiServer.start(vertx, config, Clock.systemUTC()));
    String banner = "Stratus compute-api listening on " + config.host() + ":" + server.port() + ", Nova v2.1 "
        + config.publicUrl() + "/v2.1, Kafka " + config.kafkaBootstrap();
    return new Running(banner, server::close);
  }

  /** A compute-agent: this host's libvirt, its commands from Kafka; its service user must exist in identity. */
  private static Running startComputeAgent(Vertx vertx, Map<String, String> values) throws Exception {
    AgentConfig config = AgentConfig.from(values);
    ComputeAgent agent = get(ComputeAgent.start(vertx, config, Clock.systemUTC()));
    String banner = "Stratus compute-agent " + agent.host() + " on " + config.libvirtUri() + ", data in " + config.dataDir()
        + ", Kafka " + config.kafkaBootstrap();
    return new Running(banner, agent::close);
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static void await(Future<?> future) {
    try {
      get(future);
    } catch (Exception e) {
      System.err.println("warning: did not stop cleanly: " + e.getMessage());
    }
  }
}
