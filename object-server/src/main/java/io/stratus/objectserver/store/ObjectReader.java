package io.stratus.objectserver.store;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

/**
 * An object opened for reading: its row and its chunks as of one snapshot, so a newer write that
 * drops the old chunks does not cut a GET short. Reads must not overlap; close() waits for the
 * read in flight, then releases the snapshot.
 */
public final class ObjectReader {
  private final DeviceDb device;
  private final Blocking blocking;
  private final ObjectKey key;
  private final ObjectMeta meta;
  private final Snapshot snapshot;
  private final ReadOptions read;
  private Future<?> inFlight = Future.succeededFuture();
  private boolean closed;

  ObjectReader(DeviceDb device, Blocking blocking, ObjectKey key, ObjectMeta meta, Snapshot snapshot, ReadOptions read) {
    this.device = device;
    this.blocking = blocking;
    this.key = key;
    this.meta = meta;
    this.snapshot = snapshot;
    this.read = read;
  }

  /** The object's row as of the snapshot (null if none). */
  public ObjectMeta meta() {
    return meta;
  }

  /** Reads chunk {@code index} of the row's body. */
  public Future<byte[]> chunk(int index) {
    if (closed) return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE, "reader closed"));
    Future<byte[]> f = blocking.run(() -> {
      byte[] bytes = device.db().get(device.chunks, read, Keys.chunk(key.entity(), meta.dataTimestamp(), index));
      if (bytes == null) throw new StratusException(ErrorCode.UNAVAILABLE, "chunk " + index + " of " + key.object() + " is missing");
      return bytes;
    });
    inFlight = f;
    return f;
  }

  /** Releases the snapshot once the read in flight (if any) is done. Idempotent. */
  public void close() {
    if (closed) return;
    closed = true;
    inFlight.onComplete(ignored -> blocking.run(() -> {
      device.release(snapshot);
      read.close();
      return null;
    }));
  }
}
