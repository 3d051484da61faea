package io.stratus.objectserver.store;

import java.time.Duration;

/**
 * How a device stores data: body chunk size (the unit of reads and writes), the largest body kept
 * inline in RocksDB (larger ones go to a body file), and how long tombstones are kept.
 */
public record StoreOptions(int chunkSize, long inlineLimit, Duration reclaimAge) {
  public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
  public static final long DEFAULT_INLINE_LIMIT = 64 << 10;

  public static StoreOptions defaults() {
    return new StoreOptions(DEFAULT_CHUNK_SIZE, DEFAULT_INLINE_LIMIT, Duration.ofDays(7));
  }
}
