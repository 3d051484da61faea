package io.stratus.objectserver.store;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import org.rocksdb.RocksDBException;

/** Runs store calls on the named worker pool, never the event loop, inside the device's lifecycle lock. */
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
      throw new StratusException(ErrorCode.UNAVAILABLE, "Device " + device.name() + " failed: " + e, e);
    } finally {
      device.exit();
    }
  }
}
