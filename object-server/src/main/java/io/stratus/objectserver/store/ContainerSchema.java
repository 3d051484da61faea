package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.ObjectRow;
import io.stratus.objectserver.swift.Timestamp;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;

/** Container databases: object rows, newest timestamp wins, and the object count and bytes they add up to. */
final class ContainerSchema implements DbSchema<ContainerInfo, ObjectRow> {
  static final ContainerSchema INSTANCE = new ContainerSchema();

  @Override
  public ColumnFamilyHandle infoFamily(DeviceDb db) {
    return db.containers;
  }

  @Override
  public ColumnFamilyHandle rowFamily(DeviceDb db) {
    return db.containerRows;
  }

  @Override
  public Class<ContainerInfo> infoType() {
    return ContainerInfo.class;
  }

  @Override
  public Class<ObjectRow> rowType() {
    return ObjectRow.class;
  }

  @Override
  public String name(ObjectRow row) {
    return row.name();
  }

  @Override
  public String digestEntry(ObjectRow row) {
    return row.timestamp().internal() + (row.deleted() ? ".ts" : ".data");
  }

  @Override
  public ObjectRow mergeRow(ObjectRow old, ObjectRow incoming) {
    return old == null || incoming.timestamp().isAfter(old.timestamp()) ? incoming : null;
  }

  @Override
  public ContainerInfo applyRow(ContainerInfo info, ObjectRow old, ObjectRow now) {
    boolean wasLive = old != null && !old.deleted();
    long count = info.objectCount() + (now.deleted() ? 0 : 1) - (wasLive ? 1 : 0);
    long bytes = info.bytesUsed() + (now.deleted() ? 0 : now.bytes()) - (wasLive ? old.bytes() : 0);
    return info.withStats(count, bytes);
  }

  @Override
  public ContainerInfo mergeInfo(ContainerInfo local, ContainerInfo in) {
    if (local == null) {
      return new ContainerInfo(in.account(), in.container(), in.createdAt(), in.putTimestamp(), in.deleteTimestamp(),
          in.statusChangedAt(), 0, 0, in.metadata(), in.accountHost(), in.accountDevice(), in.accountPartition());
    }
    Map<String, MetaValue> meta = MetaMerge.merge(local.metadata(), in.metadata());
    return new ContainerInfo(local.account(), local.container(), DbSchema.min(local.createdAt(), in.createdAt()),
        DbSchema.max(local.putTimestamp(), in.putTimestamp()), DbSchema.max(local.deleteTimestamp(), in.deleteTimestamp()),
        DbSchema.max(local.statusChangedAt(), in.statusChangedAt()), local.objectCount(), local.bytesUsed(), meta,
        local.accountHost() != null ? local.accountHost() : in.accountHost(),
        local.accountDevice() != null ? local.accountDevice() : in.accountDevice(),
        local.accountPartition() != null ? local.accountPartition() : in.accountPartition());
  }

  @Override
  public boolean reportable(ContainerInfo before, ContainerInfo after) {
    return before == null || before.objectCount() != after.objectCount() || before.bytesUsed() != after.bytesUsed()
        || !before.putTimestamp().equals(after.putTimestamp()) || !before.deleteTimestamp().equals(after.deleteTimestamp());
  }

  @Override
  public Timestamp deletedAt(ObjectRow row) {
    return row.deleted() ? row.timestamp() : null;
  }

  @Override
  public boolean reclaimDb(ContainerInfo info, Timestamp cutoff) {
    return info.deleted() && cutoff.isAfter(info.deleteTimestamp());
  }
}
