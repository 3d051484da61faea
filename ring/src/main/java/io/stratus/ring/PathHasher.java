package io.stratus.ring;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Swift's {@code hash_path}: MD5 of {@code prefix + "/" + account[/container[/object]] + suffix}.
 *
 * <p>The prefix and suffix are the cluster's secret salt (Swift's {@code swift_hash_path_prefix}
 * and {@code swift_hash_path_suffix}); every node of a cluster must use the same ones. Hashing
 * reuses a per-thread digest and buffer, so a lookup allocates nothing.
 */
public final class PathHasher {

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final byte[] prefix;
  private final byte[] suffix;

  public PathHasher(String prefix, String suffix) {
    this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    this.suffix = suffix.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The top 32 bits of the path's MD5 as an unsigned value; a ring shifts it right to get a
   * partition. A null or empty container or object is left out, as Swift does.
   */
  public long top32(String account, String container, String object) {
    Scratch s = SCRATCH.get();
    int len = s.encode(this, account, container, object);
    byte[] d = s.digest(len);
    return ((d[0] & 0xFFL) << 24) | ((d[1] & 0xFFL) << 16) | ((d[2] & 0xFFL) << 8) | (d[3] & 0xFFL);
  }

  /** The 16-byte MD5 of the path. */
  public byte[] digest(String account, String container, String object) {
    Scratch s = SCRATCH.get();
    int len = s.encode(this, account, container, object);
    return s.digest(len).clone();
  }

  /** The path's MD5 in lower-case hex, as Swift names hash directories and keys. */
  public String hexDigest(String account, String container, String object) {
    return HexFormat.of().formatHex(digest(account, container, object));
  }

  /** Per-thread digest, path buffer and output buffer. */
  private static final class Scratch {
    private final MessageDigest md5;
    private final byte[] out = new byte[16];
    private byte[] buf = new byte[512];

    Scratch() {
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JVM has no MD5", e);
      }
    }

    int encode(PathHasher h, String account, String container, String object) {
      if (account == null) {
        throw new IllegalArgumentException("account is required");
      }
      boolean hasContainer = container != null && !container.isEmpty();
      boolean hasObject = object != null && !object.isEmpty();
      if (hasObject && !hasContainer) {
        throw new IllegalArgumentException("container is required if object is provided");
      }
      int pos = put(0, h.prefix);
      pos = putPart(pos, account);
      if (hasContainer) {
        pos = putPart(pos, container);
      }
      if (hasObject) {
        pos = putPart(pos, object);
      }
      return put(pos, h.suffix);
    }

    byte[] digest(int len) {
      md5.update(buf, 0, len);
      try {
        md5.digest(out, 0, 16);
      } catch (DigestException e) {
        throw new IllegalStateException(e);
      }
      return out;
    }

    /**
     * Appends {@code "/" + part} in UTF-8. ASCII text, nearly every real path, is copied with
     * {@code String.getBytes(int, int, byte[], int)}: it keeps the low byte of each char, which for
     * ASCII is exactly UTF-8, and it is far faster than a char loop.
     */
    @SuppressWarnings("deprecation")
    private int putPart(int pos, String part) {
      int n = part.length();
      for (int i = 0; i < n; i++) {
        if (part.charAt(i) >= 0x80) {
          return put(pos, ('/' + part).getBytes(StandardCharsets.UTF_8));
        }
      }
      ensure(pos + 1 + n);
      buf[pos] = '/';
      part.getBytes(0, n, buf, pos + 1);
      return pos + 1 + n;
    }

    private int put(int pos, byte[] bytes) {
      ensure(pos + bytes.length);
      System.arraycopy(bytes, 0, buf, pos, bytes.length);
      return pos + bytes.length;
    }

    private void ensure(int capacity) {
      if (capacity > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
      }
    }
  }
}
