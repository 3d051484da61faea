package io.stratus.objectserver.replicator;

import io.stratus.objectserver.daemon.Bounded;
import io.stratus.objectserver.store.DbReplicaStore;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.ring.Device;
import io.vertx.core.Future;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of one local device in a container or account replication pass (Swift's
 * {@code _replicate_object} per database): for each database, sync its info with each peer and
 * compare the two hashes of their rows; where they differ, send the rows changed since the peer's
 * sync point for this database, in pages of change order, each page moving the sync point on. So a
 * pass costs what changed, not what the database holds. On a primary the peers are the other
 * primaries and their info is merged back; on a handoff they are all primaries, and once every one
 * has confirmed a database it is removed here if nothing was written to it meanwhile.
 */
final class DbPartitionJob<I, R> {
  private static final Logger LOG = LoggerFactory.getLogger(DbPartitionJob.class);

  /** The databases of one partition of one local device, and the server type they replicate as. */
  record Target<I, R>(String kind, DeviceStore device, DbReplicaStore<I, R> dbs, int partition) {
  }

  private final Target<I, R> target;
  private final DbReplicaStore<I, R> dbs;
  private final int partition;
  private final List<Device> peers;
  private final boolean handoff;
  private final DbReplicationClient client;
  private final int pageRows;
  private final DbReplicator.Reporter reporter;
  private final DbReplicationStats stats;

  DbPartitionJob(Target<I, R> target, List<Device> peers, boolean handoff, DbReplicationClient client, int pageRows,
      DbReplicator.Reporter reporter, DbReplicationStats stats) {
    this.target = target;
    this.dbs = target.dbs();
    this.partition = target.partition();
    this.peers = peers;
    this.handoff = handoff;
    this.client = client;
    this.pageRows = pageRows;
    this.reporter = reporter;
    this.stats = stats;
  }

  Future<Void> run() {
    stats.partitions.incrementAndGet();
    return dbs.databases(partition).compose(hashes -> Bounded.forEach(hashes, 1, this::replicate));
  }

  /** Brings every peer up to date with one database; drains it from a handoff once all are. */
  private Future<Void> replicate(byte[] hash) {
    stats.databases.incrementAndGet();
    return Future.all(dbs.info(partition, hash), dbs.position(partition, hash)).compose(both -> {
      I info = both.resultAt(0);
      DbReplicaStore.Position position = both.resultAt(1);
      if (info == null) return Future.<Void>succeededFuture();
      AtomicBoolean allConfirmed = new AtomicBoolean(true);
      return Bounded.forEach(peers, peers.size(), peer -> syncPeer(peer, hash, info, position).onSuccess(ok -> {
        if (!ok) allConfirmed.set(false);
      })).compose(v -> handoff && allConfirmed.get() ? drain(hash, info, position) : Future.succeededFuture());
    });
  }

  private Future<Void> drain(byte[] hash, I info, DbReplicaStore.Position position) {
    return dbs.removeIfUnchanged(partition, hash, info, position).map(removed -> {
      if (removed) stats.handoffsDrained.incrementAndGet();
      return null;
    });
  }

  /** True when the peer answered every request and now holds every local row (or a newer one). */
  private Future<Boolean> syncPeer(Device peer, byte[] hash, I info, DbReplicaStore.Position position) {
    return client.sync(peer, target.kind(), partition, hash, info, position.dbId(), dbs.infoType()).compose(synced -> {
      Future<Void> merged = handoff ? Future.succeededFuture() : mergeBack(hash, synced.info());
      if (synced.point() >= position.maxSeq()) {
        stats.inSync.incrementAndGet();
        return merged.map(true);
      }
      if (position.hash().equals(synced.digest())) {
        // The peer holds every row already (it got them from elsewhere): move its sync point, so
        // that the next difference sends only what changes after now.
        stats.inSync.incrementAndGet();
        return merged.compose(v -> client.mergeItems(peer, target.kind(), partition, hash, List.of(), position.dbId(),
            position.maxSeq())).map(true);
      }
      return merged.compose(v -> push(peer, hash, position.dbId(), synced.point()));
    }).recover(e -> {
      stats.failures.incrementAndGet();
      LOG.warn("Replicating {} {} in partition {} of {} to {} failed: {}", target.kind(), HexFormat.of().formatHex(hash),
          partition, target.device().name(), peer.describe(), e.toString());
      return Future.succeededFuture(false);
    });
  }

  /** Merges the peer's info (timestamps, metadata) here; reports a container whose timestamps moved. */
  private Future<Void> mergeBack(byte[] hash, I theirs) {
    return dbs.mergeInfo(partition, hash, theirs)
        .compose(m -> m.reportable() ? reporter.changed(target.device(), partition, hash) : Future.succeededFuture());
  }

  /** Sends the rows changed after {@code point}, a page at a time, each page moving the peer's sync point on. */
  private Future<Boolean> push(Device peer, byte[] hash, long dbId, long point) {
    return dbs.rowsSince(partition, hash, point, pageRows).compose(page -> {
      if (page.last() == point) return Future.succeededFuture(true);
      return client.mergeItems(peer, target.kind(), partition, hash, page.rows(), dbId, page.last())
          .onSuccess(v -> stats.rowsPushed.addAndGet(page.rows().size()))
          .compose(v -> push(peer, hash, dbId, page.last()));
    });
  }
}
