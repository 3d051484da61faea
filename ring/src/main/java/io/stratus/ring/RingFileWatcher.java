package io.stratus.ring;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A ring file kept current: lookups read a volatile snapshot, and a background thread reloads the
 * file when its size, modification time or inode changes. A new file that fails to load is logged
 * and the previous snapshot stays in use.
 */
public final class RingFileWatcher implements RingSource, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(RingFileWatcher.class.getName());

  private final Path file;
  private final PathHasher hasher;
  private volatile Ring ring;
  private Stamp loaded;
  private ScheduledExecutorService poller;

  private RingFileWatcher(Path file, PathHasher hasher) throws IOException {
    this.file = file;
    this.hasher = hasher;
    this.loaded = Stamp.of(file);
    this.ring = Ring.load(file, hasher);
  }

  /** Loads {@code file} (failing if it cannot be loaded) without watching it. */
  public static RingFileWatcher load(Path file, PathHasher hasher) throws IOException {
    return new RingFileWatcher(file, hasher);
  }

  /** Loads {@code file} and checks it for changes every {@code interval} on a daemon thread. */
  public static RingFileWatcher watch(Path file, PathHasher hasher, Duration interval) throws IOException {
    RingFileWatcher watcher = new RingFileWatcher(file, hasher);
    watcher.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ring-watch-" + file.getFileName());
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(1, interval.toMillis());
    watcher.poller.scheduleWithFixedDelay(watcher::reloadQuietly, millis, millis, TimeUnit.MILLISECONDS);
    return watcher;
  }

  @Override
  public Ring ring() {
    return ring;
  }

  /**
   * Reloads the file if it changed since the last load. Returns true if a new snapshot is in use.
   *
   * @throws IOException if the file changed but cannot be loaded; the old snapshot stays in use
   */
  public synchronized boolean reloadIfChanged() throws IOException {
    Stamp now = Stamp.of(file);
    if (now.equals(loaded)) {
      return false;
    }
    Ring fresh = Ring.load(file, hasher);
    loaded = now;
    boolean changed = fresh.version() != ring.version() || fresh.partPower() != ring.partPower();
    ring = fresh;
    if (changed) {
      LOG.log(Level.INFO, "loaded {0} version {1}", file, fresh.version());
    }
    return true;
  }

  private void reloadQuietly() {
    try {
      reloadIfChanged();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "keeping ring version " + ring.version() + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  /** What tells one version of the file from the next without reading it. */
  private record Stamp(long size, long modifiedNanos, Object fileKey) {
    static Stamp of(Path file) throws IOException {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), Objects.requireNonNullElse(a.fileKey(), ""));
    }
  }
}
