package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One object body being written. While the body is at most the inline limit its chunks are held in
 * memory and go into RocksDB with the row, in one synced batch (one WAL write per small PUT). Once
 * it grows past the limit, everything goes to a new body file, appended on the store's workers;
 * commit makes the file durable (fdatasync, then its directory), then commits the row that names
 * it, synced. The MD5 and size accumulate on the way. Calls must not overlap: the caller waits for
 * each append before the next.
 */
public final class ObjectUpload {
  private final ObjectStore store;
  private final Blocking blocking;
  private final ObjectKey key;
  private final Timestamp timestamp;
  private final int chunkSize;
  private final long inlineLimit;
  private final MessageDigest md5;
  private List<byte[]> held = new ArrayList<>();
  private String fileName;
  private FileChannel file;
  private long size;
  private int chunks;

  ObjectUpload(ObjectStore store, Blocking blocking, ObjectKey key, Timestamp timestamp, StoreOptions options) {
    this.store = store;
    this.blocking = blocking;
    this.key = key;
    this.timestamp = timestamp;
    this.chunkSize = options.chunkSize();
    this.inlineLimit = options.inlineLimit();
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

  /**
   * Takes the next chunk (at most chunkSize bytes; only the last may be shorter): kept in memory
   * while the body fits inline, else written to the body file on a worker.
   */
  public Future<Void> append(byte[] chunk) {
    if (chunk.length > chunkSize) throw new IllegalArgumentException("chunk larger than " + chunkSize);
    if (file == null && size + chunk.length <= inlineLimit) {
      md5.update(chunk);
      held.add(chunk);
      size += chunk.length;
      chunks++;
      return Future.succeededFuture();
    }
    return blocking.run(() -> {
      if (file == null) spill();
      write(chunk);
      md5.update(chunk);
      size += chunk.length;
      chunks++;
      return null;
    });
  }

  /** Opens the body file and moves the chunks held so far into it. */
  private void spill() throws IOException {
    String name = BodyFiles.newName(key, timestamp);
    file = store.bodies().create(key.partition(), name);
    fileName = name;
    for (byte[] c : held) write(c);
    held = List.of();
  }

  private void write(byte[] chunk) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(chunk);
    while (buf.hasRemaining()) file.write(buf);
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
   * drops the body and answers not applied.
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
        contentType, size, etag(), deleteAt, chunkSize, chunks, headers, fileName);
    return blocking.run(() -> {
      try {
        if (file != null) {
          store.bodies().makeDurable(file, key.partition());
          closeFile();
        }
        WriteOutcome outcome = store.commit(key, row, held);
        if (!outcome.applied()) dropFile();
        return outcome;
      } catch (RuntimeException | IOException | org.rocksdb.RocksDBException e) {
        dropFile();
        throw e;
      } finally {
        store.uploading(key, timestamp, false);
      }
    });
  }

  /** Drops whatever was written; the upload failed or was refused. */
  public Future<Void> abort() {
    if (fileName == null) {
      store.uploading(key, timestamp, false);
      return Future.succeededFuture();
    }
    return blocking.<Void>run(() -> {
      try {
        dropFile();
      } finally {
        store.uploading(key, timestamp, false);
      }
      return null;
    });
  }

  private void closeFile() throws IOException {
    if (file == null) return;
    FileChannel f = file;
    file = null;
    f.close();
  }

  private void dropFile() throws IOException {
    closeFile();
    if (fileName != null) store.bodies().delete(key.partition(), fileName);
  }
}
