package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * A device's container or account databases as the db replicator sees them (Swift's
 * {@code db_replicator} over a broker): which partitions and databases the device holds, digests
 * of a database's rows (all of them, or a name range), pages of rows, merges of a peer's info and
 * rows, reclaim, and removal of a drained handoff copy. Writes take the same stripe locks as the
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

  /** The name a row is listed and keyed under. */
  public String name(R row) {
    return schema.name(row);
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

  /** The digest of every row of the database (deleted rows included), in name order. */
  public Future<String> digest(int partition, byte[] hash) {
    return blocking.run(() -> scanDigest(Keys.entity(partition, hash), null, null));
  }

  /** The digest of the rows with {@code after < name <= upto} ({@code after} null: from the first). */
  public Future<String> rangeDigest(int partition, byte[] hash, String after, String upto) {
    return blocking.run(() -> scanDigest(Keys.entity(partition, hash), after, upto));
  }

  private String scanDigest(byte[] entity, String after, String upto) throws RocksDBException {
    MessageDigest md = md5();
    byte[] hi = upto == null ? null : Keys.row(entity, upto);
    try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(rows(), read)) {
      for (seekAfter(it, entity, after); it.isValid() && Keys.startsWith(it.key(), entity); it.next()) {
        if (hi != null && Arrays.compareUnsigned(it.key(), hi) > 0) break;
        update(md, Json.decode(it.value(), schema.rowType()));
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The digest of a page of rows in name order, as {@link #rangeDigest} computes it from the store. */
  public String digestOf(List<R> page) {
    MessageDigest md = md5();
    page.forEach(r -> update(md, r));
    return HexFormat.of().formatHex(md.digest());
  }

  private void update(MessageDigest md, R row) {
    md.update(schema.name(row).getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
    md.update(schema.digestEntry(row).getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
  }

  private static void seekAfter(RocksIterator it, byte[] entity, String after) {
    if (after == null) {
      it.seek(entity);
      return;
    }
    byte[] from = Keys.row(entity, after);
    it.seek(from);
    if (it.isValid() && Arrays.equals(it.key(), from)) it.next();
  }

  /** Up to {@code limit} rows (deleted ones included) with names after {@code after}, in name order. */
  public Future<List<R>> rows(int partition, byte[] hash, String after, int limit) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      List<R> out = new ArrayList<>();
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(rows(), read)) {
        for (seekAfter(it, entity, after); it.isValid() && Keys.startsWith(it.key(), entity) && out.size() < limit; it.next()) {
          out.add(Json.decode(it.value(), schema.rowType()));
        }
      }
      return out;
    });
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
   * Merges a page of a peer's rows, each kept only if it wins over the local one, and moves the
   * stats with them, in one synced batch. Null when the database does not exist here.
   */
  public Future<Merged<I>> mergeRows(int partition, byte[] hash, List<R> incoming) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      synchronized (stripes.of(hash)) {
        I before = readInfo(entity);
        if (before == null) return null;
        I info = before;
        try (WriteBatch batch = new WriteBatch()) {
          for (R row : incoming) {
            byte[] key = Keys.row(entity, schema.name(row));
            R old = Json.decode(device.db().get(rows(), key), schema.rowType());
            R next = schema.mergeRow(old, row);
            if (next == null) continue;
            batch.put(rows(), key, Json.encode(next));
            info = schema.applyRow(info, old, next);
          }
          if (batch.count() == 0) return new Merged<>(before, before, false);
          batch.put(info(), entity, Json.encode(info));
          device.db().write(device.syncWrite, batch);
        }
        return new Merged<>(before, info, schema.reportable(before, info));
      }
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
    int n = 0;
    try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(rows(), read)) {
      for (it.seek(entity); it.isValid() && Keys.startsWith(it.key(), entity); it.next()) {
        R row = Json.decode(it.value(), schema.rowType());
        if (!schema.reclaimRow(row, cutoff)) continue;
        synchronized (stripes.of(hash)) {
          R now = Json.decode(device.db().get(rows(), it.key()), schema.rowType());
          if (row.equals(now)) {
            device.db().delete(rows(), device.syncWrite, it.key());
            n++;
          }
        }
      }
    }
    return n;
  }

  /**
   * Removes a drained handoff database if its info row still equals {@code info} and its rows
   * still have {@code digest} (nothing was written since it was pushed); true when removed.
   */
  public Future<Boolean> removeIfUnchanged(int partition, byte[] hash, I info, String digest) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      synchronized (stripes.of(hash)) {
        if (!info.equals(readInfo(entity)) || !digest.equals(scanDigest(entity, null, null))) return false;
        drop(entity);
        return true;
      }
    });
  }

  private void drop(byte[] entity) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      batch.delete(info(), entity);
      batch.deleteRange(rows(), entity, Keys.successor(entity));
      device.db().write(device.syncWrite, batch);
    }
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
