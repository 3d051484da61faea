package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.ContainerRow;
import io.stratus.objectserver.swift.Timestamp;
import org.rocksdb.ColumnFamilyHandle;

/**
 * Account databases: container rows whose put and delete timestamps merge to the newest, and
 * whose stats are those of the newest report; the account's totals add them up.
 */
final class AccountSchema implements DbSchema<AccountInfo, ContainerRow> {
  static final AccountSchema INSTANCE = new AccountSchema();

  @Override
  public ColumnFamilyHandle infoFamily(DeviceDb db) {
    return db.accounts;
  }

  @Override
  public ColumnFamilyHandle rowFamily(DeviceDb db) {
    return db.accountRows;
  }

  @Override
  public Class<AccountInfo> infoType() {
    return AccountInfo.class;
  }

  @Override
  public Class<ContainerRow> rowType() {
    return ContainerRow.class;
  }

  @Override
  public String name(ContainerRow row) {
    return row.name();
  }

  @Override
  public String digestEntry(ContainerRow row) {
    return row.putTimestamp().internal() + "/" + row.deleteTimestamp().internal() + "/" + row.objectCount() + "/"
        + row.bytesUsed() + "/" + row.reportedAt().internal();
  }

  @Override
  public ContainerRow mergeRow(ContainerRow old, ContainerRow incoming) {
    ContainerRow merged = merge(old, incoming, false);
    return merged.equals(old) ? null : merged;
  }

  /**
   * Swift's {@code merge_items} for accounts: newest put and delete timestamps; the stats of the
   * newer report. On a tie a report (arrival order, as Swift) takes the incoming stats, while
   * replication takes the greater ones so that replicas agree.
   */
  static ContainerRow merge(ContainerRow old, ContainerRow in, boolean report) {
    if (old == null) return in;
    int newer = in.reportedAt().compareTo(old.reportedAt());
    boolean takeIncoming = newer > 0 || (newer == 0 && (report || greater(in, old)));
    ContainerRow stats = takeIncoming ? in : old;
    return new ContainerRow(in.name(), DbSchema.max(old.putTimestamp(), in.putTimestamp()),
        DbSchema.max(old.deleteTimestamp(), in.deleteTimestamp()), stats.objectCount(), stats.bytesUsed(), stats.reportedAt());
  }

  private static boolean greater(ContainerRow a, ContainerRow b) {
    return a.objectCount() != b.objectCount() ? a.objectCount() > b.objectCount() : a.bytesUsed() > b.bytesUsed();
  }

  @Override
  public AccountInfo applyRow(AccountInfo info, ContainerRow old, ContainerRow row) {
    boolean wasLive = old != null && !old.deleted();
    boolean live = !row.deleted();
    long containers = info.containerCount() + (live ? 1 : 0) - (wasLive ? 1 : 0);
    long objects = info.objectCount() + (live ? row.objectCount() : 0) - (wasLive ? old.objectCount() : 0);
    long bytes = info.bytesUsed() + (live ? row.bytesUsed() : 0) - (wasLive ? old.bytesUsed() : 0);
    return info.withTotals(containers, objects, bytes);
  }

  @Override
  public AccountInfo mergeInfo(AccountInfo local, AccountInfo in) {
    if (local == null) {
      return new AccountInfo(in.account(), in.createdAt(), in.putTimestamp(), in.deleteTimestamp(), in.statusChangedAt(),
          in.statusDeleted(), 0, 0, 0, in.metadata());
    }
    return new AccountInfo(local.account(), DbSchema.min(local.createdAt(), in.createdAt()),
        DbSchema.max(local.putTimestamp(), in.putTimestamp()), DbSchema.max(local.deleteTimestamp(), in.deleteTimestamp()),
        DbSchema.max(local.statusChangedAt(), in.statusChangedAt()), local.statusDeleted() || in.statusDeleted(),
        local.containerCount(), local.objectCount(), local.bytesUsed(), MetaMerge.merge(local.metadata(), in.metadata()));
  }

  @Override
  public boolean reportable(AccountInfo before, AccountInfo after) {
    return false;
  }

  @Override
  public Timestamp deletedAt(ContainerRow row) {
    return row.deleted() ? row.deleteTimestamp() : null;
  }

  @Override
  public boolean reclaimDb(AccountInfo info, Timestamp cutoff) {
    return info.containerCount() == 0 && info.deleteTimestamp().isAfter(info.putTimestamp())
        && cutoff.isAfter(info.deleteTimestamp());
  }
}
