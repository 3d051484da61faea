package io.stratus.objectserver.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/** A window scan over one container's or account's listing rows, in either direction, live rows only. */
final class RowScan {
  private RowScan() {
  }

  static <R> List<R> scan(RocksDB db, ColumnFamilyHandle cf, byte[] entity, byte[] lower, boolean inclusive, byte[] upper,
      boolean reverse, int limit, BiFunction<byte[], byte[], R> decode, Predicate<R> live) {
    byte[] lo = lower == null ? entity : Keys.row(entity, lower);
    byte[] hi = upper == null ? Keys.successor(entity) : Keys.row(entity, upper);
    boolean loInclusive = lower == null || inclusive;
    List<R> out = new ArrayList<>();
    try (ReadOptions read = new ReadOptions(); RocksIterator it = db.newIterator(cf, read)) {
      if (reverse) {
        if (hi == null) it.seekToLast();
        else it.seekForPrev(hi);
      } else {
        it.seek(lo);
      }
      for (; it.isValid() && out.size() < limit; step(it, reverse)) {
        byte[] key = it.key();
        if (!Keys.startsWith(key, entity)) break;
        int toHi = hi == null ? -1 : Arrays.compareUnsigned(key, hi);
        int toLo = Arrays.compareUnsigned(key, lo);
        if (toHi >= 0) {
          if (reverse) continue;
          break;
        }
        if (toLo < 0 || (toLo == 0 && !loInclusive)) {
          if (reverse) break;
          continue;
        }
        R row = decode.apply(key, it.value());
        if (live.test(row)) out.add(row);
      }
    }
    return out;
  }

  private static void step(RocksIterator it, boolean reverse) {
    if (reverse) it.prev();
    else it.next();
  }
}
