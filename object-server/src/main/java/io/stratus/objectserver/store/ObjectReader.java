package io.stratus.objectserver.store;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.rocksdb.ReadOptions;
import org.rocksdb.Snapshot;

/**
 * An object opened for reading: its row and its chunks as of one snapshot, or its body file held
 * open, so a newer write that drops the old body does not cut a GET short; or, for a small inline
 * body, its chunks read together with the row. Chunks of a body file
 * are positional reads of chunkSize bytes. Reads must not overlap; close() waits for the read in
 * flight, then releases the snapshot and the file.
 */
public final class ObjectReader {
  private final DeviceDb device;
  private final Blocking blocking;
  private final BlockPool blocks;
  private final ObjectKey key;
  private final ObjectMeta meta;
  private final Snapshot snapshot;
  private final ReadOptions read;
  private final FileChannel file;
  private final java.nio.file.Path path;
  private final java.util.List<byte[]> held;
  private Future<?> inFlight = Future.succeededFuture();
  /** The first chunk, read when the object was opened; taken by the first fileSpan. */
  private ByteBuf ahead;
  /**
   * Whether the whole body fits one chunk and was paged in when the object was opened, to be sent
   * straight from the file ({@link #pagedInFile}); the snapshot was let go in that same trip.
   */
  private boolean pagedIn;
  private boolean closed;

  ObjectReader(DeviceDb device, Blocking blocking, BlockPool blocks, ObjectKey key, ObjectMeta meta, Snapshot snapshot,
      ReadOptions read, FileChannel file, java.nio.file.Path path) {
    this.device = device;
    this.blocking = blocking;
    this.blocks = blocks;
    this.key = key;
    this.meta = meta;
    this.snapshot = snapshot;
    this.read = read;
    this.file = file;
    this.path = path;
    this.held = null;
  }

  /** A reader of a row whose (inline) body was read whole already; nothing to release. */
  private ObjectReader(ObjectMeta meta, java.util.List<byte[]> held) {
    this.device = null;
    this.blocking = null;
    this.blocks = null;
    this.key = null;
    this.meta = meta;
    this.snapshot = null;
    this.read = null;
    this.file = null;
    this.path = null;
    this.held = held;
    this.closed = false;
  }

  /** A reader over an inline body read with its row (or over no body: a missing or deleted object). */
  static ObjectReader inMemory(ObjectMeta meta, java.util.List<byte[]> chunks) {
    return new ObjectReader(meta, chunks);
  }

  /** The object's row as of the snapshot (null if none). */
  public ObjectMeta meta() {
    return meta;
  }

  /** Reads chunk {@code index} of the row's body. */
  public Future<byte[]> chunk(int index) {
    if (closed) return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE, "reader closed"));
    if (held != null) {
      byte[] bytes = index < held.size() ? held.get(index) : null;
      if (bytes == null) {
        return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE, "chunk " + index + " of " + meta.object() + " is missing"));
      }
      return Future.succeededFuture(bytes);
    }
    Future<byte[]> f = blocking.run(() -> {
      byte[] bytes = meta.bodyFile() == null
          ? device.db().get(device.chunks, read, Keys.chunk(key.entity(), meta.dataTimestamp(), index))
          : fileChunk(index);
      if (bytes == null) throw new StratusException(ErrorCode.UNAVAILABLE, "chunk " + index + " of " + key.object() + " is missing");
      return bytes;
    });
    inFlight = f;
    return f;
  }

  /** Whether the body is in a body file (read with {@link #fileSpan}). */
  public boolean hasFile() {
    return file != null;
  }

  /**
   * Reads {@code length} bytes of the body file at {@code position} into a block of the device's
   * pool, as a direct buffer the caller must release once written out; fails if the file is short.
   */
  public Future<ByteBuf> fileSpan(long position, int length) {
    if (closed) return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE, "reader closed"));
    ByteBuf early = ahead;
    ahead = null;
    if (early != null) {
      if (position == 0 && length == early.readableBytes()) return Future.succeededFuture(early);
      early.release();
    }
    Future<ByteBuf> f = blocking.run(() -> readSpan(position, length));
    inFlight = f;
    return f;
  }

  /**
   * Readies the body for a GET of all of it, on the worker that opened it. A body that fits one
   * chunk is paged in whole, to be sent from the file with sendfile ({@link #pagedInFile}), and the
   * snapshot is let go in this same trip; of a larger body, the first chunk is read for the first
   * {@link #fileSpan}.
   */
  void readAhead() throws IOException {
    int length = (int) Math.min(meta.chunkSize(), meta.size());
    if (length <= 0) return;
    try {
      if (length < meta.size()) {
        ahead = readSpan(0, length);
        return;
      }
      if (file.size() < length) {
        throw shortFile();
      }
      BodyFiles.pageIn(file, length);
      releaseSnapshot();
      pagedIn = true;
    } catch (IOException | RuntimeException e) {
      // nobody gets this reader to close: let go of everything now
      closed = true;
      releaseResources();
      throw e;
    }
  }

  /**
   * The body file, when the whole body fits one chunk and was paged in by {@link #readAhead}: send
   * it from there (sendfile) without reading it into memory; null otherwise. It stays open until the
   * reader is closed.
   */
  public FileChannel pagedInFile() {
    return pagedIn && !closed ? file : null;
  }

  /**
   * Where the {@link #pagedInFile} lies, for a reader on this machine to open and send itself; body
   * files are written once under a name of their own and never changed, so whoever opens this path
   * gets these very bytes, or nothing once a newer write has removed it. Null when there is no such file.
   */
  public java.nio.file.Path pagedInPath() {
    return pagedInFile() == null ? null : path;
  }

  private ByteBuf readSpan(long position, int length) throws IOException {
    boolean pooled = length <= blocks.blockSize();
    java.nio.ByteBuffer dst = pooled ? blocks.take().limit(length) : java.nio.ByteBuffer.allocateDirect(length);
    try {
      while (dst.hasRemaining()) {
        if (file.read(dst, position + dst.position()) < 0) {
          throw shortFile();
        }
      }
      dst.flip();
      return pooled ? new BlockBuf(blocks, dst) : Unpooled.wrappedBuffer(dst);
    } catch (RuntimeException | IOException e) {
      if (pooled) blocks.give(dst);
      throw e;
    }
  }

  /** Chunk {@code index} of the body file; null when the file is missing or short. */
  private byte[] fileChunk(int index) throws IOException {
    if (file == null) return null;
    long position = (long) index * meta.chunkSize();
    int length = (int) Math.min(meta.chunkSize(), meta.size() - position);
    if (length <= 0) return null;
    byte[] bytes = BodyFiles.read(file, position, length);
    return bytes.length == length ? bytes : null;
  }

  /** Releases the snapshot once the read in flight (if any) is done. Idempotent. */
  public void close() {
    if (closed) return;
    closed = true;
    if (ahead != null) {
      ahead.release();
      ahead = null;
    }
    if (pagedIn) {
      // the snapshot is gone already; closing a file opened for reading does not wait on the disk
      if (inFlight.isComplete()) closeFile();
      else inFlight.onComplete(ignored -> closeFile());
      return;
    }
    if (held != null) return;
    inFlight.onComplete(ignored -> blocking.run(() -> {
      releaseResources();
      return null;
    }));
  }

  private void closeFile() {
    try {
      file.close();
    } catch (IOException e) {
      // nothing was written through it: nothing to lose
    }
  }

  private void releaseResources() throws IOException {
    releaseSnapshot();
    if (file != null) file.close();
  }

  private void releaseSnapshot() {
    device.release(snapshot);
    read.close();
  }

  private StratusException shortFile() {
    return new StratusException(ErrorCode.UNAVAILABLE, "the body file of " + key.object() + " is short");
  }
}
