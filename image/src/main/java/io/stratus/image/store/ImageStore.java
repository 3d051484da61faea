package io.stratus.image.store;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.common.nativelib.NativeLibraryCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;
import org.rocksdb.util.Environment;

/**
 * The image registry: image records and image members as JSON documents in one RocksDB, every call on
 * a named worker pool (never the event loop), every write synced to the write-ahead log. Updates are
 * read-modify-write under one lock, so status transitions (queued → saving → active) are atomic.
 */
public final class ImageStore implements AutoCloseable {
  static {
    // one shared copy of the library (RocksDB's loader would unpack one per process into /tmp);
    // loadLibrary(paths) looks for the file name Environment gives "rocksdbjni"
    NativeLibraryCache.load(RocksDB.class, Environment.getJniLibraryFileName("rocksdb"),
        Environment.getJniLibraryFileName("rocksdbjni"), dir -> RocksDB.loadLibrary(List.of(dir)), RocksDB::loadLibrary);
  }

  private static final String IMAGE = "image/";
  private static final String MEMBER = "member/";

  private final RocksDB db;
  private final Options options;
  private final WriteOptions syncWrites;
  private final WorkerExecutor executor;
  private final Object writeLock = new Object();
  /** Held (shared) by every call and (exclusive) by close, so no call touches a closed database. */
  private final ReadWriteLock open = new ReentrantReadWriteLock();
  private boolean closed;

  private ImageStore(RocksDB db, Options options, WorkerExecutor executor) {
    this.db = db;
    this.options = options;
    this.executor = executor;
    this.syncWrites = new WriteOptions().setSync(true);
  }

  /** Opens (creating if needed) the registry in the directory, on the worker pool. */
  public static Future<ImageStore> open(Vertx vertx, Path dir, int threads) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("image-store", threads);
    return executor.executeBlocking(() -> {
      Files.createDirectories(dir);
      Options options = new Options().setCreateIfMissing(true);
      try {
        return new ImageStore(RocksDB.open(options, dir.toString()), options, executor);
      } catch (RocksDBException e) {
        options.close();
        executor.close();
        throw new StratusException(ErrorCode.UNAVAILABLE, "Cannot open the image registry in " + dir + ": " + e.getMessage(), e);
      }
    }, false);
  }

  /** The image, or null. */
  public Future<JsonObject> image(String id) {
    return run(() -> decode(db.get(bytes(IMAGE + id))));
  }

  /** Every image, in id order. */
  public Future<List<JsonObject>> images() {
    return run(() -> scan(IMAGE));
  }

  public Future<Void> putImage(JsonObject image) {
    return run(() -> {
      synchronized (writeLock) {
        db.put(syncWrites, bytes(IMAGE + image.getString("id")), bytes(image.encode()));
      }
      return null;
    });
  }

  /**
   * Applies {@code change} to the stored image atomically and stores its answer; answers the new
   * record. NOT_FOUND when there is no such image; {@code change} may throw to refuse.
   */
  public Future<JsonObject> update(String id, UnaryOperator<JsonObject> change) {
    return run(() -> {
      synchronized (writeLock) {
        JsonObject current = decode(db.get(bytes(IMAGE + id)));
        if (current == null) throw StratusException.notFound("No image found with ID " + id);
        JsonObject next = change.apply(current.copy());
        db.put(syncWrites, bytes(IMAGE + id), bytes(next.encode()));
        return next;
      }
    });
  }

  /** Removes the image record and its members. */
  public Future<Void> deleteImage(String id) {
    return run(() -> {
      synchronized (writeLock) {
        db.delete(syncWrites, bytes(IMAGE + id));
        for (JsonObject member : scan(MEMBER + id + "/")) {
          db.delete(syncWrites, bytes(MEMBER + id + "/" + member.getString("member_id")));
        }
      }
      return null;
    });
  }

  /** The image's members, in member id order. */
  public Future<List<JsonObject>> members(String imageId) {
    return run(() -> scan(MEMBER + imageId + "/"));
  }

  /** One member of the image, or null. */
  public Future<JsonObject> member(String imageId, String memberId) {
    return run(() -> decode(db.get(bytes(MEMBER + imageId + "/" + memberId))));
  }

  public Future<Void> putMember(String imageId, JsonObject member) {
    return run(() -> {
      synchronized (writeLock) {
        db.put(syncWrites, bytes(MEMBER + imageId + "/" + member.getString("member_id")), bytes(member.encode()));
      }
      return null;
    });
  }

  public Future<Void> deleteMember(String imageId, String memberId) {
    return run(() -> {
      synchronized (writeLock) {
        db.delete(syncWrites, bytes(MEMBER + imageId + "/" + memberId));
      }
      return null;
    });
  }

  @Override
  public void close() {
    open.writeLock().lock();
    try {
      if (closed) return;
      closed = true;
      syncWrites.close();
      db.close();
      options.close();
    } finally {
      open.writeLock().unlock();
    }
    executor.close();
  }

  private List<JsonObject> scan(String prefix) {
    List<JsonObject> out = new ArrayList<>();
    try (ReadOptions read = new ReadOptions(); RocksIterator it = db.newIterator(read)) {
      for (it.seek(bytes(prefix)); it.isValid(); it.next()) {
        if (!new String(it.key(), StandardCharsets.UTF_8).startsWith(prefix)) break;
        out.add(decode(it.value()));
      }
    }
    return out;
  }

  private <T> Future<T> run(Callable<T> work) {
    return executor.executeBlocking(() -> {
      open.readLock().lock();
      try {
        if (closed) throw new StratusException(ErrorCode.UNAVAILABLE, "The image registry is closed.");
        return work.call();
      } catch (RocksDBException e) {
        throw new StratusException(ErrorCode.UNAVAILABLE, "The image registry failed: " + e.getMessage(), e);
      } finally {
        open.readLock().unlock();
      }
    }, false);
  }

  private static JsonObject decode(byte[] value) {
    return value == null ? null : new JsonObject(new String(value, StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
