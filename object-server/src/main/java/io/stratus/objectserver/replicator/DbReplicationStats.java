package io.stratus.objectserver.replicator;

import java.util.concurrent.atomic.AtomicInteger;

/** The counters of one container or account replication pass, updated by its partition jobs. */
final class DbReplicationStats {
  final AtomicInteger partitions = new AtomicInteger();
  final AtomicInteger databases = new AtomicInteger();
  final AtomicInteger inSync = new AtomicInteger();
  final AtomicInteger rowsPushed = new AtomicInteger();
  final AtomicInteger failures = new AtomicInteger();
  final AtomicInteger handoffsDrained = new AtomicInteger();
  final AtomicInteger reclaimed = new AtomicInteger();

  DbReplicator.Pass snapshot() {
    return new DbReplicator.Pass(partitions.get(), databases.get(), inSync.get(), rowsPushed.get(), failures.get(),
        handoffsDrained.get(), reclaimed.get());
  }
}
