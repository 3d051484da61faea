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
import java.util.zip.CRC32C;

/**
 * One object body being written, block by block ({@link #block()}, {@link #write}): direct buffers
 * of one chunk each, filled by the caller on its event loop and written here on the store's
 * workers. While the body is at most the inline limit its chunks are held in memory and go into
 * RocksDB with the row, in one synced batch (one WAL write per small PUT). Once it grows past the
 * limit, everything goes to a new body file (direct I/O where the file system allows it: whole
 * aligned blocks, the last one padded and the file cut back to the body's length); commit makes the
 * file durable (fdatasync, then its directory), then commits the row that names it, synced. The MD5
 * and size accumulate on the way — or, when the sender has hashed the body already (the gateway
 * does, once for all replicas), only a CRC32C that must match the sender's before its ETag is
 * taken. Writes must not overlap: the caller waits for each before the next.
 */
public final class ObjectUpload {
  private final ObjectStore store;
  private final Blocking blocking;
  private final ObjectKey key;
  private final Timestamp timestamp;
  private final int chunkSize;
  private final long inlineLimit;
  private final MessageDigest md5;
  private final CRC32C crc;
  private String senderEtag;
  private List<byte[]> held = new ArrayList<>();
  private String fileName;
  private FileChannel file;
  private boolean direct;
  private long size;
  private int chunks;

  ObjectUpload(ObjectStore store, Blocking blocking, ObjectKey key, Timestamp timestamp, StoreOptions options, boolean sumOnly) {
    this.store = store;
    this.blocking = blocking;
    this.key = key;
    this.timestamp = timestamp;
    this.chunkSize = options.chunkSize();
    this.inlineLimit = options.inlineLimit();
    this.crc = sumOnly ? new CRC32C() : null;
    try {
      this.md5 = sumOnly ? null : MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The size of a full chunk; every chunk but the last is exactly this long. */
  public int chunkSize() {
    return chunkSize;
  }

  /** An empty block to fill with the next chunkSize bytes of the body (a direct buffer; capacity chunkSize). */
  public ByteBuffer block() {
    return store.blocks().take();
  }

  /**
   * Writes a filled block (flipped: the bytes between position and limit), on a worker: a full
   * chunk, or with {@code last} the final (possibly short or empty) one. The block is taken over:
   * the caller must not touch it again.
   */
  public Future<Void> write(ByteBuffer block, boolean last) {
    if (block.remaining() > chunkSize || !last && block.remaining() != chunkSize) {
      throw new IllegalArgumentException("only the last block may be shorter than " + chunkSize);
    }
    if (!block.hasRemaining() || file == null && size + block.remaining() <= inlineLimit) {
      // Nothing, or what stays in memory: a copy and a hash of at most the inline limit, no need for a worker.
      hold(block);
      return Future.succeededFuture();
    }
    return blocking.run(() -> {
      try {
        sum(block);
        if (file == null) spill();
        int n = block.remaining();
        writeBlock(block);
        size += n;
        chunks++;
        return null;
      } finally {
        store.blocks().give(block);
      }
    });
  }

  private void hold(ByteBuffer block) {
    try {
      int n = block.remaining();
      if (n == 0) return;
      sum(block);
      byte[] chunk = new byte[n];
      block.get(chunk);
      held.add(chunk);
      size += n;
      chunks++;
    } finally {
      store.blocks().give(block);
    }
  }

  private void sum(ByteBuffer block) {
    if (md5 != null) md5.update(block.duplicate());
    else crc.update(block.duplicate());
  }

  /** Opens the body file and moves the chunks held so far into it (all full chunks). */
  private void spill() throws IOException {
    String name = BodyFiles.newName(key, timestamp);
    BodyFiles.Created created = store.bodies().create(key.partition(), name, chunkSize % BlockPool.ALIGN == 0);
    file = created.channel();
    direct = created.direct();
    fileName = name;
    for (byte[] c : held) {
      ByteBuffer b = store.blocks().take();
      try {
        writeBlock(b.put(c).flip());
      } finally {
        store.blocks().give(b);
      }
    }
    held = List.of();
  }

  /**
   * Appends a block to the body file. With direct I/O a short (last) block is written padded to the
   * alignment; {@link #commit} cuts the file back to the body's size.
   */
  private void writeBlock(ByteBuffer block) throws IOException {
    if (direct && block.remaining() % BlockPool.ALIGN != 0) {
      int padded = (block.remaining() + BlockPool.ALIGN - 1) / BlockPool.ALIGN * BlockPool.ALIGN;
      block.limit(block.position() + padded);
    }
    while (block.hasRemaining()) file.write(block);
  }

  public long size() {
    return size;
  }

  /**
   * For a sum-only upload: takes the sender's MD5 of the body as the ETag if the sender's CRC32C
   * matches the bytes received (else they were damaged on the way, and the upload must be refused).
   */
  public boolean acceptSender(String md5Hex, long crc32c) {
    if (crc == null || crc.getValue() != crc32c) return false;
    senderEtag = md5Hex;
    return true;
  }

  /** The body's MD5 in hex: the object's ETag. Valid once every write has completed (and the sender's sums accepted). */
  public String etag() {
    if (md5 == null) return senderEtag;
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
          if (direct) file.truncate(size);
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
