package io.stratus.compute.agent;

import io.stratus.compute.agent.ImageCache.CachedImage;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Makes an instance's disk from a cached image: a qcow2 overlay whose backing file is the cached image when
 * qemu-img is there and the image is qcow2 or raw (Nova's image cache), grown to the flavor's disk size when
 * that is bigger; otherwise a copy of the image. Blocking work (processes, copies) runs on the file workers.
 */
public final class InstanceDisks {
  private static final long GIB = 1024L * 1024 * 1024;
  private static final long QEMU_IMG_TIMEOUT_SECONDS = 120;
  private static final int QCOW2_MAGIC = 0x514649fb;
  private static final int QCOW2_HEADER = 72;

  /** A disk made for an instance, in the format QEMU reads it as. */
  public record Disk(Path path, String format) {
  }

  private final Path qemuImg;
  private final WorkerExecutor files;

  /** {@code qemuImg} null or missing: every disk is a copy. */
  public InstanceDisks(Path qemuImg, WorkerExecutor files) {
    this.qemuImg = qemuImg != null && Files.isExecutable(qemuImg) ? qemuImg : null;
    this.files = files;
  }

  public boolean overlays() {
    return qemuImg != null;
  }

  /** Creates {@code dir/disk} from the image, at least {@code sizeGb} big (0: the image's size). */
  public Future<Disk> create(Path dir, CachedImage image, long sizeGb) {
    String format = qemuFormat(image.diskFormat());
    return files.executeBlocking(() -> {
      Files.createDirectories(dir);
      Path disk = dir.resolve("disk");
      Files.deleteIfExists(disk);
      if (qemuImg != null && (format.equals("qcow2") || format.equals("raw"))) {
        // one qemu-img run: the overlay gets the flavor's size at once when that is bigger than the image's
        long size = Math.max(virtualSize(image.path(), format), sizeGb * GIB);
        run(List.of(qemuImg.toString(), "create", "-q", "-f", "qcow2", "-b", image.path().toAbsolutePath().toString(),
            "-F", format, disk.toString(), Long.toString(size)));
        return new Disk(disk, "qcow2");
      }
      Files.copy(image.path(), disk, StandardCopyOption.REPLACE_EXISTING);
      if (format.equals("raw") && sizeGb * GIB > Files.size(disk)) {
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
          file.setLength(sizeGb * GIB);
        }
      }
      return new Disk(disk, format);
    }, false);
  }

  /** The size the guest sees: a raw image's length, or the size in a qcow2 header (big-endian at byte 24). */
  static long virtualSize(Path image, String format) throws IOException {
    if (!format.equals("qcow2")) return Files.size(image);
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
      if (file.length() < QCOW2_HEADER || file.readInt() != QCOW2_MAGIC) {
        throw new InstanceFault(400, "The image is not a qcow2 file", image.toString());
      }
      file.seek(24);
      return file.readLong();
    }
  }

  /** QEMU's name for a Glance disk format. */
  static String qemuFormat(String diskFormat) {
    String f = diskFormat == null ? "raw" : diskFormat.toLowerCase(Locale.ROOT);
    return switch (f) {
      case "qcow2", "vmdk", "vdi" -> f;
      case "vhd", "vhdx" -> f.equals("vhd") ? "vpc" : "vhdx";
      default -> "raw"; // raw, ami, iso, and what QEMU can only read as bytes
    };
  }

  /** Runs a command to its end; its standard output, or an InstanceFault with what it said. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(QEMU_IMG_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new InstanceFault(500, "Preparing the instance's disk timed out", String.join(" ", command));
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new InstanceFault(500, "Preparing the instance's disk failed", String.join(" ", command) + ": " + text.trim());
    }
    return text;
  }
}
