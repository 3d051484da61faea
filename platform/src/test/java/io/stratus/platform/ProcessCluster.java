package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.Device;
import io.stratus.ring.PathHasher;
import io.stratus.ring.Ring;
import io.stratus.ring.RingFile;
import io.stratus.ring.builder.RingBuilder;
import io.stratus.ring.cli.RingCli;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test cluster of separate processes from the packaged launcher, as the distributed mode runs:
 * {@code stratus identity}, storage nodes ({@code stratus object-server}, one zone per device) and
 * {@code stratus gateway} (configured by a --config file), each a child JVM, with the account,
 * container and object rings built in between. A storage node's port is chosen free before it
 * starts, since the rings name it and a node killed and started again must come back on it.
 */
final class ProcessCluster implements AutoCloseable {
  static final String PASSWORD = "distributed-secret";
  static final String SUFFIX = "0123456789abcdef";

  private final Builder spec;
  private final Path dir;
  private final Path ringDir;
  private final List<ServiceProcess> nodes = new ArrayList<>();
  private ServiceProcess identity;
  private ServiceProcess gateway;

  /** What a cluster is made of; {@link #start()} starts it. */
  static final class Builder {
    private final Path dir;
    private int nodeCount = 1;
    private int devicesPerNode = 3;
    private int partPower = 6;
    private int replicas = 3;
    private List<String> nodeJvm = List.of("-Xmx256m");
    private List<String> gatewayJvm = List.of("-Xmx256m");
    private final Map<String, String> nodeOptions = new LinkedHashMap<>();
    private final Map<String, String> gatewayOptions = new LinkedHashMap<>();

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** {@code count} storage nodes of {@code devices} devices each (d1, d2, ...). */
    Builder nodes(int count, int devices) {
      this.nodeCount = count;
      this.devicesPerNode = devices;
      return this;
    }

    Builder partPower(int power) {
      this.partPower = power;
      return this;
    }

    /** JVM options of every storage node. */
    Builder nodeJvm(String... options) {
      this.nodeJvm = List.of(options);
      return this;
    }

    /** JVM options of the gateway. */
    Builder gatewayJvm(String... options) {
      this.gatewayJvm = List.of(options);
      return this;
    }

    /** A config key of every storage node (see {@code stratus object-server --help}). */
    Builder nodeOption(String key, String value) {
      nodeOptions.put(key, value);
      return this;
    }

    /** A config key of the gateway (see {@code stratus gateway --help}). */
    Builder gatewayOption(String key, String value) {
      gatewayOptions.put(key, value);
      return this;
    }

    ProcessCluster start() throws Exception {
      ProcessCluster cluster = new ProcessCluster(this);
      try {
        cluster.startAll();
      } catch (Exception | AssertionError e) {
        cluster.close();
        throw e;
      }
      return cluster;
    }
  }

  /** A tempauth login through the gateway: its token, storage URL and account. */
  record Session(String token, String storageUrl, String account) {
  }

  static Builder builder(Path dir) {
    return new Builder(dir);
  }

  private ProcessCluster(Builder spec) throws IOException {
    this.spec = spec;
    this.dir = spec.dir;
    this.ringDir = Files.createDirectories(dir.resolve("rings"));
  }

  private void startAll() throws Exception {
    identity = new ServiceProcess("identity", "identity", List.of("-Xmx256m"), List.of("--host=127.0.0.1", "--port=0",
        "--data-dir=" + dir.resolve("identity"), "--admin-password=" + PASSWORD, "--hash-memory-kib=1024",
        "--hash-iterations=1"), dir).launch();
    List<Integer> ports = new ArrayList<>();
    for (int n = 0; n < spec.nodeCount; n++) ports.add(freePort());
    buildRings(ports);
    for (int n = 0; n < spec.nodeCount; n++) nodes.add(node(n, ports.get(n)).launch());
    int identityPort = identity.awaitReady();
    for (ServiceProcess node : nodes) node.awaitReady();
    Path config = dir.resolve("gateway.properties");
    List<String> lines = new ArrayList<>(List.of("bind-host=127.0.0.1", "bind-port=0", "ring-dir=" + ringDir,
        "hash-path-suffix=" + SUFFIX, "identity-url=http://127.0.0.1:" + identityPort));
    spec.gatewayOptions.forEach((k, v) -> lines.add(k + "=" + v));
    Files.writeString(config, String.join("\n", lines) + "\n");
    gateway = new ServiceProcess("gateway", "gateway", spec.gatewayJvm, List.of("--config", config.toString()), dir);
    gateway.start();
  }

  private ServiceProcess node(int n, int port) {
    List<String> args = new ArrayList<>(List.of("--bind-port=" + port, "--devices-root=" + dir.resolve("node" + (n + 1)),
        "--devices=" + String.join(",", deviceNames()), "--hash-path-suffix=" + SUFFIX, "--ring-dir=" + ringDir));
    spec.nodeOptions.forEach((k, v) -> args.add("--" + k + "=" + v));
    return new ServiceProcess("node" + (n + 1), "object-server", spec.nodeJvm, args, dir);
  }

  private List<String> deviceNames() {
    List<String> names = new ArrayList<>();
    for (int d = 1; d <= spec.devicesPerNode; d++) names.add("d" + d);
    return names;
  }

  /** The three rings over every device of every node, each device its own zone. */
  private void buildRings(List<Integer> ports) throws IOException {
    for (String kind : ClusterRings.KINDS) {
      RingBuilder b = RingBuilder.create(spec.partPower, spec.replicas, 1, InstantSource.system());
      int id = 0;
      for (int port : ports) {
        for (String device : deviceNames()) {
          b.addDevice(Device.of(id, 1, id + 1, "127.0.0.1", port, device, 100));
          id++;
        }
      }
      b.rebalance(1);
      Path builderFile = ringDir.resolve(kind + ".builder");
      b.save(builderFile);
      RingFile.write(RingCli.ringFile(builderFile), b.toRingData());
    }
  }

  /** A port free right now (the node binds it a moment later; SO_REUSEADDR lets it come back there after a kill). */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  String gatewayUrl() {
    return "http://127.0.0.1:" + gateway.port();
  }

  ServiceProcess gateway() {
    return gateway;
  }

  /** Storage node {@code n}, from 0. */
  ServiceProcess node(int n) {
    return nodes.get(n);
  }

  /** The storage node listening on {@code port}. */
  ServiceProcess nodeOn(int port) {
    return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
  }

  /** The object ring as the nodes and the gateway load it. */
  Ring objectRing() throws IOException {
    return Ring.load(ringDir.resolve("object.ring"), new PathHasher("", SUFFIX));
  }

  /** Logs in as admin through the gateway's /auth/v1.0. */
  Session login(HttpClient http) throws IOException, InterruptedException {
    HttpResponse<Void> login = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/auth/v1.0"))
        .header("X-Auth-User", "admin:admin").header("X-Auth-Key", PASSWORD).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.discarding());
    assertEquals(200, login.statusCode());
    String token = login.headers().firstValue("X-Auth-Token").orElseThrow();
    String storage = login.headers().firstValue("X-Storage-Url").orElseThrow();
    assertTrue(storage.startsWith(gatewayUrl() + "/v1/AUTH_"), storage);
    return new Session(token, storage, storage.substring(storage.lastIndexOf('/') + 1));
  }

  /** An HTTP/1.1 client: over an h2c upgrade the gateway sees no Host header and cannot rebuild X-Storage-Url. */
  static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** SIGTERM to every process, then checks each stopped cleanly. */
  void stop() throws InterruptedException {
    List<ServiceProcess> all = all();
    for (ServiceProcess p : all) p.terminate();
    for (ServiceProcess p : all) p.awaitStopped();
  }

  private List<ServiceProcess> all() {
    List<ServiceProcess> all = new ArrayList<>();
    if (gateway != null) all.add(gateway);
    all.addAll(nodes);
    if (identity != null) all.add(identity);
    return all;
  }

  /** Kills whatever still runs. */
  @Override
  public void close() {
    for (ServiceProcess p : all()) {
      try {
        p.destroy();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
