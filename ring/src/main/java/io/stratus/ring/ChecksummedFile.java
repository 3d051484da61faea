package io.stratus.ring;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The envelope of ring and builder files: a header (4-byte magic, u16 format version, u16 reserved,
 * u64 body length), the body, and a CRC32C of the body. Files are written atomically; reading checks
 * magic, version, length and checksum before the body is parsed.
 */
public final class ChecksummedFile {

  private static final int HEADER_BYTES = 16;
  private static final int TRAILER_BYTES = 4;
  private static final int LENGTH_OFFSET = 8;

  /** Writes a body. */
  @FunctionalInterface
  public interface BodyWriter {
    void write(DataOutputStream out) throws IOException;
  }

  /** Parses a body that has passed the checks. */
  @FunctionalInterface
  public interface BodyReader<T> {
    T read(DataInputStream in) throws IOException;
  }

  /** What a file is: its magic, format version and a name for messages ("ring file"). */
  public record Kind(String magic, int formatVersion, String name) {
    public Kind {
      if (magic.length() != 4) {
        throw new IllegalArgumentException("magic must be 4 characters");
      }
    }

    byte[] magicBytes() {
      return magic.getBytes(StandardCharsets.US_ASCII);
    }
  }

  private ChecksummedFile() {
  }

  /** Writes {@code file} atomically. */
  public static void write(Path file, Kind kind, BodyWriter body) throws IOException {
    AtomicFiles.write(file, ch -> {
      CRC32C crc = new CRC32C();
      DataOutputStream header = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
      header.write(kind.magicBytes());
      header.writeShort(kind.formatVersion());
      header.writeShort(0);
      header.writeLong(0);
      DataOutputStream out = new DataOutputStream(new CheckedOutputStream(header, crc));
      body.write(out);
      out.flush();
      header.writeInt((int) crc.getValue());
      header.flush();
      long length = ch.size() - HEADER_BYTES - TRAILER_BYTES;
      ByteBuffer len = ByteBuffer.allocate(8).putLong(length).flip();
      while (len.hasRemaining()) {
        ch.write(len, LENGTH_OFFSET + len.position());
      }
    });
  }

  /** Reads {@code file}, refusing it with a clear message if it is not whole and intact. */
  public static <T> T read(Path file, Kind kind, BodyReader<T> body) throws IOException {
    long size = Files.size(file);
    long length = checkHeaderAndChecksum(file, kind, size);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      in.skipNBytes(HEADER_BYTES);
      CountingInput counted = new CountingInput(in);
      T value = body.read(new DataInputStream(counted));
      if (counted.count != length) {
        throw new RingFormatException(file, "corrupt " + kind.name() + ": body is " + length + " bytes but "
            + counted.count + " were read");
      }
      return value;
    } catch (EOFException e) {
      throw new RingFormatException(file, "corrupt " + kind.name() + ": contents end early", e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new RingFormatException(file, "inconsistent " + kind.name() + ": " + e.getMessage(), e);
    }
  }

  private static long checkHeaderAndChecksum(Path file, Kind kind, long size) throws IOException {
    if (size < HEADER_BYTES + TRAILER_BYTES) {
      throw new RingFormatException(file, "not a " + kind.name() + " or truncated: only " + size + " bytes");
    }
    CRC32C crc = new CRC32C();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      byte[] magic = in.readNBytes(4);
      if (!Arrays.equals(magic, kind.magicBytes())) {
        throw new RingFormatException(file, "not a " + kind.name() + " (bad magic)");
      }
      int format = in.readUnsignedShort();
      if (format != kind.formatVersion()) {
        throw new RingFormatException(file, kind.name() + " format " + format + " is not supported (this build reads "
            + kind.formatVersion() + ")");
      }
      in.readUnsignedShort();
      long length = in.readLong();
      long expected = HEADER_BYTES + length + TRAILER_BYTES;
      if (length < 0 || size < expected) {
        throw new RingFormatException(file, "truncated " + kind.name() + ": " + size + " of " + expected + " bytes");
      }
      if (size > expected) {
        throw new RingFormatException(file, "corrupt " + kind.name() + ": " + (size - expected)
            + " bytes beyond its declared length");
      }
      CheckedInputStream checked = new CheckedInputStream(in, crc);
      byte[] buf = new byte[1 << 16];
      long left = length;
      while (left > 0) {
        int n = checked.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new EOFException();
        }
        left -= n;
      }
      if (in.readInt() != (int) crc.getValue()) {
        throw new RingFormatException(file, "checksum mismatch: the " + kind.name() + " is corrupt");
      }
      return length;
    } catch (EOFException e) {
      throw new RingFormatException(file, "truncated " + kind.name(), e);
    }
  }

  /** Counts the bytes a body reader consumes. */
  private static final class CountingInput extends InputStream {
    private final InputStream in;
    private long count;

    CountingInput(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
