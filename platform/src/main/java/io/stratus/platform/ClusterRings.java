package io.stratus.platform;

import io.stratus.ring.Device;
import io.stratus.ring.PathHasher;
import io.stratus.ring.Ring;
import io.stratus.ring.RingFileWatcher;
import io.stratus.ring.RingSource;
import io.stratus.ring.builder.RingBuilder;
import io.stratus.ring.cli.RingCli;
import io.stratus.ring.RingFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The all-in-one's account, container and object rings in DIR/rings and the storage nodes they
 * describe: on a first start the nodes are planned (ports from a base, or free ones), started, and
 * the rings built from the ports they really listen on; later starts read the nodes back from the
 * rings. Rings are watched (reloaded when their files change) and shared by the nodes and the gateway.
 */
final class ClusterRings implements AutoCloseable {
  static final List<String> KINDS = List.of("account", "container", "object");
  static final int PART_POWER = 10;
  static final int REPLICAS = 3;
  static final int FIRST_PORT = 6201;
  static final int DEVICES = 4;
  static final String HOST = "127.0.0.1";
  private static final Duration RELOAD_CHECK = Duration.ofSeconds(15);

  /** One storage node: its number (1..), the port it listens on (0 until known) and its devices. */
  record Node(int number, int port, List<String> devices) {
    Node {
      devices = List.copyOf(devices);
    }

    Node withPort(int actual) {
      return new Node(number, actual, devices);
    }
  }

  private final Path dir;
  private final String suffix;
  private final PathHasher hasher;
  private final Map<String, RingFileWatcher> watchers = new ConcurrentHashMap<>();

  private ClusterRings(Path dir, String suffix) {
    this.dir = dir;
    this.suffix = suffix;
    this.hasher = new PathHasher("", suffix);
  }

  /** The rings of {@code dir}, creating the directory and the cluster's hash path secret if needed. */
  static ClusterRings open(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new ClusterRings(dir, Rings.suffix(dir));
  }

  Path dir() {
    return dir;
  }

  /** The cluster's hash path suffix (its prefix is empty). */
  String hashPathSuffix() {
    return suffix;
  }

  /** True when all three ring files exist (a later start). */
  boolean exist() {
    return KINDS.stream().allMatch(kind -> Files.exists(ringFile(kind)));
  }

  /**
   * The storage nodes to start. From the rings when they exist, checked against {@code portBase}
   * (null: not asked for; 0: any); else planned: {@value #DEVICES} nodes of one device each, on
   * portBase, portBase + 1, ... ({@value #FIRST_PORT} when null), or on free ports when 0.
   */
  List<Node> nodes(Integer portBase) throws IOException {
    if (!exist()) {
      int base = portBase == null ? FIRST_PORT : portBase;
      List<Node> planned = new ArrayList<>();
      for (int i = 1; i <= DEVICES; i++) planned.add(new Node(i, base == 0 ? 0 : base + i - 1, List.of("d" + i)));
      return planned;
    }
    List<Node> nodes = layout();
    if (portBase != null && portBase != 0) {
      for (Node node : nodes) {
        if (node.port() != portBase + node.number() - 1) {
          throw new IOException("the rings in " + dir + " place the storage nodes on ports " + ports(nodes)
              + ", not from " + portBase + "; start without --storage-port-base (or with 0) to use them, or use a new"
              + " --data-dir (ring changes go through `stratus ring " + dir.resolve("object.builder") + " ...`)");
        }
      }
    }
    return nodes;
  }

  /**
   * The nodes the existing rings describe: devices grouped by port, all three rings alike. A node's
   * number (its directory, DIR/node&lt;N&gt;) is its devices' zone, as {@link #build} assigns it.
   */
  private List<Node> layout() throws IOException {
    Map<String, Map<Integer, List<String>>> byKind = new LinkedHashMap<>();
    Map<Integer, Integer> numbers = new TreeMap<>();
    for (String kind : KINDS) {
      Map<Integer, List<String>> byPort = new TreeMap<>();
      List<Device> devices = new ArrayList<>(Ring.load(ringFile(kind), hasher).devices());
      devices.sort(Comparator.comparingInt(Device::port).thenComparing(Device::name));
      for (Device d : devices) {
        if (!d.ip().equals(HOST)) {
          throw new IOException("the " + kind + " ring has device " + d.describe() + "; the all-in-one serves " + HOST + " only");
        }
        byPort.computeIfAbsent(d.port(), p -> new ArrayList<>()).add(d.name());
        Integer number = numbers.putIfAbsent(d.port(), d.zone());
        if (number != null && number != d.zone()) {
          throw new IOException("port " + d.port() + " serves devices in zones " + number + " and " + d.zone() + " in " + dir
              + "; the all-in-one runs one node (DIR/node<zone>) per zone");
        }
      }
      byKind.put(kind, byPort);
    }
    Map<Integer, List<String>> object = byKind.get("object");
    for (String kind : KINDS) {
      if (!Objects.equals(byKind.get(kind), object)) {
        throw new IOException("the " + kind + " ring's devices " + byKind.get(kind) + " differ from the object ring's "
            + object + " in " + dir);
      }
    }
    if (numbers.values().stream().distinct().count() != numbers.size()) {
      throw new IOException("two ports share a zone in the rings of " + dir + "; the all-in-one runs one node per zone");
    }
    List<Node> nodes = new ArrayList<>();
    object.forEach((port, devices) -> nodes.add(new Node(numbers.get(port), port, devices)));
    nodes.sort(Comparator.comparingInt(Node::number));
    return nodes;
  }

  /**
   * Builds the rings for the started {@code nodes} if they do not exist yet, then loads and watches
   * them, and prints one line per ring.
   */
  void ensure(List<Node> nodes, PrintStream out) throws IOException {
    boolean created = false;
    if (!exist()) {
      for (String kind : KINDS) build(kind, nodes);
      created = true;
    }
    for (String kind : KINDS) {
      RingFileWatcher watcher = RingFileWatcher.watch(ringFile(kind), hasher, RELOAD_CHECK);
      watchers.put(kind, watcher);
      Ring ring = watcher.ring();
      out.printf(Locale.ROOT, "  %-9s  ring %s: %d partitions, %d replicas, %d devices (%s)%n", kind,
          created ? "created" : "loaded", ring.partitionCount(), ring.replicaCount(), ring.devices().size(), ringFile(kind));
    }
  }

  /** One device per node's device, zone = node number, weight 100; written like `stratus ring ... rebalance`. */
  private void build(String kind, List<Node> nodes) throws IOException {
    RingBuilder b = RingBuilder.create(PART_POWER, REPLICAS, 1, InstantSource.system());
    int id = 0;
    for (Node node : nodes) {
      if (node.port() == 0) throw new IllegalStateException("node " + node.number() + " has no port yet");
      for (String device : node.devices()) b.addDevice(Device.of(id++, 1, node.number(), HOST, node.port(), device, 100));
    }
    b.rebalance(1);
    Path builder = dir.resolve(kind + ".builder");
    b.save(builder);
    RingFile.write(RingCli.ringFile(builder), b.toRingData());
  }

  /** The current ring of {@code kind}, null until {@link #ensure} loaded it. */
  RingSource source(String kind) {
    if (!KINDS.contains(kind)) throw new IllegalArgumentException("no ring " + kind);
    return () -> {
      RingFileWatcher watcher = watchers.get(kind);
      return watcher == null ? null : watcher.ring();
    };
  }

  /** The three sources by kind, as a storage node takes them. */
  Map<String, RingSource> sources() {
    Map<String, RingSource> sources = new LinkedHashMap<>();
    for (String kind : KINDS) sources.put(kind, source(kind));
    return sources;
  }

  Path ringFile(String kind) {
    return RingCli.ringFile(dir.resolve(kind + ".builder"));
  }

  static String ports(List<Node> nodes) {
    return String.join(",", nodes.stream().map(n -> Integer.toString(n.port())).toList());
  }

  /** Stops watching the ring files. */
  @Override
  public void close() {
    watchers.values().forEach(RingFileWatcher::close);
    watchers.clear();
  }
}
