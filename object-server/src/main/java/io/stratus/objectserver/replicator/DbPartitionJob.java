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
 * compare row digests; where they differ, walk the local rows in pages and send each page whose
 * digest differs from the peer's digest of the same name range. On a primary the peers are the
 * other primaries and their info is merged back; on a handoff they are all primaries, and once
 * every one has confirmed a database it is removed here if nothing was written to it meanwhile.
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
    return Future.all(dbs.info(partition, hash), dbs.digest(partition, hash)).compose(both -> {
      I info = both.resultAt(0);
      String digest = both.resultAt(1);
      if (info == null) return Future.<Void>succeededFuture();
      AtomicBoolean allConfirmed = new AtomicBoolean(true);
      return Bounded.forEach(peers, peers.size(), peer -> syncPeer(peer, hash, info, digest).onSuccess(ok -> {
        if (!ok) allConfirmed.set(false);
      })).compose(v -> handoff && allConfirmed.get() ? drain(hash, info, digest) : Future.succeededFuture());
    });
  }

  private Future<Void> drain(byte[] hash, I info, String digest) {
    return dbs.removeIfUnchanged(partition, hash, info, digest).map(removed -> {
      if (removed) stats.handoffsDrained.incrementAndGet();
      return null;
    });
  }

  /** True when the peer answered every request and now holds every local row (or a newer one). */
  private Future<Boolean> syncPeer(Device peer, byte[] hash, I info, String digest) {
    return client.sync(peer, target.kind(), partition, hash, info, dbs.infoType()).compose(synced -> {
      Future<Void> merged = handoff ? Future.succeededFuture() : mergeBack(hash, synced.info());
      if (digest.equals(synced.digest())) {
        stats.inSync.incrementAndGet();
        return merged.map(true);
      }
      return merged.compose(v -> push(peer, hash, null));
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

  /** Sends the pages of rows after {@code after} whose digest differs from the peer's for the same names. */
  private Future<Boolean> push(Device peer, byte[] hash, String after) {
    return dbs.rows(partition, hash, after, pageRows).compose(page -> {
      if (page.isEmpty()) return Future.succeededFuture(true);
      String upto = dbs.name(page.get(page.size() - 1));
      return client.rangeDigest(peer, target.kind(), partition, hash, after, upto).compose(theirs -> {
        if (theirs.equals(dbs.digestOf(page))) return Future.<Void>succeededFuture();
        return client.mergeItems(peer, target.kind(), partition, hash, page)
            .onSuccess(v -> stats.rowsPushed.addAndGet(page.size()));
      }).compose(v -> page.size() < pageRows ? Future.succeededFuture(true) : push(peer, hash, upto));
    });
  }
}
