package io.stratus.objectserver.store;

import java.time.Duration;

/**
 * How a device stores data: body chunk size, the value size above which RocksDB puts a value in a
 * blob file, and how long tombstones are kept.
 */
public record StoreOptions(int chunkSize, long minBlobSize, Duration reclaimAge) {
  public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

  public static StoreOptions defaults() {
    return new StoreOptions(DEFAULT_CHUNK_SIZE, 4096, Duration.ofDays(7));
  }
}
