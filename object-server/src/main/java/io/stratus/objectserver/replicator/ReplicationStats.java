package io.stratus.objectserver.replicator;

import java.util.concurrent.atomic.AtomicInteger;

/** The counters of one replication pass, updated by its partition jobs as they run. */
final class ReplicationStats {
  final AtomicInteger partitions = new AtomicInteger();
  final AtomicInteger suffixesSynced = new AtomicInteger();
  final AtomicInteger objectsPushed = new AtomicInteger();
  final AtomicInteger failures = new AtomicInteger();
  final AtomicInteger handoffsDrained = new AtomicInteger();
  final AtomicInteger objectsRemoved = new AtomicInteger();
  final AtomicInteger reclaimed = new AtomicInteger();

  ObjectReplicator.Pass snapshot() {
    return new ObjectReplicator.Pass(partitions.get(), suffixesSynced.get(), objectsPushed.get(), failures.get(),
        handoffsDrained.get(), objectsRemoved.get(), reclaimed.get());
  }
}
