package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * One object body being written: chunks go to the chunk family as they arrive (not synced: the
 * commit's synced WAL write covers them), the MD5 and size accumulate, and commit writes the row.
 * Calls must not overlap: the caller waits for each append before the next.
 */
public final class ObjectUpload {
  private final ObjectStore store;
  private final Blocking blocking;
  private final ObjectKey key;
  private final Timestamp timestamp;
  private final int chunkSize;
  private final MessageDigest md5;
  private long size;
  private int chunks;

  ObjectUpload(ObjectStore store, Blocking blocking, ObjectKey key, Timestamp timestamp, int chunkSize) {
    this.store = store;
    this.blocking = blocking;
    this.key = key;
    this.timestamp = timestamp;
    this.chunkSize = chunkSize;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The size of a full chunk; every chunk but the last is exactly this long. */
  public int chunkSize() {
    return chunkSize;
  }

  /** Writes the next chunk (at most chunkSize bytes; only the last may be shorter). */
  public Future<Void> append(byte[] chunk) {
    if (chunk.length > chunkSize) throw new IllegalArgumentException("chunk larger than " + chunkSize);
    return blocking.run(() -> {
      DeviceDb d = store.device();
      d.db().put(d.chunks, d.bufferedWrite, Keys.chunk(key.entity(), timestamp, chunks), chunk);
      chunks++;
      md5.update(chunk);
      size += chunk.length;
      return null;
    });
  }

  public long size() {
    return size;
  }

  /** The body's MD5 in hex: the object's ETag. Valid once every append has completed. */
  public String etag() {
    try {
      return HexFormat.of().formatHex(((MessageDigest) md5.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes the object's row, synced, if this write is newer than what the device has; otherwise
   * drops the chunks and answers not applied.
   */
  public Future<WriteOutcome> commit(String contentType, Map<String, String> headers, long deleteAt) {
    return commit(contentType, headers, deleteAt, timestamp);
  }

  /**
   * A replicated write's commit: the row keeps the metadata timestamp of the copy it replicates
   * (a POST after the PUT), which may be newer than the data timestamp.
   */
  public Future<WriteOutcome> commit(String contentType, Map<String, String> headers, long deleteAt, Timestamp metaTimestamp) {
    Timestamp meta = metaTimestamp.isAfter(timestamp) ? metaTimestamp : timestamp;
    ObjectMeta row = new ObjectMeta(key.account(), key.container(), key.object(), timestamp, meta, false,
        contentType, size, etag(), deleteAt, chunkSize, chunks, headers);
    return blocking.run(() -> {
      try {
        WriteOutcome outcome = store.commit(key, row);
        if (!outcome.applied()) store.dropChunks(key, timestamp);
        return outcome;
      } finally {
        store.uploading(key, timestamp, false);
      }
    });
  }

  /** Drops whatever was written; the upload failed or was refused. */
  public Future<Void> abort() {
    return blocking.<Void>run(() -> {
      try {
        store.dropChunks(key, timestamp);
      } finally {
        store.uploading(key, timestamp, false);
      }
      return null;
    });
  }
}
