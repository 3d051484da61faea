package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * What the auditor does to a device: walks object rows, reads body chunks (inline or from the body
 * file), quarantines an object whose body is bad (its row and chunks move to the {@code quarantined}
 * family, its body file to the quarantine directory, so the object is gone from GET, HEAD and its
 * suffix hash, and the replicator brings a good copy back), and drops orphan chunks and body files
 * that no committed row refers to (a write that never committed, a crash before an old body was
 * removed).
 */
public final class AuditStore {
  private static final byte ROW = 'o';
  private static final byte CHUNK = 'c';
  private static final int CHUNK_GROUP = Keys.PREFIX + Timestamp.BYTES;

  private final DeviceDb device;
  private final ObjectStore objects;
  private final Blocking blocking;

  AuditStore(DeviceDb device, ObjectStore objects) {
    this.device = device;
    this.objects = objects;
    this.blocking = objects.blocking();
  }

  /** Up to {@code limit} object rows after {@code after} (null: from the start), tombstones included. */
  public Future<List<StoredObject>> scan(StoredObject after, int limit) {
    return blocking.run(() -> {
      List<StoredObject> out = new ArrayList<>();
      byte[] from = after == null ? null : Keys.entity(after.partition(), after.hash());
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.objects, read)) {
        if (from == null) it.seekToFirst();
        else it.seek(from);
        for (; it.isValid() && out.size() < limit; it.next()) {
          if (from != null && Arrays.equals(it.key(), from)) continue;
          out.add(new StoredObject(Keys.partition(it.key()), Keys.hash(it.key()), Json.decode(it.value(), ObjectMeta.class)));
        }
      }
      return out;
    });
  }

  /** Chunk {@code index} of the object's body as stored now; null when it is missing (or short). */
  public Future<byte[]> chunk(StoredObject o, int index) {
    ObjectMeta m = o.meta();
    if (m.bodyFile() != null) {
      return blocking.run(() -> {
        try (FileChannel file = objects.bodies().open(o.partition(), m.bodyFile())) {
          if (file == null) return null;
          long position = (long) index * m.chunkSize();
          int length = (int) Math.min(m.chunkSize(), m.size() - position);
          byte[] bytes = BodyFiles.read(file, position, Math.max(0, length));
          return bytes.length == length ? bytes : null;
        }
      });
    }
    byte[] key = Keys.chunk(Keys.entity(o.partition(), o.hash()), m.dataTimestamp(), index);
    return blocking.run(() -> device.db().get(device.chunks, key));
  }

  /**
   * Moves the object out of the live key space if its row is still {@code o}'s; true if moved. All
   * under the object's stripe lock: the chunks move first, while the row still exists (so no write
   * at the same timestamp can start and mix its chunks in), then the row and its index entry go in
   * one synced batch. A crash in between leaves a row with missing chunks, which the next pass
   * quarantines again.
   */
  public Future<Boolean> quarantine(StoredObject o) {
    byte[] entity = Keys.entity(o.partition(), o.hash());
    return blocking.run(() -> {
      synchronized (objects.stripe(o.hash())) {
        ObjectMeta now = Json.decode(device.db().get(device.objects, entity), ObjectMeta.class);
        if (now == null || !now.equals(o.meta())) return false;
        moveChunks(Arrays.copyOf(Keys.chunk(entity, now.dataTimestamp(), 0), CHUNK_GROUP));
        if (now.bodyFile() != null) objects.bodies().quarantine(o.partition(), now.bodyFile());
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(device.quarantined, tagged(ROW, Keys.chunk(entity, now.dataTimestamp(), 0)), Json.encode(now));
          batch.delete(device.objects, entity);
          objects.index(batch, entity, now, null);
          device.db().write(device.syncWrite, batch);
        }
        objects.hashes().invalidate(o.partition(), o.hash());
        return true;
      }
    });
  }

  private void moveChunks(byte[] group) throws RocksDBException {
    try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.chunks, read)) {
      for (it.seek(group); it.isValid() && Keys.startsWith(it.key(), group); it.next()) {
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(device.quarantined, tagged(CHUNK, it.key()), it.value());
          batch.delete(device.chunks, it.key());
          device.db().write(device.bufferedWrite, batch);
        }
      }
    }
  }

  private static byte[] tagged(byte tag, byte[] key) {
    return ByteBuffer.allocate(1 + key.length).put(tag).put(key).array();
  }

  /** How many object rows are quarantined on the device. */
  public Future<Integer> quarantinedObjects() {
    return blocking.run(() -> {
      int n = 0;
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.quarantined, read)) {
        for (it.seek(new byte[] {ROW}); it.isValid() && it.key()[0] == ROW; it.next()) n++;
      }
      return n;
    });
  }

  /**
   * Drops chunk groups (one write's chunks) and body files that no committed live row refers to
   * and whose write timestamp is older than {@code cutoff}, skipping uploads in progress; the
   * number of groups and files.
   */
  public Future<Integer> cleanOrphans(Timestamp cutoff) {
    return blocking.run(() -> {
      int n = 0;
      for (int partition : objects.bodies().partitions()) {
        for (BodyFiles.Name f : objects.bodies().list(partition)) {
          if (orphan(f, cutoff) && dropIfOrphan(f, cutoff)) n++;
        }
      }
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.chunks, read)) {
        for (it.seekToFirst(); it.isValid(); ) {
          byte[] group = Arrays.copyOf(it.key(), CHUNK_GROUP);
          if (orphan(group, cutoff) && dropIfOrphan(group, cutoff)) n++;
          byte[] next = Keys.successor(group);
          if (next == null) break;
          it.seek(next);
        }
      }
      return n;
    });
  }

  private boolean orphan(byte[] group, Timestamp cutoff) throws RocksDBException {
    Timestamp ts = Timestamp.fromBytes(group, Keys.PREFIX);
    if (!cutoff.isAfter(ts) || objects.isUploading(group)) return false;
    ObjectMeta meta = Json.decode(device.db().get(device.objects, Arrays.copyOf(group, Keys.PREFIX)), ObjectMeta.class);
    return meta == null || meta.deleted() || !meta.dataTimestamp().equals(ts);
  }

  private boolean orphan(BodyFiles.Name f, Timestamp cutoff) throws RocksDBException {
    byte[] entity = Keys.entity(f.partition(), f.hash());
    if (!cutoff.isAfter(f.timestamp()) || objects.isUploading(Keys.chunk(entity, f.timestamp(), 0))) return false;
    ObjectMeta meta = Json.decode(device.db().get(device.objects, entity), ObjectMeta.class);
    return meta == null || meta.deleted() || !f.name().equals(meta.bodyFile());
  }

  private boolean dropIfOrphan(BodyFiles.Name f, Timestamp cutoff) throws RocksDBException, IOException {
    synchronized (objects.stripe(f.hash())) {
      return orphan(f, cutoff) && objects.bodies().delete(f.partition(), f.name());
    }
  }

  private boolean dropIfOrphan(byte[] group, Timestamp cutoff) throws RocksDBException {
    synchronized (objects.stripe(Keys.hash(group))) {
      if (!orphan(group, cutoff)) return false;
      device.db().deleteRange(device.chunks, group, Keys.successor(group));
      return true;
    }
  }

  /**
   * Replaces (or, with null, deletes: a body file is cut short there) one stored chunk of the
   * object's current body: the damage a bad disk does, for tests and fault drills.
   */
  public Future<Void> damageChunk(ObjectKey key, int index, byte[] bytes) {
    return blocking.run(() -> {
      ObjectMeta meta = Json.decode(device.db().get(device.objects, key.entity()), ObjectMeta.class);
      if (meta == null) return null;
      if (meta.bodyFile() != null) {
        long position = (long) index * meta.chunkSize();
        try (FileChannel file = FileChannel.open(objects.bodies().path(key.partition(), meta.bodyFile()),
            StandardOpenOption.WRITE)) {
          if (bytes == null) file.truncate(position);
          else file.write(ByteBuffer.wrap(bytes), position);
        }
        return null;
      }
      byte[] chunkKey = Keys.chunk(key.entity(), meta.dataTimestamp(), index);
      if (bytes == null) device.db().delete(device.chunks, chunkKey);
      else device.db().put(device.chunks, chunkKey, bytes);
      return null;
    });
  }
}
