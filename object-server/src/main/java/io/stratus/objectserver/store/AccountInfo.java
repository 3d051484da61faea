package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import java.util.Map;

/** An account's info row: timestamps, status, totals over its container rows, metadata. */
public record AccountInfo(String account, Timestamp createdAt, Timestamp putTimestamp, Timestamp deleteTimestamp,
    Timestamp statusChangedAt, boolean statusDeleted, long containerCount, long objectCount, long bytesUsed,
    Map<String, MetaValue> metadata) {

  /** Swift's {@code is_deleted}: marked deleted, or deleted after its last PUT with no containers. */
  public boolean deleted() {
    return statusDeleted || (containerCount == 0 && deleteTimestamp.isAfter(putTimestamp));
  }

  AccountInfo withTotals(long containers, long objects, long bytes) {
    return new AccountInfo(account, createdAt, putTimestamp, deleteTimestamp, statusChangedAt, statusDeleted, containers,
        objects, bytes, metadata);
  }

  AccountInfo withPut(Timestamp ts, Map<String, MetaValue> meta) {
    Timestamp put = ts.isAfter(putTimestamp) ? ts : putTimestamp;
    return new AccountInfo(account, createdAt, put, deleteTimestamp, statusChangedAt, statusDeleted, containerCount,
        objectCount, bytesUsed, meta);
  }

  AccountInfo withDelete(Timestamp ts) {
    Timestamp del = ts.isAfter(deleteTimestamp) ? ts : deleteTimestamp;
    return new AccountInfo(account, createdAt, putTimestamp, del, ts, true, containerCount, objectCount, bytesUsed, metadata);
  }

  AccountInfo withMetadata(Map<String, MetaValue> meta) {
    return new AccountInfo(account, createdAt, putTimestamp, deleteTimestamp, statusChangedAt, statusDeleted, containerCount,
        objectCount, bytesUsed, meta);
  }
}
