package io.stratus.gateway.swift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The streaming bzip2 decoder on streams commons-compress wrote (every block size, runs that
 * exercise both run-length stages, several blocks and several streams), fed in pieces of many sizes;
 * corrupt and truncated streams fail as {@link ArchiveInput.Malformed}, never otherwise.
 */
class Bzip2DecoderTest {
  static byte[] bzip2(byte[] data, int level) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out, level)) {
      bz.write(data);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** Feeds {@code compressed} in pieces, reading whatever is ready after each, at most {@code max} bytes a read. */
  static byte[] decode(byte[] compressed, int piece, int max) {
    Bzip2Decoder decoder = new Bzip2Decoder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < compressed.length; i += piece) {
      decoder.feed(Buffer.buffer().appendBytes(compressed, i, Math.min(piece, compressed.length - i)));
      for (Buffer b = decoder.read(max); b.length() > 0; b = decoder.read(max)) {
        assertTrue(b.length() <= max);
        out.writeBytes(b.getBytes());
      }
    }
    decoder.end();
    for (Buffer b = decoder.read(max); b != null; b = decoder.read(max)) {
      assertTrue(b.length() > 0 && b.length() <= max, "an empty read after the end");
      out.writeBytes(b.getBytes());
    }
    assertNull(decoder.read(max));
    decoder.close();
    return out.toByteArray();
  }

  /** Text, runs of every length around bzip2's run-length thresholds, and every byte value. */
  static byte[] mixed(int size, long seed) {
    Random random = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] words = {"swift ", "object ", "container ", "ring ", "tar\n", "bz2 "};
    while (out.size() < size) {
      switch (random.nextInt(4)) {
        case 0 -> out.writeBytes(words[random.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII));
        case 1 -> {
          byte[] run = new byte[1 + random.nextInt(random.nextBoolean() ? 6 : 600)];
          Arrays.fill(run, (byte) random.nextInt(256));
          out.writeBytes(run);
        }
        case 2 -> out.write(random.nextInt(256));
        default -> {
          byte[] noise = new byte[random.nextInt(64)];
          random.nextBytes(noise);
          out.writeBytes(noise);
        }
      }
    }
    return Arrays.copyOf(out.toByteArray(), size);
  }

  @Test
  void decodesEveryBlockSizeInAnyPieces() {
    byte[] data = mixed(250_000, 1);
    for (int level = 1; level <= 9; level++) {
      byte[] compressed = bzip2(data, level);
      for (int piece : new int[] {1, 7, 100, 4096, compressed.length}) {
        if (piece == 1 && level > 2) continue;
        assertArrayEquals(data, decode(compressed, piece, 65536), "level " + level + ", pieces of " + piece);
      }
    }
  }

  @Test
  void decodesManyBlocksAndLongRuns() {
    byte[] random = new byte[2_500_000];
    new Random(2).nextBytes(random);
    assertArrayEquals(random, decode(bzip2(random, 1), 8192, 65536));
    byte[] zeros = new byte[3_000_000];
    assertArrayEquals(zeros, decode(bzip2(zeros, 9), 8192, 65536));
    byte[] all = new byte[256 * 50];
    for (int i = 0; i < all.length; i++) all[i] = (byte) (i % 256);
    assertArrayEquals(all, decode(bzip2(all, 1), 3, 512));
  }

  @Test
  void decodesConcatenatedStreamsAsOne() {
    byte[] a = mixed(150_000, 3);
    byte[] b = mixed(70_000, 4);
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    byte[] first = bzip2(a, 1);
    byte[] second = bzip2(b, 9);
    byte[] stream = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, stream, first.length, second.length);
    for (int piece : new int[] {5, 1000, stream.length}) assertArrayEquals(both, decode(stream, piece, 65536));
    assertArrayEquals(new byte[0], decode(bzip2(new byte[0], 9), 1, 100));
  }

  @Test
  void handsOutNoMoreThanAskedOfABlockThatExpandsAHundredfold() {
    byte[] zeros = new byte[20_000_000];
    byte[] compressed = bzip2(zeros, 9);
    assertTrue(compressed.length < 200, "20 MB of zeros is a few dozen bytes of bzip2: " + compressed.length);
    assertArrayEquals(zeros, decode(compressed, compressed.length, 4096));
  }

  private static String failure(byte[] compressed, int piece) {
    return assertThrows(ArchiveInput.Malformed.class, () -> decode(compressed, piece, 65536)).getMessage();
  }

  @Test
  void reportsWhatIsWrong() {
    byte[] good = bzip2(mixed(10_000, 5), 9);
    assertEquals("not a bzip2 file", failure("not bzip2 at all".getBytes(StandardCharsets.US_ASCII), 1));
    assertEquals("not a bzip2 file", failure(new byte[] {0x1f, (byte) 0x8b, 8, 0}, 4));
    assertEquals("not a bzip2 file", failure("BZh0".getBytes(StandardCharsets.US_ASCII), 4));
    assertEquals("unexpected end of bzip2 data", failure(new byte[0], 1));
    assertEquals("unexpected end of bzip2 data", failure(Arrays.copyOf(good, 3), 1));
    assertEquals("unexpected end of bzip2 data", failure(Arrays.copyOf(good, good.length / 2), 100));
    assertEquals("unexpected end of bzip2 data", failure(Arrays.copyOf(good, good.length - 1), 100));
    byte[] badBlockCrc = good.clone();
    badBlockCrc[10] ^= 1; // the block's CRC: 4 bytes of "BZh9", 6 of the block magic
    assertEquals("CRC check failed", failure(badBlockCrc, 7));
    byte[] badMagic = good.clone();
    badMagic[4] ^= 1;
    assertEquals("invalid bzip2 data: bad block header", failure(badMagic, 7));
    byte[] trailing = Arrays.copyOf(good, good.length + 3);
    assertEquals("invalid bzip2 data: data after the end of the stream", failure(trailing, 1000));
  }

  /** Damage anywhere is either caught (a Malformed) or, where it only hits padding, harmless. */
  @Test
  void damagedStreamsFailCleanly() {
    byte[] data = mixed(300_000, 6);
    byte[] good = bzip2(data, 1);
    Random random = new Random(7);
    int caught = 0;
    for (int trial = 0; trial < 400; trial++) {
      byte[] bad = trial % 4 == 0 ? Arrays.copyOf(good, random.nextInt(good.length)) : good.clone();
      for (int flips = trial % 4 == 0 ? 0 : 1 + random.nextInt(3); flips > 0; flips--) {
        bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
      }
      try {
        assertArrayEquals(data, decode(bad, 1 + random.nextInt(20_000), 65536), "trial " + trial);
      } catch (ArchiveInput.Malformed e) {
        caught++;
      }
    }
    assertTrue(caught > 390, caught + " of 400 damaged streams caught");
  }
}
