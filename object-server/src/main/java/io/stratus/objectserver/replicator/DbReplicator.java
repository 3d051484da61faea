package io.stratus.objectserver.replicator;

import io.stratus.objectserver.daemon.Bounded;
import io.stratus.objectserver.daemon.PeriodicDaemon;
import io.stratus.objectserver.store.DbReplicaStore;
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
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Swift's container-replicator or account-replicator for this node: for every partition of the
 * ring that a local device holds databases of, reclaims deleted rows and databases, then syncs
 * each database with the other primaries (a primary partition) or pushes it to all primaries and
 * removes the local copy (a handoff partition). At most {@code concurrency} partitions are in
 * flight. Runs on a timer once started; tests call {@link #runOnce()}.
 *
 * @param <I> the info row
 * @param <R> a listing row
 */
public final class DbReplicator<I, R> extends PeriodicDaemon<DbReplicator.Pass> {

  /** What one pass did. */
  public record Pass(int partitions, int databases, int inSync, int rowsPushed, int failures, int handoffsDrained,
      int reclaimed) {
    static final Pass NONE = new Pass(0, 0, 0, 0, 0, 0, 0);
  }

  /** Where a database whose stats changed reports them (a container to its account); accounts report nowhere. */
  @FunctionalInterface
  public interface Reporter {
    Future<Void> changed(DeviceStore device, int partition, byte[] hash);
  }

  /** Which databases, of which ring, under which X-Backend-Server-Type, reporting where. */
  public record Kind<I, R>(String name, Function<DeviceStore, DbReplicaStore<I, R>> databases, RingSource ring,
      Reporter reporter) {
  }

  /** How passes run: partitions in flight, rows per page, and how old deleted rows must be to go. */
  public record Settings(int concurrency, int pageRows, Duration reclaimAge) {
  }

  private final Kind<I, R> kind;
  private final Map<String, DeviceStore> devices;
  private final String host;
  private final IntSupplier port;
  private final DbReplicationClient client;
  private final Clock clock;
  private final Settings settings;

  public DbReplicator(Vertx vertx, Kind<I, R> kind, Map<String, DeviceStore> devices, String host, IntSupplier port,
      DbReplicationClient client, Clock clock, Settings settings) {
    super(vertx, kind.name() + "-replicator", Pass.NONE);
    this.kind = kind;
    this.devices = devices;
    this.host = host;
    this.port = port;
    this.client = client;
    this.clock = clock;
    this.settings = settings;
  }

  @Override
  protected Future<Pass> pass() {
    Ring ring = kind.ring() == null ? null : kind.ring().ring();
    if (ring == null) return Future.succeededFuture(Pass.NONE);
    DbReplicationStats stats = new DbReplicationStats();
    Timestamp cutoff = Timestamp.ofMillis(Math.max(0, clock.millis() - settings.reclaimAge().toMillis()));
    Future<Void> chain = Future.succeededFuture();
    for (DeviceStore store : devices.values()) {
      Device self = ObjectReplicator.self(ring, store.name(), host, port.getAsInt());
      if (self == null) continue;
      DbReplicaStore<I, R> dbs = kind.databases().apply(store);
      chain = chain.compose(v -> dbs.partitions()).compose(parts -> Bounded.forEach(parts, settings.concurrency(),
          p -> dbs.reclaim(p, cutoff).compose(n -> {
            stats.reclaimed.addAndGet(n);
            return job(ring, self, store, dbs, p, stats).run();
          })));
    }
    return chain.map(v -> stats.snapshot());
  }

  private DbPartitionJob<I, R> job(Ring ring, Device self, DeviceStore store, DbReplicaStore<I, R> dbs, int partition,
      DbReplicationStats stats) {
    List<Device> primaries = ring.primaries(partition);
    boolean primary = primaries.stream().anyMatch(d -> d.id() == self.id());
    List<Device> peers = primaries.stream().filter(d -> d.id() != self.id()).toList();
    return new DbPartitionJob<>(new DbPartitionJob.Target<>(kind.name(), store, dbs, partition), peers, !primary, client,
        settings.pageRows(), kind.reporter(), stats);
  }
}
