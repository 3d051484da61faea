package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * A device's async pendings: updates to container or account servers that failed and that the
 * updater sends again. Keys: partition | hash of the source | timestamp of the write (or none, for
 * a stats report that a newer report replaces) | target node.
 */
public final class PendingStore {
  /** A stored pending update and its key. */
  public record Pending(byte[] key, byte[] value, PendingUpdate update) {
  }

  private final DeviceDb device;
  private final Blocking blocking;
  private final Object lock = new Object();

  public PendingStore(DeviceDb device, WorkerExecutor executor) {
    this.device = device;
    this.blocking = new Blocking(executor, device);
  }

  /**
   * Records an update for the source {@code (partition, hash)}. With a timestamp, one row per write
   * and node; without, one row per source and node, replaced by the next.
   */
  public Future<Void> add(int partition, byte[] hash, Timestamp ts, PendingUpdate update) {
    byte[] node = update.node().getBytes(StandardCharsets.UTF_8);
    ByteBuffer key = ByteBuffer.allocate(Keys.PREFIX + 1 + Timestamp.BYTES + node.length).put(Keys.entity(partition, hash));
    if (ts == null) key.put((byte) 'r');
    else key.put((byte) 'w').putLong(ts.ticks()).putLong(ts.offset());
    key.put(node);
    byte[] k = Arrays.copyOf(key.array(), key.position());
    byte[] v = Json.encode(update);
    return blocking.run(() -> {
      synchronized (lock) {
        device.db().put(device.pendings, device.syncWrite, k, v);
      }
      return null;
    });
  }

  /** Up to {@code limit} pendings with keys after {@code after} (null: from the start). */
  public Future<List<Pending>> scan(byte[] after, int limit) {
    return blocking.run(() -> {
      List<Pending> out = new ArrayList<>();
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.pendings, read)) {
        if (after == null) it.seekToFirst();
        else it.seek(after);
        for (; it.isValid() && out.size() < limit; it.next()) {
          if (after != null && Arrays.equals(it.key(), after)) continue;
          out.add(new Pending(it.key(), it.value(), Json.decode(it.value(), PendingUpdate.class)));
        }
      }
      return out;
    });
  }

  /** Deletes the pending if it still holds {@code value} (a newer report may have replaced it). */
  public Future<Boolean> remove(Pending pending) {
    return blocking.run(() -> {
      synchronized (lock) {
        byte[] now = device.db().get(device.pendings, pending.key());
        if (now == null || !Arrays.equals(now, pending.value())) return false;
        device.db().delete(device.pendings, device.syncWrite, pending.key());
        return true;
      }
    });
  }

  public Future<Integer> count() {
    return blocking.run(() -> {
      int n = 0;
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.pendings, read)) {
        for (it.seekToFirst(); it.isValid(); it.next()) n++;
      }
      return n;
    });
  }
}
