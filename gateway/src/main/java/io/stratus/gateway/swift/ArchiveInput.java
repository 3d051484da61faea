package io.stratus.gateway.swift;

import io.vertx.core.buffer.Buffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The bytes of an archive as they arrive, plain, gzip- or bzip2-compressed: the compressed input is
 * queued as it comes and inflated only as far as the reader asks ({@link #read(int)}), so a small
 * input never turns into a large buffer. Gzip members are checked (header, CRC-32, length); several
 * members in a row are read as one stream, as gzip does. Bzip2 is {@link Bzip2Decoder}'s.
 */
final class ArchiveInput {
  /** How an archive is compressed. */
  enum Compression {
    NONE, GZIP, BZIP2;

    /** The compression of an extract-archive format (tar; tar.gz or tgz; tar.bz2), null for any other. */
    static Compression of(String format) {
      return switch (format) {
        case "tar" -> NONE;
        case "tar.gz", "tgz" -> GZIP;
        case "tar.bz2" -> BZIP2;
        default -> null;
      };
    }
  }

  /** A malformed archive stream. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  /** Where a gzip stream is. */
  private enum Gzip { HEADER, BODY, TRAILER, BETWEEN }

  private final boolean gzip;
  private final Bzip2Decoder bzip2;
  private boolean closed;
  private Buffer pending = Buffer.buffer();
  private int pos;
  private boolean ended;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private long inflated;
  private byte[] given;
  private Gzip state = Gzip.HEADER;

  ArchiveInput(Compression compression) {
    this.gzip = compression == Compression.GZIP;
    this.bzip2 = compression == Compression.BZIP2 ? new Bzip2Decoder() : null;
  }

  /** Queues input; what comes once the reader is done (closed) is dropped. */
  void feed(Buffer data) {
    if (closed) return;
    if (bzip2 != null) {
      bzip2.feed(data);
      return;
    }
    if (pos > 0) {
      pending = pending.getBuffer(pos, pending.length());
      pos = 0;
    }
    pending.appendBuffer(data);
  }

  void end() {
    ended = true;
    if (bzip2 != null) bzip2.end();
  }

  /** Frees the inflater or the bzip2 block. */
  void close() {
    closed = true;
    pending = Buffer.buffer();
    pos = 0;
    inflater.end();
    if (bzip2 != null) bzip2.close();
  }

  /** Up to {@code max} bytes of the archive; empty when more input is needed, null at its end. */
  Buffer read(int max) {
    if (bzip2 != null) return bzip2.read(max);
    if (!gzip) {
      if (pos < pending.length()) {
        int end = Math.min(pending.length(), pos + max);
        Buffer out = pending.getBuffer(pos, end);
        pos = end;
        return out;
      }
      return ended ? null : Buffer.buffer();
    }
    while (true) {
      switch (state) {
        case HEADER -> {
          if (!header()) return truncatedOrWait();
        }
        case BODY -> {
          Buffer out = inflate(max);
          if (out != null) return out;
          if (state == Gzip.BODY) return truncatedOrWait();
        }
        case TRAILER -> {
          if (!trailer()) return truncatedOrWait();
        }
        default -> {
          if (pos < pending.length()) {
            state = Gzip.HEADER;
          } else {
            return ended ? null : Buffer.buffer();
          }
        }
      }
    }
  }

  private Buffer truncatedOrWait() {
    if (ended) throw new Malformed("unexpected end of gzip data");
    return Buffer.buffer();
  }

  /** Reads a member's header once all of it is here. */
  private boolean header() {
    int p = pos;
    int len = pending.length();
    if (len - p >= 2 && ((pending.getByte(p) & 0xFF) != 0x1f || (pending.getByte(p + 1) & 0xFF) != 0x8b)) {
      throw new Malformed("not a gzip file");
    }
    if (len - p < 10) return false;
    if (pending.getByte(p + 2) != 8) throw new Malformed("not a gzip file");
    int flags = pending.getByte(p + 3) & 0xFF;
    p += 10;
    if ((flags & FEXTRA) != 0) {
      if (len - p < 2) return false;
      p += 2 + (pending.getUnsignedShortLE(p));
    }
    for (int flag : new int[] {FNAME, FCOMMENT}) {
      if ((flags & flag) == 0) continue;
      while (p < len && pending.getByte(p) != 0) p++;
      if (p >= len) return false;
      p++;
    }
    if ((flags & FHCRC) != 0) p += 2;
    if (p > len) return false;
    pos = p;
    inflater.reset();
    crc.reset();
    inflated = 0;
    state = Gzip.BODY;
    return true;
  }

  /** Inflates up to {@code max} bytes; null when nothing came out (more input needed, or the member ended). */
  private Buffer inflate(int max) {
    byte[] out = new byte[Math.min(max, 65536)];
    while (true) {
      if (inflater.needsInput()) {
        if (pos >= pending.length()) return null;
        given = pending.getBytes(pos, pending.length());
        inflater.setInput(given);
        pos = pending.length();
      }
      int n;
      try {
        n = inflater.inflate(out);
      } catch (DataFormatException e) {
        throw new Malformed("invalid gzip data: " + e.getMessage());
      }
      if (n > 0) {
        crc.update(out, 0, n);
        inflated += n;
        return Buffer.buffer(n == out.length ? out : java.util.Arrays.copyOf(out, n));
      }
      if (inflater.finished()) {
        int left = inflater.getRemaining();
        Buffer rest = Buffer.buffer().appendBytes(given, given.length - left, left).appendBuffer(pending.getBuffer(pos,
            pending.length()));
        pending = rest;
        pos = 0;
        state = Gzip.TRAILER;
        return null;
      }
      if (inflater.needsDictionary()) throw new Malformed("invalid gzip data: needs a dictionary");
    }
  }

  private boolean trailer() {
    if (pending.length() - pos < 8) return false;
    long expectedCrc = pending.getUnsignedIntLE(pos);
    long expectedSize = pending.getUnsignedIntLE(pos + 4);
    if (expectedCrc != crc.getValue() || expectedSize != (inflated & 0xFFFFFFFFL)) {
      throw new Malformed("CRC check failed");
    }
    pos += 8;
    state = Gzip.BETWEEN;
    return true;
  }
}
