package io.stratus.objectserver.store;

import com.sun.nio.file.ExtendedOpenOption;
import io.stratus.objectserver.swift.Timestamp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A device's large object bodies, one file per write (Swift's layout, like its {@code .data}
 * files): {@code bodies/<partition>/<hash>.<ticks>.<offset>.<upload id>.data}. The partition comes
 * first so a partition's bodies are one directory; the upload id keeps two uploads of the same
 * name and timestamp apart. A file is written once, made durable (data, then its directory entry)
 * before the row that names it is committed, and never changed: a newer write or a delete removes
 * it after the newer row is committed; a crash in between leaves an orphan the auditor removes.
 * Bodies are written with direct I/O where the file system allows it: whole aligned blocks straight
 * from the upload's buffers to the device, no copy into (and no eviction of) the page cache.
 */
final class BodyFiles {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BodyFiles.class);
  private static final String SUFFIX = ".data";

  /** A body file's name taken apart. */
  record Name(int partition, byte[] hash, Timestamp timestamp, String name) {
  }

  private final Path root;
  private final Path quarantine;
  private final Set<Integer> synced = ConcurrentHashMap.newKeySet();
  private volatile boolean directIo = true;

  BodyFiles(Path deviceDir) {
    this.root = deviceDir.resolve("bodies");
    this.quarantine = deviceDir.resolve("quarantined-bodies");
  }

  /** A fresh name for a body of the object written at {@code ts}. */
  static String newName(ObjectKey key, Timestamp ts) {
    return HexFormat.of().formatHex(key.hash()) + "." + ts.ticks() + "." + ts.offset() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + SUFFIX;
  }

  Path path(int partition, String name) {
    return root.resolve(Integer.toString(partition)).resolve(name);
  }

  /** A body file opened for writing, and whether it was opened for direct I/O. */
  record Created(FileChannel channel, boolean direct) {
  }

  /**
   * Creates the body file for writing, with direct I/O if asked and the file system allows it; the
   * partition's directory is created (and its entry made durable) the first time.
   */
  Created create(int partition, String name, boolean direct) throws IOException {
    Path dir = root.resolve(Integer.toString(partition));
    if (!synced.contains(partition)) {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        syncDir(root);
        syncDir(root.getParent());
      }
      synced.add(partition);
    }
    if (direct && directIo) {
      try {
        return new Created(FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            ExtendedOpenOption.DIRECT), true);
      } catch (UnsupportedOperationException | IOException e) {
        // tmpfs and some others refuse O_DIRECT: write through the page cache from now on.
        Files.deleteIfExists(dir.resolve(name));
        directIo = false;
        LOG.info("Direct I/O is not available under {} ({}); body files are written through the page cache", root, e.toString());
      }
    }
    return new Created(FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), false);
  }

  /** Makes a finished body durable: its bytes and length, then its directory entry. */
  void makeDurable(FileChannel channel, int partition) throws IOException {
    channel.force(false);
    syncDir(root.resolve(Integer.toString(partition)));
  }

  /** Opens a body for positional reads; null if it is gone. */
  FileChannel open(int partition, String name) throws IOException {
    try {
      return FileChannel.open(path(partition, name), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Removes a body; true if it existed. */
  boolean delete(int partition, String name) throws IOException {
    return Files.deleteIfExists(path(partition, name));
  }

  /** Moves a body out of the live tree into the quarantine directory. */
  void quarantine(int partition, String name) throws IOException {
    Path from = path(partition, name);
    if (!Files.exists(from)) return;
    Files.createDirectories(quarantine);
    Files.move(from, quarantine.resolve(partition + "." + name), StandardCopyOption.ATOMIC_MOVE);
  }

  /** The partitions that have a body directory. */
  List<Integer> partitions() throws IOException {
    List<Integer> out = new ArrayList<>();
    if (!Files.isDirectory(root)) return out;
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(root)) {
      for (Path p : parts) {
        try {
          out.add(Integer.parseInt(p.getFileName().toString()));
        } catch (NumberFormatException e) {
          // not a partition directory
        }
      }
    }
    return out;
  }

  /** The body files of one partition, parsed. */
  List<Name> list(int partition) throws IOException {
    List<Name> out = new ArrayList<>();
    Path dir = root.resolve(Integer.toString(partition));
    if (!Files.isDirectory(dir)) return out;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : files) {
        Name n = parse(partition, f.getFileName().toString());
        if (n != null) out.add(n);
      }
    }
    return out;
  }

  private static Name parse(int partition, String name) {
    String[] parts = name.split("\\.");
    if (parts.length != 5 || parts[0].length() != 32) return null;
    try {
      Timestamp ts = new Timestamp(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
      return new Name(partition, HexFormat.of().parseHex(parts[0]), ts, name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Brings the first {@code length} bytes of a body into the page cache without copying them
   * anywhere: the kernel splices them to /dev/null (sendfile), which reads what is not cached yet and
   * discards the rest unseen. Sending them to a socket later then finds them in memory. Where that
   * cannot be done the JDK copies them through a buffer instead, with the same effect.
   */
  static void pageIn(FileChannel channel, long length) throws IOException {
    long done = 0;
    while (done < length) {
      long n = channel.transferTo(done, length - done, DevNull.CHANNEL);
      if (n <= 0) return;
      done += n;
    }
  }

  /** A sink that takes any bytes and keeps none. */
  private static final class DevNull {
    static final FileChannel CHANNEL = open();

    private static FileChannel open() {
      try {
        return FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** Reads {@code length} bytes at {@code position}; fewer if the file ends first. */
  static byte[] read(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      int n = channel.read(buf, position + buf.position());
      if (n < 0) break;
    }
    return buf.position() == length ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
  }

  private static void syncDir(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
