package io.stratus.objectserver.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The cache of a device's suffix hashes (Swift's {@code hashes.pkl} and {@code hashes.invalid}):
 * per partition, suffix to hash. A write marks its suffix invalid after it is in RocksDB; a lookup
 * recomputes the invalid suffixes (and those asked for) by scanning the partition. Invalid marks
 * are taken before the scan starts, so a write racing a scan stays marked for the next lookup.
 * Reclaim keeps its own marks ({@link #takeUnreclaimed}), so that a peer asking for hashes does not
 * take them away.
 */
final class SuffixHashes {

  /**
   * One partition's hashes (null until first computed) and its invalid suffixes; and for reclaim,
   * the suffixes written since its last look (null until its first, which looks at everything).
   */
  private static final class Part {
    Map<String, String> hashes;
    final Set<String> invalid = new HashSet<>();
    Set<String> unreclaimed;
  }

  private final Map<Integer, Part> parts = new HashMap<>();

  /** Marks the suffix of {@code hash} in {@code partition} as changed. */
  void invalidate(int partition, byte[] hash) {
    synchronized (this) {
      Part p = parts.get(partition);
      if (p == null) return;
      String suffix = Keys.suffix(hash);
      p.invalid.add(suffix);
      if (p.unreclaimed != null) p.unreclaimed.add(suffix);
    }
  }

  /**
   * The suffixes of the partition written since the last call, which reclaim should look at; null
   * the first time: everything. Taking them clears them.
   */
  Set<String> takeUnreclaimed(int partition) {
    synchronized (this) {
      Part p = parts.computeIfAbsent(partition, k -> new Part());
      Set<String> out = p.unreclaimed;
      p.unreclaimed = new HashSet<>();
      return out;
    }
  }

  /**
   * The partition's suffix hashes, recomputing invalid suffixes and {@code recalculate}.
   * {@code scan} computes the hashes of the given suffixes (null: every suffix) from the store.
   */
  Map<String, String> get(int partition, Collection<String> recalculate, Function<Set<String>, Map<String, String>> scan) {
    Part p;
    synchronized (this) {
      p = parts.computeIfAbsent(partition, k -> new Part());
    }
    synchronized (p) {
      Set<String> todo;
      synchronized (this) {
        todo = p.hashes == null ? null : new HashSet<>(p.invalid);
        if (todo != null) todo.addAll(recalculate);
        p.invalid.clear();
        if (todo != null && todo.isEmpty()) return new TreeMap<>(p.hashes);
      }
      Map<String, String> fresh = scan.apply(todo);
      synchronized (this) {
        if (p.hashes == null) {
          p.hashes = new TreeMap<>(fresh);
        } else {
          p.hashes.keySet().removeAll(todo);
          p.hashes.putAll(fresh);
        }
        return new TreeMap<>(p.hashes);
      }
    }
  }
}
