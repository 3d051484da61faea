package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * A device's objects: metadata rows and body chunks. The newest X-Timestamp wins; a write is
 * checked and committed under the object's stripe lock, in one WriteBatch synced to the WAL, and
 * the same batch drops every chunk of older timestamps. Bodies are written chunk by chunk
 * ({@link ObjectUpload}) and read chunk by chunk from a snapshot ({@link ObjectReader}).
 */
public final class ObjectStore {
  private final DeviceDb device;
  private final Blocking blocking;
  private final StoreOptions options;
  private final Stripes stripes = new Stripes(1024);

  public ObjectStore(DeviceDb device, WorkerExecutor executor, StoreOptions options) {
    this.device = device;
    this.blocking = new Blocking(executor, device);
    this.options = options;
  }

  /** The object's row, a tombstone included; null if the device has never seen it (or reclaimed it). */
  public Future<ObjectMeta> head(ObjectKey key) {
    return blocking.run(() -> read(key));
  }

  private ObjectMeta read(ObjectKey key) throws RocksDBException {
    return Json.decode(device.db().get(device.objects, key.entity()), ObjectMeta.class);
  }

  /** Starts a body upload for a write at {@code ts}; nothing is visible until commit. */
  public ObjectUpload upload(ObjectKey key, Timestamp ts) {
    return new ObjectUpload(this, blocking, key, ts, options.chunkSize());
  }

  /** Writes a tombstone if {@code ts} is newer than the object's data timestamp. */
  public Future<WriteOutcome> delete(ObjectKey key, Timestamp ts) {
    return blocking.run(() -> {
      synchronized (stripes.of(key.hash())) {
        ObjectMeta previous = read(key);
        if (previous != null && !ts.isAfter(previous.dataTimestamp())) return new WriteOutcome(false, previous);
        write(key, ObjectMeta.tombstone(key, ts));
        return new WriteOutcome(true, previous);
      }
    });
  }

  /** Replaces the object's metadata if it exists, is live and {@code ts} is newer than its timestamp. */
  public Future<WriteOutcome> post(ObjectKey key, Timestamp ts, UnaryOperator<Map<String, String>> headers, long deleteAt) {
    return blocking.run(() -> {
      synchronized (stripes.of(key.hash())) {
        ObjectMeta previous = read(key);
        if (previous == null || previous.deleted() || !ts.isAfter(previous.timestamp())) {
          return new WriteOutcome(false, previous);
        }
        ObjectMeta next = previous.withPost(ts, headers.apply(previous.headers()), deleteAt);
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(device.objects, key.entity(), Json.encode(next));
          device.db().write(device.syncWrite, batch);
        }
        return new WriteOutcome(true, previous);
      }
    });
  }

  /** Opens the object for reading from a consistent snapshot; close the reader when done. */
  public Future<ObjectReader> open(ObjectKey key) {
    return blocking.run(() -> {
      org.rocksdb.Snapshot snapshot = device.snapshot();
      ReadOptions read = new ReadOptions().setSnapshot(snapshot);
      ObjectMeta meta = Json.decode(device.db().get(device.objects, read, key.entity()), ObjectMeta.class);
      return new ObjectReader(device, blocking, key, meta, snapshot, read);
    });
  }

  /** Number of chunk entries the device holds for the object, at any timestamp (for checks and tests). */
  public Future<Integer> chunkEntries(ObjectKey key) {
    return blocking.run(() -> {
      byte[] prefix = key.entity();
      int n = 0;
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.chunks, read)) {
        for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) n++;
      }
      return n;
    });
  }

  /** Drops tombstones older than {@code cutoff}; returns how many. */
  public Future<Integer> reclaim(Timestamp cutoff) {
    return blocking.run(() -> {
      int n = 0;
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.objects, read)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          ObjectMeta meta = Json.decode(it.value(), ObjectMeta.class);
          if (meta.deleted() && cutoff.isAfter(meta.dataTimestamp()) && reclaimOne(it.key(), meta)) n++;
        }
      }
      return n;
    });
  }

  private boolean reclaimOne(byte[] entity, ObjectMeta seen) throws RocksDBException {
    byte[] hash = java.util.Arrays.copyOfRange(entity, 4, Keys.PREFIX);
    synchronized (stripes.of(hash)) {
      ObjectMeta now = Json.decode(device.db().get(device.objects, entity), ObjectMeta.class);
      if (now == null || !now.equals(seen)) return false;
      device.db().delete(device.objects, entity);
      return true;
    }
  }

  /**
   * Commits an upload's row if it is newer than the device's; called by {@link ObjectUpload} on a
   * worker thread.
   */
  WriteOutcome commit(ObjectKey key, ObjectMeta meta) throws RocksDBException {
    synchronized (stripes.of(key.hash())) {
      ObjectMeta previous = read(key);
      if (previous != null && !meta.dataTimestamp().isAfter(previous.dataTimestamp())) {
        return new WriteOutcome(false, previous);
      }
      write(key, meta);
      return new WriteOutcome(true, previous);
    }
  }

  /** Puts the row and drops the chunks of every older timestamp, synced. Caller holds the stripe. */
  private void write(ObjectKey key, ObjectMeta meta) throws RocksDBException {
    byte[] entity = key.entity();
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(device.objects, entity, Json.encode(meta));
      batch.deleteRange(device.chunks, Keys.chunk(entity, Timestamp.ZERO, 0), Keys.chunk(entity, meta.dataTimestamp(), 0));
      device.db().write(device.syncWrite, batch);
    }
  }

  /** Removes the chunks an upload wrote at {@code ts} (an upload that will not commit). */
  void dropChunks(ObjectKey key, Timestamp ts) throws RocksDBException {
    byte[] entity = key.entity();
    device.db().deleteRange(device.chunks, Keys.chunk(entity, ts, 0), Keys.chunk(entity, ts.withOffset(ts.offset() + 1), 0));
  }

  DeviceDb device() {
    return device;
  }
}
