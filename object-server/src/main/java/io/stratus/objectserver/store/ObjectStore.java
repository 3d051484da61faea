package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * A device's objects: metadata rows, small bodies' chunks and large bodies' files. The newest
 * X-Timestamp wins; a write is checked and committed under the object's stripe lock, in one
 * WriteBatch synced to the WAL, and the same batch drops every chunk of older timestamps and keeps
 * the X-Delete-At index current; the body file of the row it replaced is removed after it. Every
 * change marks its suffix hash invalid once it is written. Bodies are written chunk by chunk
 * ({@link ObjectUpload}) and read chunk by chunk from a snapshot or an open file ({@link ObjectReader}).
 */
public final class ObjectStore {
  private final DeviceDb device;
  private final Blocking blocking;
  private final StoreOptions options;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ObjectStore.class);

  private final BodyFiles bodies;
  private final BlockPool blocks;
  /** Idle upload blocks kept per device (a chunk each). */
  private static final int MAX_IDLE_BLOCKS = 32;
  private final Stripes stripes = new Stripes(1024);
  private final SuffixHashes hashes = new SuffixHashes();
  private final Set<ByteBuffer> uploading = ConcurrentHashMap.newKeySet();

  public ObjectStore(DeviceDb device, WorkerExecutor executor, StoreOptions options) {
    this.device = device;
    this.blocking = new Blocking(executor, device);
    this.options = options;
    this.bodies = new BodyFiles(device.dir());
    this.blocks = new BlockPool(options.chunkSize(), MAX_IDLE_BLOCKS);
  }

  /** The object's row, a tombstone included; null if the device has never seen it (or reclaimed it). */
  public Future<ObjectMeta> head(ObjectKey key) {
    Blocking.Cached<ObjectMeta> cached = blocking.cached(() -> read(key, device.cachedRead));
    return cached != null ? Future.succeededFuture(cached.value()) : blocking.run(() -> read(key));
  }

  private ObjectMeta read(ObjectKey key) throws RocksDBException {
    return Json.decode(device.db().get(device.objects, key.entity()), ObjectMeta.class);
  }

  private ObjectMeta read(ObjectKey key, ReadOptions read) throws RocksDBException {
    return Json.decode(device.db().get(device.objects, read, key.entity()), ObjectMeta.class);
  }

  /** Starts a body upload for a write at {@code ts}; nothing is visible until commit. */
  public ObjectUpload upload(ObjectKey key, Timestamp ts) {
    return upload(key, ts, false);
  }

  /**
   * Starts a body upload; with {@code sumOnly} the upload computes only a CRC32C of the body and
   * takes its ETag from the sender ({@link ObjectUpload#acceptSender}), who hashed the body already.
   */
  public ObjectUpload upload(ObjectKey key, Timestamp ts, boolean sumOnly) {
    uploading(key, ts, true);
    return new ObjectUpload(this, blocking, key, ts, options, sumOnly);
  }

  /** Writes a tombstone if {@code ts} is newer than the object's data timestamp. */
  public Future<WriteOutcome> delete(ObjectKey key, Timestamp ts) {
    return blocking.run(() -> {
      synchronized (stripes.of(key.hash())) {
        ObjectMeta previous = read(key);
        if (previous != null && !ts.isAfter(previous.dataTimestamp())) return new WriteOutcome(false, previous);
        write(key, ObjectMeta.tombstone(key, ts), previous, List.of());
        return new WriteOutcome(true, previous);
      }
    });
  }

  /** Replaces the object's metadata if it exists, is live and {@code ts} is newer than its timestamp. */
  public Future<WriteOutcome> post(ObjectKey key, Timestamp ts, UnaryOperator<Map<String, String>> headers, long deleteAt) {
    return blocking.run(() -> {
      synchronized (stripes.of(key.hash())) {
        ObjectMeta previous = read(key);
        if (previous == null || previous.deleted() || !ts.isAfter(previous.timestamp())) {
          return new WriteOutcome(false, previous);
        }
        ObjectMeta next = previous.withPost(ts, headers.apply(previous.headers()), deleteAt);
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(device.objects, key.entity(), Json.encode(next));
          index(batch, key.entity(), previous, next);
          device.db().write(device.syncWrite, batch);
        }
        hashes.invalidate(key.partition(), key.hash());
        return new WriteOutcome(true, previous);
      }
    });
  }

  /**
   * Opens the object for reading from a consistent snapshot (and its body file, if it has one:
   * opened under the stripe lock, so a newer write cannot remove it in between); close the reader
   * when done.
   */
  public Future<ObjectReader> open(ObjectKey key) {
    return open(key, false);
  }

  /**
   * Opens the object for reading, as {@link #open(ObjectKey)}; with {@code readAhead} a body file's
   * first chunk is read in the same trip to the workers (for a GET of the whole body), and a body that
   * fits one chunk is paged in whole, to be sent from the file, the snapshot let go in that trip too.
   */
  public Future<ObjectReader> open(ObjectKey key, boolean readAhead) {
    Blocking.Cached<ObjectReader> cached = blocking.cached(() -> openInline(key));
    if (cached != null && cached.value() != null) return Future.succeededFuture(cached.value());
    return blocking.run(() -> {
      synchronized (stripes.of(key.hash())) {
        org.rocksdb.Snapshot snapshot = device.snapshot();
        ReadOptions read = new ReadOptions().setSnapshot(snapshot);
        ObjectMeta meta = read(key, read);
        if (readsWhole(meta)) {
          // Nothing or an inline body to read: read it all now, in this one trip to the workers.
          try {
            return ObjectReader.inMemory(meta, inlineChunks(key, meta, read));
          } finally {
            device.release(snapshot);
            read.close();
          }
        }
        java.nio.channels.FileChannel file = null;
        java.nio.file.Path path = null;
        if (meta.bodyFile() != null) {
          file = bodies.open(key.partition(), meta.bodyFile());
          path = bodies.path(key.partition(), meta.bodyFile()).toAbsolutePath();
        }
        ObjectReader reader = new ObjectReader(device, blocking, blocks, key, meta, snapshot, read, file, path);
        if (readAhead && file != null) reader.readAhead();
        return reader;
      }
    });
  }

  /**
   * The object read whole from memory, row and inline body as of one snapshot (cache-only reads);
   * null when it has a body file or a body too large to read at once.
   */
  private ObjectReader openInline(ObjectKey key) throws RocksDBException {
    org.rocksdb.Snapshot snapshot = device.db().getSnapshot();
    try (ReadOptions read = new ReadOptions().setSnapshot(snapshot).setReadTier(org.rocksdb.ReadTier.BLOCK_CACHE_TIER)) {
      ObjectMeta meta = read(key, read);
      return readsWhole(meta) ? ObjectReader.inMemory(meta, inlineChunks(key, meta, read)) : null;
    } finally {
      device.db().releaseSnapshot(snapshot);
    }
  }

  /** True when opening the object means reading it whole: nothing to read, or an inline body. */
  private boolean readsWhole(ObjectMeta meta) {
    return meta == null || meta.deleted() || meta.bodyFile() == null && meta.size() <= options.inlineLimit();
  }

  /** An inline body's chunks (empty for none); a missing chunk is a null entry the reader reports. */
  private List<byte[]> inlineChunks(ObjectKey key, ObjectMeta meta, ReadOptions read) throws RocksDBException {
    if (meta == null || meta.deleted()) return List.of();
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < meta.chunkCount(); i++) {
      chunks.add(device.db().get(device.chunks, read, Keys.chunk(key.entity(), meta.dataTimestamp(), i)));
    }
    return chunks;
  }

  /** Number of body files the device holds for the object, at any timestamp (for checks and tests). */
  public Future<Integer> bodyFiles(ObjectKey key) {
    return blocking.run(() -> (int) bodies.list(key.partition()).stream()
        .filter(n -> Arrays.equals(n.hash(), key.hash())).count());
  }

  /** Number of chunk entries the device holds for the object, at any timestamp (for checks and tests). */
  public Future<Integer> chunkEntries(ObjectKey key) {
    return blocking.run(() -> {
      byte[] prefix = key.entity();
      int n = 0;
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.chunks, read)) {
        for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) n++;
      }
      return n;
    });
  }

  /** Drops tombstones older than {@code cutoff}; returns how many. */
  public Future<Integer> reclaim(Timestamp cutoff) {
    return blocking.run(() -> reclaim(null, null, cutoff));
  }

  /**
   * Drops the tombstones older than {@code cutoff} of one partition (every partition when null),
   * looking only at the objects of {@code suffixes} (null: all of them).
   */
  int reclaim(Integer partition, Set<String> suffixes, Timestamp cutoff) throws RocksDBException {
    int n = 0;
    byte[] start = partition == null ? null : Keys.partition(partition);
    try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.objects, read)) {
      for (seek(it, start); it.isValid() && (start == null || Keys.startsWith(it.key(), start)); it.next()) {
        if (suffixes != null && !suffixes.contains(Keys.suffix(Keys.hash(it.key())))) continue;
        ObjectMeta meta = Json.decode(it.value(), ObjectMeta.class);
        if (meta.deleted() && cutoff.isAfter(meta.dataTimestamp()) && removeIfUnchanged(it.key(), meta)) n++;
      }
    }
    return n;
  }

  private static void seek(RocksIterator it, byte[] start) {
    if (start == null) it.seekToFirst();
    else it.seek(start);
  }

  /**
   * Removes the object's row and chunks if its row still equals {@code seen} (a reclaimed
   * tombstone, a drained handoff copy). Blocking.
   */
  boolean removeIfUnchanged(byte[] entity, ObjectMeta seen) throws RocksDBException {
    byte[] hash = Keys.hash(entity);
    synchronized (stripes.of(hash)) {
      ObjectMeta now = Json.decode(device.db().get(device.objects, entity), ObjectMeta.class);
      if (now == null || !now.equals(seen)) return false;
      try (WriteBatch batch = new WriteBatch()) {
        batch.delete(device.objects, entity);
        batch.deleteRange(device.chunks, entity, Keys.successor(entity));
        index(batch, entity, now, null);
        device.db().write(device.syncWrite, batch);
      }
      hashes.invalidate(Keys.partition(entity), hash);
      dropBody(Keys.partition(entity), now, null);
      return true;
    }
  }

  /**
   * Removes the body file of {@code replaced} unless {@code next} still uses it; after the commit
   * that replaced it. A failure only leaves an orphan for the auditor.
   */
  private void dropBody(int partition, ObjectMeta replaced, ObjectMeta next) {
    if (replaced == null || replaced.bodyFile() == null) return;
    if (next != null && replaced.bodyFile().equals(next.bodyFile())) return;
    try {
      bodies.delete(partition, replaced.bodyFile());
    } catch (java.io.IOException e) {
      LOG.warn("Removing body file {} of device {} failed; the auditor will retry", replaced.bodyFile(), device.name(), e);
    }
  }

  /**
   * Objects whose X-Delete-At is at or before {@code nowSeconds}, from the index, oldest first; at
   * most {@code limit}. Entries whose row no longer matches are dropped from the index.
   */
  public Future<List<StoredObject>> expiring(long nowSeconds, int limit) {
    return blocking.run(() -> {
      List<StoredObject> out = new ArrayList<>();
      try (ReadOptions read = new ReadOptions(); RocksIterator it = device.db().newIterator(device.deleteAt, read)) {
        for (it.seekToFirst(); it.isValid() && out.size() < limit; it.next()) {
          ByteBuffer k = ByteBuffer.wrap(it.key());
          long at = k.getLong();
          if (at > nowSeconds) break;
          byte[] entity = Arrays.copyOfRange(it.key(), 8, 8 + Keys.PREFIX);
          ObjectMeta meta = Json.decode(device.db().get(device.objects, entity), ObjectMeta.class);
          if (meta != null && !meta.deleted() && meta.deleteAt() == at) {
            out.add(new StoredObject(Keys.partition(entity), Keys.hash(entity), meta));
          } else {
            dropIndexEntry(entity, at);
          }
        }
      }
      return out;
    });
  }

  private void dropIndexEntry(byte[] entity, long at) throws RocksDBException {
    synchronized (stripes.of(Keys.hash(entity))) {
      ObjectMeta now = Json.decode(device.db().get(device.objects, entity), ObjectMeta.class);
      if (now == null || now.deleted() || now.deleteAt() != at) device.db().delete(device.deleteAt, Keys.deleteAt(at, entity));
    }
  }

  /**
   * The expirer's delete: a tombstone at the X-Delete-At time, if the object is live, still
   * expires at {@code deleteAt} (Swift's X-If-Delete-At) and that time is newer than its data.
   */
  public Future<WriteOutcome> expire(ObjectKey key, long deleteAt) {
    Timestamp ts = new Timestamp(deleteAt * Timestamp.TICKS_PER_SECOND, 0);
    return blocking.run(() -> {
      synchronized (stripes.of(key.hash())) {
        ObjectMeta previous = read(key);
        if (previous == null || previous.deleted() || previous.deleteAt() != deleteAt) return new WriteOutcome(false, previous);
        if (!ts.isAfter(previous.dataTimestamp())) {
          device.db().delete(device.deleteAt, Keys.deleteAt(deleteAt, key.entity()));
          return new WriteOutcome(false, previous);
        }
        write(key, ObjectMeta.tombstone(key, ts), previous, List.of());
        return new WriteOutcome(true, previous);
      }
    });
  }

  /**
   * Commits an upload's row if it is newer than the device's; called by {@link ObjectUpload} on a
   * worker thread.
   */
  WriteOutcome commit(ObjectKey key, ObjectMeta meta, List<byte[]> inlineChunks) throws RocksDBException {
    synchronized (stripes.of(key.hash())) {
      ObjectMeta previous = read(key);
      if (previous != null && !meta.dataTimestamp().isAfter(previous.dataTimestamp())) {
        return new WriteOutcome(false, previous);
      }
      write(key, meta, previous, inlineChunks);
      return new WriteOutcome(true, previous);
    }
  }

  /**
   * Puts the row and its inline chunks and drops the chunks of every older timestamp, synced; then
   * removes the replaced row's body file. Caller holds the stripe.
   */
  private void write(ObjectKey key, ObjectMeta meta, ObjectMeta previous, List<byte[]> inlineChunks) throws RocksDBException {
    byte[] entity = key.entity();
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(device.objects, entity, Json.encode(meta));
      batch.deleteRange(device.chunks, Keys.chunk(entity, Timestamp.ZERO, 0), Keys.chunk(entity, meta.dataTimestamp(), 0));
      for (int i = 0; i < inlineChunks.size(); i++) {
        batch.put(device.chunks, Keys.chunk(entity, meta.dataTimestamp(), i), inlineChunks.get(i));
      }
      index(batch, entity, previous, meta);
      device.db().write(device.syncWrite, batch);
    }
    hashes.invalidate(key.partition(), key.hash());
    dropBody(key.partition(), previous, meta);
  }

  /** Moves the object's X-Delete-At index entry from the old row's time to the new row's. */
  void index(WriteBatch batch, byte[] entity, ObjectMeta previous, ObjectMeta next) throws RocksDBException {
    long before = previous == null || previous.deleted() ? 0 : previous.deleteAt();
    long after = next == null || next.deleted() ? 0 : next.deleteAt();
    if (before == after) return;
    if (before > 0) batch.delete(device.deleteAt, Keys.deleteAt(before, entity));
    if (after > 0) batch.put(device.deleteAt, Keys.deleteAt(after, entity), new byte[0]);
  }

  /** Notes an upload in progress, so the orphan sweep leaves its chunks alone. */
  void uploading(ObjectKey key, Timestamp ts, boolean active) {
    ByteBuffer id = ByteBuffer.wrap(Keys.chunk(key.entity(), ts, 0), 0, Keys.PREFIX + Timestamp.BYTES);
    if (active) uploading.add(id.slice());
    else uploading.remove(id.slice());
  }

  boolean isUploading(byte[] chunkKey) {
    return uploading.contains(ByteBuffer.wrap(chunkKey, 0, Keys.PREFIX + Timestamp.BYTES).slice());
  }

  Object stripe(byte[] hash) {
    return stripes.of(hash);
  }

  SuffixHashes hashes() {
    return hashes;
  }

  Blocking blocking() {
    return blocking;
  }

  /** The largest body kept inline in RocksDB with its row. */
  public long inlineLimit() {
    return options.inlineLimit();
  }

  BlockPool blocks() {
    return blocks;
  }

  BodyFiles bodies() {
    return bodies;
  }

  DeviceDb device() {
    return device;
  }
}
