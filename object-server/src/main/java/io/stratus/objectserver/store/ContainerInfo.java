package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import java.util.Map;

/**
 * A container's info row: its timestamps, object count and bytes used, metadata, and the account
 * nodes (X-Account-Host/Device/Partition of its last PUT) its stats are reported to.
 */
public record ContainerInfo(String account, String container, Timestamp createdAt, Timestamp putTimestamp,
    Timestamp deleteTimestamp, Timestamp statusChangedAt, long objectCount, long bytesUsed,
    Map<String, MetaValue> metadata, String accountHost, String accountDevice, String accountPartition) {

  /** Swift's {@code is_deleted}: deleted after its last PUT, and empty. */
  public boolean deleted() {
    return objectCount == 0 && deleteTimestamp.isAfter(putTimestamp);
  }

  ContainerInfo withStats(long count, long bytes) {
    return new ContainerInfo(account, container, createdAt, putTimestamp, deleteTimestamp, statusChangedAt, count, bytes,
        metadata, accountHost, accountDevice, accountPartition);
  }

  ContainerInfo withPut(Timestamp ts, Map<String, MetaValue> meta, String host, String device, String partition) {
    Timestamp put = ts.isAfter(putTimestamp) ? ts : putTimestamp;
    boolean wasDeleted = deleted();
    ContainerInfo next = new ContainerInfo(account, container, createdAt, put, deleteTimestamp, statusChangedAt, objectCount,
        bytesUsed, meta, host != null ? host : accountHost, device != null ? device : accountDevice,
        partition != null ? partition : accountPartition);
    return wasDeleted && !next.deleted() ? next.withStatusChange(ts) : next;
  }

  ContainerInfo withDelete(Timestamp ts) {
    Timestamp del = ts.isAfter(deleteTimestamp) ? ts : deleteTimestamp;
    return new ContainerInfo(account, container, createdAt, putTimestamp, del, ts, objectCount, bytesUsed, metadata,
        accountHost, accountDevice, accountPartition);
  }

  ContainerInfo withMetadata(Map<String, MetaValue> meta) {
    return new ContainerInfo(account, container, createdAt, putTimestamp, deleteTimestamp, statusChangedAt, objectCount,
        bytesUsed, meta, accountHost, accountDevice, accountPartition);
  }

  private ContainerInfo withStatusChange(Timestamp ts) {
    return new ContainerInfo(account, container, createdAt, putTimestamp, deleteTimestamp, ts, objectCount, bytesUsed,
        metadata, accountHost, accountDevice, accountPartition);
  }
}
