package io.stratus.identity.store;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.common.nativelib.NativeLibraryCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.rocksdb.util.Environment;

/**
 * The identity registry's key-value store: one RocksDB, string keys, every call run on a named worker
 * pool (never the event loop), every write a batch synced to the write-ahead log. Conditional writes
 * are serialised so uniqueness checks and their writes are atomic.
 */
public final class RocksStore implements AutoCloseable {
  static {
    // one shared copy of the library (RocksDB's loader would unpack one per process into /tmp);
    // loadLibrary(paths) looks for the file name Environment gives "rocksdbjni"
    NativeLibraryCache.load(RocksDB.class, Environment.getJniLibraryFileName("rocksdb"),
        Environment.getJniLibraryFileName("rocksdbjni"), dir -> RocksDB.loadLibrary(List.of(dir)), RocksDB::loadLibrary);
  }

  private final RocksDB db;
  private final Options options;
  private final WriteOptions syncWrites;
  private final WorkerExecutor executor;
  private final Object writeLock = new Object();

  private RocksStore(RocksDB db, Options options, WorkerExecutor executor) {
    this.db = db;
    this.options = options;
    this.executor = executor;
    this.syncWrites = new WriteOptions().setSync(true);
  }

  /** Opens (creating if needed) the store in the directory; the open itself runs on the worker pool. */
  public static Future<RocksStore> open(Vertx vertx, Path dir, int threads) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("identity-store", threads);
    return executor.executeBlocking(() -> {
      Files.createDirectories(dir);
      Options options = new Options().setCreateIfMissing(true);
      try {
        return new RocksStore(RocksDB.open(options, dir.toString()), options, executor);
      } catch (RocksDBException e) {
        options.close();
        throw new StratusException(ErrorCode.UNAVAILABLE, "Cannot open the identity store in " + dir + ": " + e.getMessage(), e);
      }
    }, false);
  }

  public Future<byte[]> get(String key) {
    return run(() -> db.get(bytes(key)));
  }

  /** Every entry whose key starts with the prefix, in key order. */
  public Future<List<Map.Entry<String, byte[]>>> scan(String prefix) {
    return run(() -> scanNow(prefix, prefix));
  }

  /** The entries whose key starts with the prefix, from the first key at or after {@code from}, in key order. */
  public Future<List<Map.Entry<String, byte[]>>> scan(String prefix, String from) {
    return run(() -> scanNow(prefix, from));
  }

  public Future<Void> write(List<Mutation> mutations) {
    return write(List.of(), mutations);
  }

  /** Applies the mutations atomically if every precondition holds, else fails with the first one's failure. */
  public Future<Void> write(List<Precondition> preconditions, List<Mutation> mutations) {
    return run(() -> {
      synchronized (writeLock) {
        for (Precondition check : preconditions) {
          boolean exists = db.get(bytes(check.key())) != null;
          if (exists != check.mustExist()) throw check.failure();
        }
        try (WriteBatch batch = new WriteBatch()) {
          for (Mutation m : mutations) {
            if (m.value() == null) batch.delete(bytes(m.key()));
            else batch.put(bytes(m.key()), m.value());
          }
          db.write(syncWrites, batch);
        }
        return null;
      }
    });
  }

  @Override
  public void close() {
    synchronized (writeLock) {
      syncWrites.close();
      db.close();
      options.close();
    }
    executor.close();
  }

  private List<Map.Entry<String, byte[]>> scanNow(String prefix, String from) {
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    byte[] start = bytes(from.compareTo(prefix) > 0 ? from : prefix);
    try (ReadOptions read = new ReadOptions(); RocksIterator it = db.newIterator(read)) {
      for (it.seek(start); it.isValid(); it.next()) {
        String key = new String(it.key(), StandardCharsets.UTF_8);
        if (!key.startsWith(prefix)) break;
        out.add(new AbstractMap.SimpleImmutableEntry<>(key, it.value()));
      }
    }
    return out;
  }

  private <T> Future<T> run(Callable<T> work) {
    return executor.executeBlocking(() -> {
      try {
        return work.call();
      } catch (RocksDBException e) {
        throw new StratusException(ErrorCode.UNAVAILABLE, "The identity store failed: " + e.getMessage(), e);
      }
    }, false);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
