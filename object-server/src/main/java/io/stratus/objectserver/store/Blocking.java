package io.stratus.objectserver.store;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import org.rocksdb.RocksDBException;

/**
 * Runs store calls inside the device's lifecycle lock: on the named worker pool, never the event
 * loop; or, for reads that cannot touch the disk, on the caller's thread ({@link #cached}).
 */
final class Blocking {

  /** A store call that may fail with RocksDB's or a body file's checked exception. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws RocksDBException, IOException;
  }

  private final WorkerExecutor executor;
  private final DeviceDb device;

  Blocking(WorkerExecutor executor, DeviceDb device) {
    this.executor = executor;
    this.device = device;
  }

  <T> Future<T> run(Call<T> call) {
    return executor.executeBlocking(() -> now(call), false);
  }

  /** Runs the call on this thread (already a worker). */
  <T> T now(Call<T> call) {
    device.enter();
    try {
      return call.run();
    } catch (RocksDBException | IOException e) {
      throw failed(e);
    } finally {
      device.exit();
    }
  }

  /** What a cache-only call found (null itself: the call would have needed the disk). */
  record Cached<T>(T value) {
  }

  /**
   * Runs reads that use only RocksDB's memtables and block cache (read tier BLOCK_CACHE_TIER), on
   * this thread: they never wait for the disk, so an event loop may run them and a hot object needs
   * no trip to the workers. Null when a read would have needed I/O (RocksDB's Incomplete: the
   * caller then goes to the workers) or the device is closing.
   */
  <T> Cached<T> cached(Call<T> reads) {
    try {
      device.enter();
    } catch (StratusException closing) {
      return null;
    }
    try {
      return new Cached<>(reads.run());
    } catch (RocksDBException e) {
      if (e.getStatus() != null && e.getStatus().getCode() == org.rocksdb.Status.Code.Incomplete) return null;
      throw failed(e);
    } catch (IOException e) {
      throw failed(e);
    } finally {
      device.exit();
    }
  }

  private StratusException failed(Exception e) {
    return new StratusException(ErrorCode.UNAVAILABLE, "Device " + device.name() + " failed: " + e, e);
  }
}
