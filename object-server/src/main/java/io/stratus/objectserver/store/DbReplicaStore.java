package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * A device's container or account databases as the db replicator sees them (Swift's
 * {@code db_replicator} over a broker): which partitions and databases the device holds, where a
 * database stands (its id, last sequence number and hash: {@link RowLog}), the rows changed since a
 * peer's sync point, merges of a peer's info and rows, reclaim of old deleted rows through their
 * index, and removal of a drained handoff copy. Writes take the same stripe locks as the
 * container or account server, so a merge and a listing update never interleave.
 *
 * @param <I> the info row
 * @param <R> a listing row
 */
public final class DbReplicaStore<I, R> {

  /** An info row before and after a merge; {@code before} is null when the merge created the database. */
  public record Merged<I>(I before, I after, boolean reportable) {
  }

  private final DeviceDb device;
  private final DbSchema<I, R> schema;
  private final Blocking blocking;
  private final Stripes stripes;

  DbReplicaStore(DeviceDb device, DbSchema<I, R> schema, Blocking blocking, Stripes stripes) {
    this.device = device;
    this.schema = schema;
    this.blocking = blocking;
    this.stripes = stripes;
  }

  public Class<I> infoType() {
    return schema.infoType();
  }

  public Class<R> rowType() {
    return schema.rowType();
  }

  private ColumnFamilyHandle info() {
    return schema.infoFamily(device);
  }

  private ColumnFamilyHandle rows() {
    return schema.rowFamily(device);
  }

  /** The partitions that hold at least one database, ascending. */
  public Future<List<Integer>> partitions() {
    return blocking.run(() -> {
      List<Integer> out = new ArrayList<>();
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(info(), read)) {
        for (it.seekToFirst(); it.isValid(); ) {
          int p = Keys.partition(it.key());
          out.add(p);
          if (p == Integer.MAX_VALUE) break;
          it.seek(Keys.partition(p + 1));
        }
      }
      return out;
    });
  }

  /** The path hashes of the partition's databases, in key order. */
  public Future<List<byte[]>> databases(int partition) {
    return blocking.run(() -> {
      byte[] start = Keys.partition(partition);
      List<byte[]> out = new ArrayList<>();
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(info(), read)) {
        for (it.seek(start); it.isValid() && Keys.startsWith(it.key(), start); it.next()) out.add(Keys.hash(it.key()));
      }
      return out;
    });
  }

  public Future<I> info(int partition, byte[] hash) {
    return blocking.run(() -> readInfo(Keys.entity(partition, hash)));
  }

  private I readInfo(byte[] entity) throws RocksDBException {
    return Json.decode(device.db().get(info(), entity), schema.infoType());
  }

  /**
   * Where a database stands: its id, the last sequence number it gave out and its hash (all zero
   * while it has never had a row). Two replicas with the same hash hold the same rows.
   */
  public record Position(long dbId, long maxSeq, String hash) {
  }

  public Future<Position> position(int partition, byte[] hash) {
    return blocking.run(() -> position(Keys.entity(partition, hash)));
  }

  private Position position(byte[] entity) throws RocksDBException {
    RowLog.State state = RowLog.State.decode(device.db().get(device.dbSync, entity));
    return new Position(state.dbId(), state.maxSeq(), state.hashHex());
  }

  /**
   * What a replica answers a sender's sync: its hash, and the highest sequence number of the
   * sender's database whose rows it has merged (the sender's sync point here).
   */
  public record SyncAnswer(String hash, long point) {
  }

  public Future<SyncAnswer> syncAnswer(int partition, byte[] hash, long senderDbId) {
    return blocking.run(() -> {
      RowLog.State state = RowLog.State.decode(device.db().get(device.dbSync, Keys.entity(partition, hash)));
      return new SyncAnswer(state.hashHex(), state.pointOf(senderDbId));
    });
  }

  /** Rows changed after a sync point, in the order they changed, and the sequence number the page reaches. */
  public record Page<R>(List<R> rows, long last) {
  }

  /** Up to {@code limit} rows (deleted ones included) written after sequence number {@code point}, oldest change first. */
  public Future<Page<R>> rowsSince(int partition, byte[] hash, long point, int limit) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      List<R> out = new ArrayList<>();
      long last = point;
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.dbLog, read)) {
        for (it.seek(RowLog.logKey(entity, point + 1)); it.isValid() && Keys.startsWith(it.key(), entity) && out.size() < limit;
            it.next()) {
          long seq = RowLog.logSeq(it.key());
          byte[] value = device.db().get(rows(), read, Keys.row(entity, it.value()));
          last = seq;
          // An entry whose row has moved on is left over from an interrupted upgrade: the row's own entry comes later.
          if (value != null && RowLog.seq(value) == seq) out.add(RowLog.row(value, schema.rowType()));
        }
      }
      return new Page<>(out, last);
    });
  }

  /**
   * Gives the rows of databases written before change logs existed their sequence numbers, log and
   * index entries and hash, one database per synced batch; the state goes in with its rows, so an
   * interrupted upgrade does that database again. Blocking: run once when the device opens.
   */
  void upgrade() throws RocksDBException {
    List<byte[]> legacy = new ArrayList<>();
    try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(info(), read)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (device.db().get(device.dbSync, it.key()) == null) legacy.add(it.key());
      }
    }
    for (byte[] entity : legacy) upgrade(entity);
  }

  private void upgrade(byte[] entity) throws RocksDBException {
    synchronized (stripes.of(Keys.hash(entity))) {
      try (WriteBatch batch = new WriteBatch(); ReadOptions read = new ReadOptions();
          RocksIterator it = device.db().newIterator(rows(), read)) {
        DbRowWriter<R> writer = new DbRowWriter<>(device, schema, entity, batch);
        for (it.seek(entity); it.isValid() && Keys.startsWith(it.key(), entity); it.next()) {
          writer.put(null, RowLog.row(it.value(), schema.rowType()));
        }
        if (!writer.changed()) return;
        writer.finish();
        device.db().write(device.syncWrite, batch);
      }
    }
  }

  /** Merges a peer's info row into the local one, creating the database if it is missing. */
  public Future<Merged<I>> mergeInfo(int partition, byte[] hash, I incoming) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      synchronized (stripes.of(hash)) {
        I old = readInfo(entity);
        I next = schema.mergeInfo(old, incoming);
        if (!next.equals(old)) device.db().put(info(), device.syncWrite, entity, Json.encode(next));
        return new Merged<>(old, next, schema.reportable(old, next));
      }
    });
  }

  /**
   * Merges a page of a peer's rows, each kept only if it wins over the local one, moves the stats
   * with them and records the sender's sync point, in one synced batch. Null when the database does
   * not exist here.
   */
  public Future<Merged<I>> mergeRows(int partition, byte[] hash, List<R> incoming, long senderDbId, long point) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      synchronized (stripes.of(hash)) {
        I before = readInfo(entity);
        if (before == null) return null;
        I info = before;
        try (WriteBatch batch = new WriteBatch()) {
          DbRowWriter<R> writer = new DbRowWriter<>(device, schema, entity, batch);
          for (R row : incoming) {
            DbRowWriter.Stored<R> old = writer.current(schema.name(row));
            R next = schema.mergeRow(old == null ? null : old.row(), row);
            if (next == null) continue;
            info = schema.applyRow(info, old == null ? null : old.row(), next);
            writer.put(old, next);
          }
          writer.accept(senderDbId, point);
          if (!writer.changed()) return new Merged<>(before, before, false);
          writer.finish();
          if (info != before) batch.put(info(), entity, Json.encode(info));
          device.db().write(device.syncWrite, batch);
        }
        return new Merged<>(before, info, schema.reportable(before, info));
      }
    });
  }

  /** Reclaims every partition of the device (see {@link #reclaim(int, Timestamp)}); the number dropped. */
  public Future<Integer> reclaim(Timestamp cutoff) {
    return partitions().compose(parts -> {
      Future<Integer> total = Future.succeededFuture(0);
      for (int p : parts) total = total.compose(n -> reclaim(p, cutoff).map(m -> n + m));
      return total;
    });
  }

  /**
   * Drops the partition's databases that are deleted and older than {@code cutoff}, and the
   * deleted rows older than it; the number of rows and databases dropped.
   */
  public Future<Integer> reclaim(int partition, Timestamp cutoff) {
    return databases(partition).compose(hashes -> blocking.run(() -> {
      int n = 0;
      for (byte[] hash : hashes) n += reclaim(Keys.entity(partition, hash), hash, cutoff);
      return n;
    }));
  }

  private int reclaim(byte[] entity, byte[] hash, Timestamp cutoff) throws RocksDBException {
    synchronized (stripes.of(hash)) {
      I info = readInfo(entity);
      if (info != null && schema.reclaimDb(info, cutoff)) {
        drop(entity);
        return 1;
      }
    }
    List<byte[]> old = new ArrayList<>();
    byte[] bound = RowLog.tombstoneBound(entity, cutoff);
    try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.dbTombstones, read)) {
      for (it.seek(entity); it.isValid() && Arrays.compareUnsigned(it.key(), bound) < 0; it.next()) old.add(it.key());
    }
    if (old.isEmpty()) return 0;
    int n = 0;
    synchronized (stripes.of(hash)) {
      try (WriteBatch batch = new WriteBatch()) {
        DbRowWriter<R> writer = new DbRowWriter<>(device, schema, entity, batch);
        for (byte[] key : old) {
          DbRowWriter.Stored<R> row = writer.current(RowLog.tombstoneName(key));
          if (row != null && schema.reclaimRow(row.row(), cutoff)) {
            writer.remove(row);
            n++;
          } else {
            batch.delete(device.dbTombstones, key);
          }
        }
        writer.finish();
        device.db().write(device.syncWrite, batch);
      }
    }
    return n;
  }

  /**
   * Removes a drained handoff database if its info row still equals {@code info} and it is still at
   * {@code position} (no row was written since it was pushed); true when removed.
   */
  public Future<Boolean> removeIfUnchanged(int partition, byte[] hash, I info, Position position) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      synchronized (stripes.of(hash)) {
        if (!info.equals(readInfo(entity)) || !position.equals(position(entity))) return false;
        drop(entity);
        return true;
      }
    });
  }

  private void drop(byte[] entity) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      batch.delete(info(), entity);
      batch.delete(device.dbSync, entity);
      byte[] end = Keys.successor(entity);
      batch.deleteRange(rows(), entity, end);
      batch.deleteRange(device.dbLog, entity, end);
      batch.deleteRange(device.dbTombstones, entity, end);
      device.db().write(device.syncWrite, batch);
    }
  }
}
