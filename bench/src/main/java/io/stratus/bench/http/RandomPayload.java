package io.stratus.bench.http;

import io.vertx.core.buffer.Buffer;
import java.util.SplittableRandom;

/**
 * A reusable block of pseudo-random bytes that request bodies are cut from, so a body of any size
 * (1 GiB included) is streamed as slices of one small buffer and never allocated whole.
 */
public final class RandomPayload {

  /** Size of one written slice: bodies go out in chunks of at most this many bytes. */
  public static final int CHUNK = 64 * 1024;
  private static final int BLOCK = 1 << 20;

  private final Buffer block;

  /** A payload block filled from a seeded generator (runs with the same seed send the same bytes). */
  public RandomPayload(long seed) {
    byte[] bytes = new byte[BLOCK + CHUNK];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < bytes.length; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8 && i + j < bytes.length; j++) {
        bytes[i + j] = (byte) (v >>> (8 * j));
      }
    }
    this.block = Buffer.buffer(bytes);
  }

  /**
   * The bytes at {@code offset} of an endless stream made by repeating the block, {@code length}
   * bytes long (at most {@link #CHUNK}); a view on the block, not a copy.
   */
  public Buffer slice(long offset, int length) {
    if (length > CHUNK) {
      throw new IllegalArgumentException("slice longer than " + CHUNK);
    }
    int start = (int) (offset % BLOCK);
    return block.slice(start, start + length);
  }
}
