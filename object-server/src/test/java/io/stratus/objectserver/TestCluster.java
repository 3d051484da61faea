package io.stratus.objectserver;

import io.stratus.ring.Device;
import io.stratus.ring.PathHasher;
import io.stratus.ring.Ring;
import io.stratus.ring.RingSource;
import io.stratus.ring.builder.RingBuilder;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Several storage nodes in one JVM on port 0, node {@code i} serving device {@code d<i>} in zone
 * {@code i+1}, and a real ring (RingBuilder, seeded) over them used as account, container and
 * object ring. Nodes can be stopped and restarted on their port with their data.
 */
public final class TestCluster implements AutoCloseable {
  public static final PathHasher HASHER = new PathHasher("", "test-suffix");

  public final Vertx vertx = Vertx.vertx();
  public final MutableClock clock;
  private final Path root;
  private final UnaryOperator<StorageNodeConfig> tune;
  private final List<TestNode> nodes = new ArrayList<>();
  private final List<StorageNodeConfig> configs = new ArrayList<>();
  private final AtomicReference<Ring> ring = new AtomicReference<>();
  private final Map<String, RingSource> rings;

  private TestCluster(Path root, MutableClock clock, UnaryOperator<StorageNodeConfig> tune) {
    this.root = root;
    this.clock = clock;
    this.tune = tune;
    RingSource source = ring::get;
    this.rings = Map.of("account", source, "container", source, "object", source);
  }

  /** Starts {@code count} nodes, then builds the ring over their ports. */
  public static TestCluster start(Path root, MutableClock clock, int count, int partPower, int replicas,
      UnaryOperator<StorageNodeConfig> tune) {
    TestCluster c = new TestCluster(root, clock, tune);
    RingBuilder builder = RingBuilder.create(partPower, replicas, 0, clock);
    for (int i = 0; i < count; i++) {
      StorageNodeConfig config = tune.apply(StorageNodeConfig.local(root.resolve("node" + i), List.of("d" + i)));
      TestNode node = TestNode.start(c.vertx, config, clock, c.rings);
      c.nodes.add(node);
      c.configs.add(config.withPort(node.port()));
      builder.addDevice(Device.of(i, 1, i + 1, "127.0.0.1", node.port(), "d" + i, 1.0));
    }
    builder.rebalance(1);
    c.ring.set(new Ring(builder.toRingData(), HASHER));
    return c;
  }

  /** Four nodes, part power 6, three replicas, 4 KiB chunks. */
  public static TestCluster standard(Path root, MutableClock clock) {
    return start(root, clock, 4, 6, 3, c -> c.withChunkSize(4096));
  }

  public Ring ring() {
    return ring.get();
  }

  public TestNode node(int i) {
    return nodes.get(i);
  }

  public String device(int i) {
    return "d" + i;
  }

  public int partition(String account, String container, String object) {
    return ring().partition(account, container, object);
  }

  /** The node indexes of the path's primaries, in replica order. */
  public List<Integer> primaries(String account, String container, String object) {
    return ring().primaries(partition(account, container, object)).stream().map(Device::id).toList();
  }

  /** The first handoff node of a partition (the proxy's choice when a primary is down). */
  public int firstHandoff(int partition) {
    Iterator<Device> it = ring().handoffs(partition);
    return it.next().id();
  }

  /** Closes node {@code i}; its data stays. */
  public void stop(int i) {
    nodes.get(i).close();
  }

  /** Starts node {@code i} again on its port with its data. */
  public void restart(int i) {
    nodes.set(i, TestNode.start(vertx, configs.get(i), clock, rings));
  }

  /** A request to node {@code i} for {@code /d<i>/<partition>/<path>}. */
  public HttpResponse<String> call(int i, String method, int partition, String path, String... headers) {
    return node(i).call(method, "/" + device(i) + "/" + partition + "/" + path, headers);
  }

  public HttpResponse<byte[]> get(int i, int partition, String path) {
    return node(i).sendBytes(node(i).request("/" + device(i) + "/" + partition + "/" + path).GET());
  }

  /** An object PUT to node {@code i} at timestamp {@code ts}, extra headers after. */
  public HttpResponse<String> put(int i, int partition, String path, byte[] body, String ts, String... headers) {
    String[] all = new String[headers.length + 4];
    all[0] = "X-Timestamp";
    all[1] = ts;
    all[2] = "Content-Type";
    all[3] = "application/octet-stream";
    System.arraycopy(headers, 0, all, 4, headers.length);
    return node(i).put("/" + device(i) + "/" + partition + "/" + path, body, all);
  }

  /** Runs every node's replicator once, in node order. */
  public void replicateAll() {
    for (TestNode n : nodes) TestNode.await(n.node.replicator().runOnce());
  }

  /** Runs every node's container replicator once, in node order. */
  public void replicateContainers() {
    for (TestNode n : nodes) TestNode.await(n.node.containerReplicator().runOnce());
  }

  /** Runs every node's account replicator once, in node order. */
  public void replicateAccounts() {
    for (TestNode n : nodes) TestNode.await(n.node.accountReplicator().runOnce());
  }

  /** Container replicators, then account replicators. */
  public void replicateDatabases() {
    replicateContainers();
    replicateAccounts();
  }

  public Duration reclaimAge() {
    return configs.get(0).reclaimAge();
  }

  @Override
  public void close() {
    for (TestNode n : nodes) {
      try {
        n.close();
      } catch (RuntimeException e) {
        // already stopped by the test
      }
    }
    TestNode.await(vertx.close());
  }
}
