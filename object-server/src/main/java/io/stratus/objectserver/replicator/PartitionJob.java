package io.stratus.objectserver.replicator;

import io.stratus.objectserver.daemon.Bounded;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.store.ObjectVersion;
import io.stratus.objectserver.store.PartitionStore;
import io.stratus.objectserver.store.StoredObject;
import io.stratus.ring.Device;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of one local device in a replication pass (Swift's {@code update} and
 * {@code update_deleted}): compare suffix hashes with each peer, ask the peer for the objects of
 * the suffixes that differ, and push what it lacks or holds older. On a primary the peers are the
 * other primaries; on a handoff they are all primaries, and once every one of them has confirmed
 * the partition, the local copy is removed (each object only if unchanged since it was listed).
 */
final class PartitionJob {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionJob.class);

  private final ReplicationClient client;
  private final DeviceStore store;
  private final int partition;
  private final List<Device> peers;
  private final boolean handoff;
  private final ReplicationStats stats;

  PartitionJob(ReplicationClient client, DeviceStore store, int partition, List<Device> peers, boolean handoff,
      ReplicationStats stats) {
    this.client = client;
    this.store = store;
    this.partition = partition;
    this.peers = peers;
    this.handoff = handoff;
    this.stats = stats;
  }

  Future<Void> run() {
    stats.partitions.incrementAndGet();
    return handoff ? drain() : sync();
  }

  private Future<Void> sync() {
    return store.partitions().hashes(partition, List.of())
        .compose(local -> Bounded.forEach(peers, peers.size(), peer -> syncPeer(peer, local, null)));
  }

  /** Pushes everything the primaries lack; removes the local copy once all of them are in sync. */
  private Future<Void> drain() {
    return store.partitions().objects(partition, null).compose(objects -> {
      Map<String, String> local = PartitionStore.hashesOf(objects);
      AtomicBoolean allInSync = new AtomicBoolean(true);
      return Bounded.forEach(peers, peers.size(), peer -> syncPeer(peer, local, objects).map(ok -> {
        if (!ok) allInSync.set(false);
        return ok;
      })).compose(v -> {
        if (!allInSync.get()) return Future.<Void>succeededFuture();
        stats.handoffsDrained.incrementAndGet();
        return store.partitions().remove(objects).map(n -> {
          stats.objectsRemoved.addAndGet(n);
          return null;
        });
      });
    });
  }

  /**
   * Brings one peer up to date with the local suffixes; true when the peer answered every request
   * and holds everything local (or newer). {@code listed} is the handoff's listing, or null to read
   * the differing suffixes from the store.
   */
  private Future<Boolean> syncPeer(Device peer, Map<String, String> local, List<StoredObject> listed) {
    return client.hashes(peer, partition, List.of()).compose(remote -> {
      Set<String> differ = new TreeSet<>();
      local.forEach((suffix, hash) -> {
        if (!hash.equals(remote.get(suffix))) differ.add(suffix);
      });
      if (differ.isEmpty()) return Future.succeededFuture(true);
      stats.suffixesSynced.addAndGet(differ.size());
      Future<List<StoredObject>> objects = listed != null
          ? Future.succeededFuture(listed.stream().filter(o -> differ.contains(o.suffix())).toList())
          : store.partitions().objects(partition, differ);
      return Future.all(client.versions(peer, partition, differ), objects)
          .compose(both -> push(peer, both.resultAt(1), both.resultAt(0)))
          .compose(ok -> client.hashes(peer, partition, differ).map(ok));
    }).recover(e -> {
      stats.failures.incrementAndGet();
      LOG.warn("Replicating partition {} of {} to {} failed: {}", partition, store.name(), peer.describe(), e.toString());
      return Future.succeededFuture(false);
    });
  }

  private Future<Boolean> push(Device peer, List<StoredObject> objects, List<ObjectVersion> remote) {
    Map<String, ObjectVersion> theirs = new HashMap<>();
    remote.forEach(v -> theirs.put(v.hash(), v));
    List<StoredObject> needed = new ArrayList<>();
    for (StoredObject o : objects) {
      if (action(o.version(), theirs.get(o.hashHex())) != Action.NONE) needed.add(o);
    }
    AtomicBoolean ok = new AtomicBoolean(true);
    return Bounded.forEach(needed, 1, o -> send(peer, o, action(o.version(), theirs.get(o.hashHex()))).map(status -> {
      boolean accepted = status >= 200 && status < 300 || status == 404 || status == 409;
      if (!accepted) ok.set(false);
      return status;
    }).onFailure(e -> ok.set(false))).map(v -> ok.get());
  }

  /** What a peer needs to hold {@code mine}: nothing, the whole object, a tombstone, or newer metadata. */
  enum Action { NONE, PUT, DELETE, POST }

  static Action action(ObjectVersion mine, ObjectVersion theirs) {
    if (theirs == null || mine.data().isAfter(theirs.data())) return mine.deleted() ? Action.DELETE : Action.PUT;
    if (mine.data().equals(theirs.data()) && !mine.deleted() && !theirs.deleted() && mine.meta().isAfter(theirs.meta())) {
      return Action.POST;
    }
    return Action.NONE;
  }

  private Future<Integer> send(Device peer, StoredObject o, Action action) {
    Future<Integer> sent = switch (action) {
      case PUT -> client.put(peer, o, store.objects());
      case DELETE -> client.delete(peer, o);
      case POST -> client.post(peer, o);
      case NONE -> Future.succeededFuture(200);
    };
    return sent.onSuccess(status -> {
      if (status >= 200 && status < 300) stats.objectsPushed.incrementAndGet();
    });
  }
}
