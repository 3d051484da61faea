package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What lets container and account replication work on changes instead of whole databases (Swift's
 * ROWIDs, sync points and {@code chexor} hash): every row write takes the database's next sequence
 * number, stored in front of the row's JSON and in a log keyed by it; the database's hash is the XOR
 * of the MD5s of its rows' names and versions, so it moves with each write and two replicas holding
 * the same rows have the same hash whatever their order; a peer keeps, per sending database, the
 * highest sequence number it has merged (its sync point). Deleted rows are also indexed by when
 * they were deleted, so reclaim reads only the old ones.
 */
final class RowLog {
  /** Sync points kept per database: more senders than this means databases long gone; the oldest go. */
  private static final int MAX_POINTS = 32;
  private static final int HASH_BYTES = 16;

  private RowLog() {
  }

  /**
   * A database's replication state: its random id (new whenever the database is created again),
   * the last sequence number given out, its hash, and the sync points of the databases that pushed
   * rows to it.
   */
  record State(long dbId, long maxSeq, byte[] hash, Map<Long, Long> points) {
    static final State NONE = new State(0, 0, new byte[HASH_BYTES], Map.of());

    /** A fresh state for a database about to get its first row. */
    static State fresh() {
      long id;
      do {
        id = java.util.concurrent.ThreadLocalRandom.current().nextLong();
      } while (id == 0);
      return new State(id, 0, new byte[HASH_BYTES], new LinkedHashMap<>());
    }

    String hashHex() {
      return HexFormat.of().formatHex(hash);
    }

    long pointOf(long senderDbId) {
      return points.getOrDefault(senderDbId, 0L);
    }

    byte[] encode() {
      ByteBuffer out = ByteBuffer.allocate(8 + 8 + HASH_BYTES + 4 + points.size() * 16);
      out.putLong(dbId).putLong(maxSeq).put(hash).putInt(points.size());
      points.forEach((id, point) -> out.putLong(id).putLong(point));
      return out.array();
    }

    static State decode(byte[] bytes) {
      if (bytes == null) return NONE;
      ByteBuffer in = ByteBuffer.wrap(bytes);
      long id = in.getLong();
      long max = in.getLong();
      byte[] hash = new byte[HASH_BYTES];
      in.get(hash);
      int n = in.getInt();
      Map<Long, Long> points = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) points.put(in.getLong(), in.getLong());
      return new State(id, max, hash, points);
    }

    /** A mutable copy (a fresh state when there is none yet). */
    State forWriting() {
      if (dbId == 0) return fresh();
      return new State(dbId, maxSeq, hash.clone(), new LinkedHashMap<>(points));
    }

    State withMaxSeq(long seq) {
      return new State(dbId, seq, hash, points);
    }

    /** Records that the sender's rows up to {@code point} are merged here (never moves a point back). */
    void accept(long senderDbId, long point) {
      if (point <= pointOf(senderDbId)) return;
      points.remove(senderDbId);
      points.put(senderDbId, point);
      while (points.size() > MAX_POINTS) points.remove(points.keySet().iterator().next());
    }
  }

  /** A row value: the sequence number it was written under, then the row's JSON. */
  static byte[] value(long seq, byte[] json) {
    return ByteBuffer.allocate(8 + json.length).putLong(seq).put(json).array();
  }

  /** The sequence number of a row value; 0 for a row written before rows had one (plain JSON). */
  static long seq(byte[] value) {
    return legacy(value) ? 0 : ByteBuffer.wrap(value, 0, 8).getLong();
  }

  /** The row in a row value; null for none. */
  static <R> R row(byte[] value, Class<R> type) {
    if (value == null) return null;
    return Json.decode(legacy(value) ? value : Arrays.copyOfRange(value, 8, value.length), type);
  }

  /** Rows written before sequence numbers are plain JSON objects (a sequence number never starts with '{'). */
  private static boolean legacy(byte[] value) {
    return value.length > 0 && value[0] == '{';
  }

  /** partition | hash | sequence number: one entry of a database's change log, naming the row. */
  static byte[] logKey(byte[] entity, long seq) {
    return ByteBuffer.allocate(Keys.PREFIX + 8).put(entity).putLong(seq).array();
  }

  static long logSeq(byte[] key) {
    return ByteBuffer.wrap(key, Keys.PREFIX, 8).getLong();
  }

  /** partition | hash | deleted-at timestamp | name: one deleted row, found by age. */
  static byte[] tombstoneKey(byte[] entity, Timestamp deletedAt, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(Keys.PREFIX + Timestamp.BYTES + n.length).put(entity).putLong(deletedAt.ticks())
        .putLong(deletedAt.offset()).put(n).array();
  }

  /** The first tombstone key of the database deleted at or after {@code ts}. */
  static byte[] tombstoneBound(byte[] entity, Timestamp ts) {
    return ByteBuffer.allocate(Keys.PREFIX + Timestamp.BYTES).put(entity).putLong(ts.ticks()).putLong(ts.offset()).array();
  }

  static String tombstoneName(byte[] key) {
    int from = Keys.PREFIX + Timestamp.BYTES;
    return new String(key, from, key.length - from, StandardCharsets.UTF_8);
  }

  /** A row's share of its database's hash: MD5 of its name and its version. */
  static byte[] rowHash(String name, String version) {
    MessageDigest md = md5();
    md.update(name.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
    md.update(version.getBytes(StandardCharsets.UTF_8));
    return md.digest();
  }

  /** XORs {@code h} into {@code into} (adds a row to the hash, or takes it out again). */
  static void xor(byte[] into, byte[] h) {
    for (int i = 0; i < HASH_BYTES; i++) into[i] ^= h[i];
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
