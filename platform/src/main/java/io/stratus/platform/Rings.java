package io.stratus.platform;

import io.stratus.ring.PathHasher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The cluster's hash path secret (Swift's swift_hash_path_suffix): made once, at random, on the
 * first start, and kept in the data directory; every ring lookup of the cluster uses it.
 */
final class Rings {

  static final String SUFFIX_FILE = "hash-path-suffix";

  private Rings() {
  }

  /** The hasher of the cluster whose rings live in {@code ringDir}, creating its secret if needed. */
  static PathHasher hasher(Path ringDir) throws IOException {
    return new PathHasher("", suffix(ringDir));
  }

  /** The hash path suffix of the cluster whose rings live in {@code ringDir}, creating it if needed. */
  static String suffix(Path ringDir) throws IOException {
    Path file = ringDir.resolve(SUFFIX_FILE);
    if (!Files.exists(file)) {
      byte[] secret = new byte[16];
      new SecureRandom().nextBytes(secret);
      Path tmp = ringDir.resolve(SUFFIX_FILE + ".tmp");
      Files.writeString(tmp, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
    String suffix = Files.readString(file, StandardCharsets.US_ASCII).trim();
    if (suffix.isEmpty()) {
      throw new IOException(file + " is empty: it must hold the cluster's hash path suffix");
    }
    return suffix;
  }
}
