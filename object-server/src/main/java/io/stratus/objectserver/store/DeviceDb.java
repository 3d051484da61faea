package io.stratus.objectserver.store;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.common.nativelib.NativeLibraryCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.ReadTier;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteOptions;
import org.rocksdb.util.Environment;

/**
 * One device's RocksDB and its column families: object rows, small bodies' chunks, container info
 * and object rows, account info and container rows, async pendings, quarantined objects and the
 * X-Delete-At index, and the containers' and accounts' change logs ({@link RowLog}). Every key of the live families starts with the 4-byte partition so a
 * partition's data is one key range per family. Calls hold a read lock that close()
 * takes for writing, so nothing touches the native handles after they are freed.
 */
public final class DeviceDb implements AutoCloseable {
  static {
    // one shared copy of the library (RocksDB's loader would unpack one per process into /tmp);
    // loadLibrary(paths) looks for the file name Environment gives "rocksdbjni"
    NativeLibraryCache.load(RocksDB.class, Environment.getJniLibraryFileName("rocksdb"),
        Environment.getJniLibraryFileName("rocksdbjni"), dir -> RocksDB.loadLibrary(List.of(dir)), RocksDB::loadLibrary);
  }

  private final String name;
  private final Path dir;
  private final RocksDB db;
  private final DBOptions dbOptions;
  private final List<ColumnFamilyOptions> cfOptions;
  private final List<ColumnFamilyHandle> handles;
  /** Block cache of the object rows and small bodies (native memory, per device). */
  private static final long BLOCK_CACHE_BYTES = 128L << 20;
  private final LRUCache blockCache;
  /** Bloom filter of the row families (see {@link #open}). */
  private final BloomFilter rowFilter;
  final ColumnFamilyHandle objects;
  final ColumnFamilyHandle chunks;
  final ColumnFamilyHandle containers;
  final ColumnFamilyHandle containerRows;
  final ColumnFamilyHandle accounts;
  final ColumnFamilyHandle accountRows;
  final ColumnFamilyHandle pendings;
  final ColumnFamilyHandle quarantined;
  final ColumnFamilyHandle deleteAt;
  /** Container and account change logs, deleted-row indexes and replication states ({@link RowLog}). */
  final ColumnFamilyHandle dbLog;
  final ColumnFamilyHandle dbTombstones;
  final ColumnFamilyHandle dbSync;
  final WriteOptions syncWrite = new WriteOptions().setSync(true);
  final WriteOptions bufferedWrite = new WriteOptions();
  /** Reads that never touch the disk: memtables and the block cache only, else Incomplete. */
  final ReadOptions cachedRead = new ReadOptions().setReadTier(ReadTier.BLOCK_CACHE_TIER);
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final Set<Snapshot> snapshots = ConcurrentHashMap.newKeySet();
  private boolean closed;

  private DeviceDb(String name, Path dir, RocksDB db, DBOptions dbOptions, List<ColumnFamilyOptions> cfOptions,
      List<ColumnFamilyHandle> handles, LRUCache blockCache, BloomFilter rowFilter) {
    this.blockCache = blockCache;
    this.rowFilter = rowFilter;
    this.name = name;
    this.dir = dir;
    this.db = db;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.handles = handles;
    this.objects = handles.get(1);
    this.chunks = handles.get(2);
    this.containers = handles.get(3);
    this.containerRows = handles.get(4);
    this.accounts = handles.get(5);
    this.accountRows = handles.get(6);
    this.pendings = handles.get(7);
    this.quarantined = handles.get(8);
    this.deleteAt = handles.get(9);
    this.dbLog = handles.get(10);
    this.dbTombstones = handles.get(11);
    this.dbSync = handles.get(12);
  }

  /** Opens (creating if needed) the device's database in {@code dir}. Blocking. */
  public static DeviceDb open(String name, Path dir) {
    LRUCache blockCache = new LRUCache(BLOCK_CACHE_BYTES);
    BloomFilter rowFilter = new BloomFilter(10);
    DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(4).setMaxTotalWalSize(512L << 20).setKeepLogFileNum(4).setBytesPerSync(1 << 20)
        // Reuse old log files: a synced append then overwrites blocks the file already has, so its
        // fdatasync need not also write the inode for the new size (a synced 300-byte write here:
        // 123 -> 84-93 us, 51 -> 33-36 us of CPU).
        .setRecycleLogFileNum(4)
        // The leader of a write group inserts every member's batch into the memtable itself, so a
        // member waits for one wake-up (done) instead of two (insert yours, then done). Parallel
        // inserts gain nothing on a few cores (put4k, 16 clients, 2 alternating fresh runs: storage
        // workers 23.3 -> 21.5-21.8 context switches and 0.52 -> 0.46-0.49 ms of CPU per PUT).
        .setAllowConcurrentMemtableWrite(false);
    List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String cf : List.of("default", "objects", "chunks", "containers", "container_rows", "accounts",
        "account_rows", "pendings", "quarantined", "delete_at", "db_log", "db_tombstones", "db_sync")) {
      ColumnFamilyOptions o = new ColumnFamilyOptions();
      BlockBasedTableConfig table = new BlockBasedTableConfig();
      if (cf.equals("objects") || cf.equals("chunks")) {
        // Rows and small bodies share one cache, large enough that a hot set is served without I/O.
        table.setBlockCache(blockCache);
      }
      if (cf.equals("objects") || cf.equals("container_rows") || cf.equals("account_rows")) {
        // A PUT of a new name looks up the row it replaces, which is usually missing: a Bloom filter
        // answers that from memory instead of reading a block of every table that could hold it.
        table.setFilterPolicy(rowFilter);
      }
      o.setTableFormatConfig(table);
      if (cf.equals("chunks")) {
        // Only small bodies live here now (large ones are body files): plain SSTs, no compression of
        // bodies that are mostly incompressible anyway.
        o.setCompressionType(CompressionType.NO_COMPRESSION).setWriteBufferSize(64L << 20);
      }
      cfOptions.add(o);
      descriptors.add(new ColumnFamilyDescriptor(cf.getBytes(StandardCharsets.UTF_8), o));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      return new DeviceDb(name, dir, db, dbOptions, cfOptions, handles, blockCache, rowFilter);
    } catch (RocksDBException | java.io.IOException e) {
      cfOptions.forEach(ColumnFamilyOptions::close);
      dbOptions.close();
      blockCache.close();
      rowFilter.close();
      throw new StratusException(ErrorCode.UNAVAILABLE, "Cannot open device " + name + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  /** The device's directory: the database's files, and the body files under {@code bodies/}. */
  Path dir() {
    return dir;
  }

  /** The database, for one call made while holding {@link #enter()}. */
  RocksDB db() {
    return db;
  }

  /** Enters a call: fails once the device is closed. Pair with {@link #exit()}. */
  void enter() {
    lifecycle.readLock().lock();
    if (closed) {
      lifecycle.readLock().unlock();
      throw new StratusException(ErrorCode.UNAVAILABLE, "Device " + name + " is closed");
    }
  }

  void exit() {
    lifecycle.readLock().unlock();
  }

  Snapshot snapshot() {
    Snapshot s = db.getSnapshot();
    snapshots.add(s);
    return s;
  }

  /** How many snapshots readers hold now. */
  int snapshotsHeld() {
    return snapshots.size();
  }

  /** Releases a snapshot once; a no-op after close (close released it). */
  void release(Snapshot s) {
    lifecycle.readLock().lock();
    try {
      if (!closed && snapshots.remove(s)) db.releaseSnapshot(s);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Flushes the memtables and the write-ahead log, then frees every native handle. Blocking. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) return;
      closed = true;
      for (Snapshot s : snapshots) db.releaseSnapshot(s);
      snapshots.clear();
      try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        db.flushWal(true);
        db.flush(flush, handles);
      } catch (RocksDBException e) {
        org.slf4j.LoggerFactory.getLogger(DeviceDb.class).warn("Flushing device {} on close failed", name, e);
      }
      handles.forEach(ColumnFamilyHandle::close);
      try {
        db.closeE();
      } catch (RocksDBException e) {
        org.slf4j.LoggerFactory.getLogger(DeviceDb.class).warn("Closing device {} failed", name, e);
      }
      syncWrite.close();
      bufferedWrite.close();
      cachedRead.close();
      blockCache.close();
      cfOptions.forEach(ColumnFamilyOptions::close);
      rowFilter.close();
      dbOptions.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
