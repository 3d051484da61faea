package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A device's objects seen partition by partition, as the replicator needs them: which partitions
 * the device holds, their suffix hashes (Swift's {@code get_hashes}), the objects of some suffixes,
 * tombstone reclaim, and removal of a drained handoff copy.
 */
public final class PartitionStore {
  private final DeviceDb device;
  private final ObjectStore objects;
  private final Blocking blocking;

  PartitionStore(DeviceDb device, ObjectStore objects) {
    this.device = device;
    this.objects = objects;
    this.blocking = objects.blocking();
  }

  /** The partitions that hold at least one object row, ascending. */
  public Future<List<Integer>> partitions() {
    return blocking.run(() -> {
      List<Integer> out = new ArrayList<>();
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.objects, read)) {
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

  /**
   * The partition's suffix hashes: suffix (3 hex digits) to the MD5 of its objects' names,
   * timestamps and states. Suffixes written since the last call and those in {@code recalculate}
   * are computed again; the rest come from the cache.
   */
  public Future<Map<String, String>> hashes(int partition, Collection<String> recalculate) {
    return blocking.run(() -> objects.hashes().get(partition, recalculate, todo -> {
      try {
        return compute(partition, todo);
      } catch (RocksDBException e) {
        throw new IllegalStateException(e);
      }
    }));
  }

  private Map<String, String> compute(int partition, Set<String> suffixes) throws RocksDBException {
    return hashesOf(scan(partition, suffixes));
  }

  /** The suffix hashes of a list of objects, as {@link #hashes} computes them from the store. */
  public static Map<String, String> hashesOf(List<StoredObject> objects) {
    Map<String, MessageDigest> digests = new HashMap<>();
    for (StoredObject o : objects) {
      ObjectMeta m = o.meta();
      String entry = o.hashHex() + m.dataTimestamp().internal() + (m.deleted() ? ".ts" : ".data")
          + (m.metaTimestamp().equals(m.dataTimestamp()) ? "" : m.metaTimestamp().internal() + ".meta");
      digests.computeIfAbsent(o.suffix(), s -> md5()).update(entry.getBytes(StandardCharsets.US_ASCII));
    }
    Map<String, String> out = new HashMap<>();
    digests.forEach((suffix, md) -> out.put(suffix, HexFormat.of().formatHex(md.digest())));
    return out;
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The object rows (tombstones included) of the partition's {@code suffixes} (null: all), in key order. */
  public Future<List<StoredObject>> objects(int partition, Set<String> suffixes) {
    return blocking.run(() -> scan(partition, suffixes));
  }

  private List<StoredObject> scan(int partition, Set<String> suffixes) throws RocksDBException {
    byte[] start = Keys.partition(partition);
    List<StoredObject> out = new ArrayList<>();
    try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.objects, read)) {
      for (it.seek(start); it.isValid() && Keys.startsWith(it.key(), start); it.next()) {
        byte[] hash = Keys.hash(it.key());
        if (suffixes != null && !suffixes.contains(Keys.suffix(hash))) continue;
        out.add(new StoredObject(partition, hash, Json.decode(it.value(), ObjectMeta.class)));
      }
    }
    return out;
  }

  /**
   * Drops the partition's tombstones older than {@code cutoff} among the objects whose suffix hash
   * was written since the last look (Swift reclaims while hashing): all of them the first time,
   * then those of the suffixes written since, so a pass costs what changed. The storage node's periodic
   * reclaim looks at everything.
   */
  public Future<Integer> reclaim(int partition, Timestamp cutoff) {
    return blocking.run(() -> {
      Set<String> suffixes = objects.hashes().takeUnreclaimed(partition);
      return suffixes != null && suffixes.isEmpty() ? 0 : objects.reclaim(partition, suffixes, cutoff);
    });
  }

  /**
   * Removes objects the primaries now hold (a drained handoff), each only if its row is still the
   * one replicated; the number removed.
   */
  public Future<Integer> remove(List<StoredObject> replicated) {
    return blocking.run(() -> {
      int n = 0;
      for (StoredObject o : replicated) {
        if (objects.removeIfUnchanged(Keys.entity(o.partition(), o.hash()), o.meta())) n++;
      }
      return n;
    });
  }
}
