package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key layouts. Every key starts with the partition (4 bytes, big-endian) and the 16-byte MD5 path
 * hash; chunk keys add the write's timestamp and the chunk number, listing rows add the name. The
 * X-Delete-At index puts the time first, so the entries due are one range from the start.
 */
final class Keys {
  static final int PREFIX = 20;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Keys() {
  }

  /** partition | hash: an object, a container or an account. */
  static byte[] entity(int partition, byte[] hash) {
    return ByteBuffer.allocate(PREFIX).putInt(partition).put(hash).array();
  }

  /** partition | hash | timestamp | chunk number. */
  static byte[] chunk(byte[] entity, Timestamp ts, int index) {
    return ByteBuffer.allocate(PREFIX + Timestamp.BYTES + 4).put(entity).putLong(ts.ticks()).putLong(ts.offset())
        .putInt(index).array();
  }

  /** partition | hash | name: one row of a container's or account's listing. */
  static byte[] row(byte[] entity, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] key = Arrays.copyOf(entity, PREFIX + n.length);
    System.arraycopy(n, 0, key, PREFIX, n.length);
    return key;
  }

  static byte[] row(byte[] entity, byte[] name) {
    byte[] key = Arrays.copyOf(entity, PREFIX + name.length);
    System.arraycopy(name, 0, key, PREFIX, name.length);
    return key;
  }

  static String rowName(byte[] key) {
    return new String(key, PREFIX, key.length - PREFIX, StandardCharsets.UTF_8);
  }

  /** The first key after every key that starts with {@code prefix}, or null if there is none. */
  static byte[] successor(byte[] prefix) {
    byte[] next = prefix.clone();
    for (int i = next.length - 1; i >= 0; i--) {
      if (next[i] != (byte) 0xFF) {
        next[i]++;
        return Arrays.copyOf(next, i + 1);
      }
    }
    return null;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  static int partition(byte[] key) {
    return ByteBuffer.wrap(key, 0, 4).getInt();
  }

  /** The first key of a partition. */
  static byte[] partition(int partition) {
    return ByteBuffer.allocate(4).putInt(partition).array();
  }

  /** The path hash of an entity, chunk or row key. */
  static byte[] hash(byte[] key) {
    return Arrays.copyOfRange(key, 4, PREFIX);
  }

  /** Swift's suffix of a path hash: the last three hex digits. */
  static String suffix(byte[] hash) {
    int n = ((hash[hash.length - 2] & 0x0F) << 8) | (hash[hash.length - 1] & 0xFF);
    return new String(new char[] {HEX[n >> 8], HEX[(n >> 4) & 0xF], HEX[n & 0xF]});
  }

  /** X-Delete-At seconds | partition | hash: one entry of the expirer's index. */
  static byte[] deleteAt(long seconds, byte[] entity) {
    return ByteBuffer.allocate(8 + PREFIX).putLong(seconds).put(entity).array();
  }
}
