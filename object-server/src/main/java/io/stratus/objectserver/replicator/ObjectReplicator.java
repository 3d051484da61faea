package io.stratus.objectserver.replicator;

import io.stratus.objectserver.daemon.Bounded;
import io.stratus.objectserver.daemon.PeriodicDaemon;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.swift.Timestamp;
import io.stratus.ring.Device;
import io.stratus.ring.Ring;
import io.stratus.ring.RingSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Swift's object-replicator for this node: for every partition on every local device that the
 * object ring knows, reclaims old tombstones, then syncs with the other primaries (a primary
 * partition) or pushes to all primaries and drains the local copy (a handoff partition). At most
 * {@code concurrency} partitions are in flight. Runs on a timer once started; tests call
 * {@link #runOnce()}.
 */
public final class ObjectReplicator extends PeriodicDaemon<ObjectReplicator.Pass> {

  /** What one pass did. */
  public record Pass(int partitions, int suffixesSynced, int objectsPushed, int failures, int handoffsDrained,
      int objectsRemoved, int reclaimed) {
    static final Pass NONE = new Pass(0, 0, 0, 0, 0, 0, 0);
  }

  private final Map<String, DeviceStore> devices;
  private final RingSource objectRing;
  private final String host;
  private final IntSupplier port;
  private final ReplicationClient client;
  private final Clock clock;
  private final Duration reclaimAge;
  private final int concurrency;

  public ObjectReplicator(Vertx vertx, Map<String, DeviceStore> devices, RingSource objectRing, String host, IntSupplier port,
      ReplicationClient client, Clock clock, Duration reclaimAge, int concurrency) {
    super(vertx, "object-replicator", Pass.NONE);
    this.devices = devices;
    this.objectRing = objectRing;
    this.host = host;
    this.port = port;
    this.client = client;
    this.clock = clock;
    this.reclaimAge = reclaimAge;
    this.concurrency = concurrency;
  }

  @Override
  protected Future<Pass> pass() {
    Ring ring = objectRing == null ? null : objectRing.ring();
    if (ring == null) return Future.succeededFuture(Pass.NONE);
    ReplicationStats stats = new ReplicationStats();
    Timestamp cutoff = Timestamp.ofMillis(Math.max(0, clock.millis() - reclaimAge.toMillis()));
    Future<Void> chain = Future.succeededFuture();
    for (DeviceStore store : devices.values()) {
      Device self = self(ring, store.name(), host, port.getAsInt());
      if (self == null) continue;
      chain = chain.compose(v -> store.partitions().partitions()).compose(parts -> Bounded.forEach(parts, concurrency,
          p -> store.partitions().reclaim(p, cutoff)
              .compose(n -> {
                stats.reclaimed.addAndGet(n);
                return job(ring, self, store, p, stats).run();
              })));
    }
    return chain.map(v -> stats.snapshot());
  }

  private PartitionJob job(Ring ring, Device self, DeviceStore store, int partition, ReplicationStats stats) {
    List<Device> primaries = ring.primaries(partition);
    boolean primary = primaries.stream().anyMatch(d -> d.id() == self.id());
    List<Device> peers = primaries.stream().filter(d -> d.id() != self.id()).toList();
    return new PartitionJob(client, store, partition, peers, !primary, stats);
  }

  /**
   * The ring's device for a local device: same name, served on this node's port, and this node's
   * address (any address when bound to the wildcard). Null when the ring does not have it.
   */
  static Device self(Ring ring, String name, String host, int port) {
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::");
    for (Device d : ring.devices()) {
      if (!d.name().equals(name)) continue;
      boolean portMatches = d.port() == port || d.replicationPort() == port;
      boolean hostMatches = wildcard || d.ip().equals(host) || d.replicationIp().equals(host);
      if (portMatches && hostMatches) return d;
    }
    return null;
  }
}
