package io.stratus.ring;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes a file so that readers see the old or the new contents, never a part, even after a crash. */
final class AtomicFiles {

  /** Writes the contents of a file through its channel. */
  @FunctionalInterface
  interface Writer {
    void writeTo(FileChannel channel) throws IOException;
  }

  private AtomicFiles() {
  }

  /** Writes to a temporary sibling, syncs it, renames it over {@code target} and syncs the directory. */
  static void write(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writer.writeTo(ch);
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // Some file systems cannot sync a directory; the rename itself is still atomic.
    }
  }
}
