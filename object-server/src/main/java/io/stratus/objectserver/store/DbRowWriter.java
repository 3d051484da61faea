package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One batch of changes to one container's or account's rows, made under its stripe lock: each
 * changed row gets the database's next sequence number and moves the database's hash, its log entry
 * and deleted-row index entry follow it ({@link RowLog}), and {@link #finish} adds the new state to
 * the batch. The caller writes the batch.
 *
 * @param <R> a listing row
 */
final class DbRowWriter<R> {

  /** A row as stored, and the sequence number it was written under (0: before rows had one). */
  record Stored<R>(R row, long seq) {
  }

  private final DeviceDb device;
  private final DbSchema<?, R> schema;
  private final byte[] entity;
  private final WriteBatch batch;
  private final RowLog.State before;
  private RowLog.State state;
  private final Map<String, Stored<R>> written = new HashMap<>();

  DbRowWriter(DeviceDb device, DbSchema<?, R> schema, byte[] entity, WriteBatch batch) throws RocksDBException {
    this.device = device;
    this.schema = schema;
    this.entity = entity;
    this.batch = batch;
    this.before = RowLog.State.decode(device.db().get(device.dbSync, entity));
    this.state = before;
  }

  /** The row now stored under {@code name}, this batch's writes included; null if none. */
  Stored<R> current(String name) throws RocksDBException {
    Stored<R> mine = written.get(name);
    if (mine != null) return mine;
    byte[] value = device.db().get(schema.rowFamily(device), Keys.row(entity, name));
    return value == null ? null : new Stored<>(RowLog.row(value, schema.rowType()), RowLog.seq(value));
  }

  /** Replaces {@code old} (null: none) by {@code next}, under a new sequence number. */
  void put(Stored<R> old, R next) {
    String name = schema.name(next);
    writable();
    if (old != null) forget(name, old);
    long seq = state.maxSeq() + 1;
    state = state.withMaxSeq(seq);
    batch(() -> {
      batch.put(schema.rowFamily(device), Keys.row(entity, name), RowLog.value(seq, Json.encode(next)));
      batch.put(device.dbLog, RowLog.logKey(entity, seq), name.getBytes(StandardCharsets.UTF_8));
      Timestamp deletedAt = schema.deletedAt(next);
      if (deletedAt != null) batch.put(device.dbTombstones, RowLog.tombstoneKey(entity, deletedAt, name), new byte[0]);
    });
    RowLog.xor(state.hash(), RowLog.rowHash(name, schema.digestEntry(next)));
    written.put(name, new Stored<>(next, seq));
  }

  /** Removes a row (a reclaimed deleted row). */
  void remove(Stored<R> old) {
    String name = schema.name(old.row());
    writable();
    forget(name, old);
    batch(() -> batch.delete(schema.rowFamily(device), Keys.row(entity, name)));
    written.remove(name);
  }

  /** Records that the sender's rows up to {@code point} are merged here. */
  void accept(long senderDbId, long point) {
    if (senderDbId == 0 || point <= state.pointOf(senderDbId)) return;
    writable();
    state.accept(senderDbId, point);
  }

  /** True when this batch changed a row or a sync point. */
  boolean changed() {
    return state != before;
  }

  /** Adds the new replication state to the batch, if anything changed. */
  void finish() {
    if (changed()) batch(() -> batch.put(device.dbSync, entity, state.encode()));
  }

  /** Takes the old version's log entry, index entry and share of the hash away. */
  private void forget(String name, Stored<R> old) {
    batch(() -> {
      if (old.seq() > 0) batch.delete(device.dbLog, RowLog.logKey(entity, old.seq()));
      Timestamp deletedAt = schema.deletedAt(old.row());
      if (deletedAt != null) batch.delete(device.dbTombstones, RowLog.tombstoneKey(entity, deletedAt, name));
    });
    RowLog.xor(state.hash(), RowLog.rowHash(name, schema.digestEntry(old.row())));
  }

  private void writable() {
    if (state == before) state = before.forWriting();
  }

  /** A WriteBatch call (its RocksDBException is a failed device, like every other store call's). */
  @FunctionalInterface
  private interface BatchCall {
    void run() throws RocksDBException;
  }

  private static void batch(BatchCall call) {
    try {
      call.run();
    } catch (RocksDBException e) {
      throw new IllegalStateException("Cannot add to a write batch: " + e.getMessage(), e);
    }
  }
}
