package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.ContainerRow;
import io.stratus.objectserver.swift.ObjectRow;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;

/**
 * One device of the node: its database and the object, container, account and pending stores on it,
 * and the views of its objects and databases that the replicators and the auditor use.
 */
public final class DeviceStore implements AutoCloseable {
  private final DeviceDb db;
  private final ObjectStore objects;
  private final ContainerStore containers;
  private final AccountStore accounts;
  private final PendingStore pendings;
  private final PartitionStore partitions;
  private final AuditStore audit;
  private final DbReplicaStore<ContainerInfo, ObjectRow> containerDbs;
  private final DbReplicaStore<AccountInfo, ContainerRow> accountDbs;

  private DeviceStore(DeviceDb db, WorkerExecutor executor, StoreOptions options) {
    this.db = db;
    this.objects = new ObjectStore(db, executor, options);
    Stripes containerStripes = new Stripes(1024);
    Stripes accountStripes = new Stripes(1024);
    this.containers = new ContainerStore(db, executor, containerStripes);
    this.accounts = new AccountStore(db, executor, accountStripes);
    this.containerDbs = new DbReplicaStore<>(db, ContainerSchema.INSTANCE, new Blocking(executor, db), containerStripes);
    this.accountDbs = new DbReplicaStore<>(db, AccountSchema.INSTANCE, new Blocking(executor, db), accountStripes);
    this.pendings = new PendingStore(db, executor);
    this.partitions = new PartitionStore(db, objects);
    this.audit = new AuditStore(db, objects);
  }

  /** Opens the device in {@code dir}. Blocking: call it on a worker thread. */
  public static DeviceStore open(String name, Path dir, WorkerExecutor executor, StoreOptions options) {
    DeviceStore store = new DeviceStore(DeviceDb.open(name, dir), executor, options);
    try {
      store.containerDbs.upgrade();
      store.accountDbs.upgrade();
    } catch (org.rocksdb.RocksDBException | RuntimeException e) {
      store.close();
      throw new io.stratus.common.error.StratusException(io.stratus.common.error.ErrorCode.UNAVAILABLE,
          "Cannot upgrade the databases of device " + name + ": " + e.getMessage(), e);
    }
    return store;
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

  /** The container databases, for the container replicator. */
  public DbReplicaStore<ContainerInfo, ObjectRow> containerDbs() {
    return containerDbs;
  }

  /** The account databases, for the account replicator. */
  public DbReplicaStore<AccountInfo, ContainerRow> accountDbs() {
    return accountDbs;
  }

  /** Flushes and closes the database. Blocking. */
  @Override
  public void close() {
    db.close();
  }
}
