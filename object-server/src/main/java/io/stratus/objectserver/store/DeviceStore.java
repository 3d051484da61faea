package io.stratus.objectserver.store;

import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;

/**
 * One device of the node: its database and the object, container, account and pending stores on it,
 * and the views of its objects that the replicator and the auditor use.
 */
public final class DeviceStore implements AutoCloseable {
  private final DeviceDb db;
  private final ObjectStore objects;
  private final ContainerStore containers;
  private final AccountStore accounts;
  private final PendingStore pendings;
  private final PartitionStore partitions;
  private final AuditStore audit;

  private DeviceStore(DeviceDb db, WorkerExecutor executor, StoreOptions options) {
    this.db = db;
    this.objects = new ObjectStore(db, executor, options);
    this.containers = new ContainerStore(db, executor);
    this.accounts = new AccountStore(db, executor);
    this.pendings = new PendingStore(db, executor);
    this.partitions = new PartitionStore(db, objects);
    this.audit = new AuditStore(db, objects);
  }

  /** Opens the device in {@code dir}. Blocking: call it on a worker thread. */
  public static DeviceStore open(String name, Path dir, WorkerExecutor executor, StoreOptions options) {
    return new DeviceStore(DeviceDb.open(name, dir, options), executor, options);
  }

  public String name() {
    return db.name();
  }

  public ObjectStore objects() {
    return objects;
  }

  public ContainerStore containers() {
    return containers;
  }

  public AccountStore accounts() {
    return accounts;
  }

  public PendingStore pendings() {
    return pendings;
  }

  /** The objects partition by partition, for the replicator. */
  public PartitionStore partitions() {
    return partitions;
  }

  /** Body checks, quarantine and orphan chunks, for the auditor. */
  public AuditStore audit() {
    return audit;
  }

  /** Flushes and closes the database. Blocking. */
  @Override
  public void close() {
    db.close();
  }
}
