package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import org.rocksdb.ColumnFamilyHandle;

/**
 * How one kind of listing database (containers or accounts) keeps its info row and listing rows:
 * where they live, how two versions of a row or of the info merge, how a row changes the stats,
 * what goes into a row digest and what reclaim drops. Merges are deterministic, so replicas that
 * exchange everything end up equal whatever the order.
 *
 * @param <I> the info row
 * @param <R> a listing row
 */
interface DbSchema<I, R> {
  ColumnFamilyHandle infoFamily(DeviceDb db);

  ColumnFamilyHandle rowFamily(DeviceDb db);

  Class<I> infoType();

  Class<R> rowType();

  String name(R row);

  /** What the digest covers of a row besides its name: enough to tell two versions apart. */
  String digestEntry(R row);

  /** The row to keep when {@code incoming} arrives by replication; null to keep {@code old}. */
  R mergeRow(R old, R incoming);

  /** The info row after {@code old} (null: none) was replaced by {@code now}: stats moved. */
  I applyRow(I info, R old, R now);

  /** The local info after merging a peer's (Swift's merge_timestamps and metadata); {@code local} may be null. */
  I mergeInfo(I local, I incoming);

  /** True when the info change should be reported upwards (a container's stats to its account). */
  boolean reportable(I before, I after);

  /** When the row was deleted (the time reclaim counts from); null for a live row. */
  Timestamp deletedAt(R row);

  default boolean reclaimRow(R row, Timestamp cutoff) {
    Timestamp deleted = deletedAt(row);
    return deleted != null && cutoff.isAfter(deleted);
  }

  /** True when the whole database is deleted, empty and older than {@code cutoff}. */
  boolean reclaimDb(I info, Timestamp cutoff);

  /** The newer of two timestamps. */
  static Timestamp max(Timestamp a, Timestamp b) {
    return a.isAfter(b) ? a : b;
  }

  /** The older of two timestamps. */
  static Timestamp min(Timestamp a, Timestamp b) {
    return a.isAfter(b) ? b : a;
  }
}
