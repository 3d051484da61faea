package io.stratus.gateway.swift;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * A streaming bzip2 decoder (several streams in a row read as one, as {@code bzip2 -d} and pbzip2
 * output want): the compressed bytes are queued as they come, a block's tables and Huffman symbols
 * are decoded as far as the input goes, and the decoded block is handed out only as far as the reader
 * asks ({@link #read(int)}), so memory stays one block (at most 900,000 symbols) whatever the
 * archive's size. Block and stream CRCs are checked; bad input is {@link ArchiveInput.Malformed}.
 */
final class Bzip2Decoder {
  private static final byte[] STREAM_MAGIC = {'B', 'Z', 'h'};
  private static final long BLOCK_MAGIC = 0x314159265359L;
  private static final long END_MAGIC = 0x177245385090L;
  private static final int MAX_CODE_LENGTH = 20;
  private static final int GROUP_SIZE = 50;
  /** A group's symbols take at most this many bits: a group is only started once they are here (or the input ended). */
  private static final int GROUP_BITS = GROUP_SIZE * MAX_CODE_LENGTH;
  private static final int MAX_SELECTORS = 18002;
  private static final int MAX_GROUPS = 6;
  private static final int MAX_ALPHABET = 258;
  /** No encoder writes a block's tables in more than ~50 KiB; input piling up beyond this is not bzip2. */
  private static final long MAX_HEADER_BITS = 8L * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;
  private static final int[] CRC_TABLE = crcTable();

  /** Where the decoder is: before a stream, before a block (or the stream's end), in its symbols, handing it out. */
  private enum State { STREAM, BLOCK, SYMBOLS, OUTPUT }

  /** The input so far ends inside a block's header: it is decoded again once more has come. */
  private static final class Short extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Short() {
      super(null, null, false, false);
    }
  }

  private static final Short SHORT = new Short();

  /** One Huffman table in canonical form: the last code of each length, the first, and the symbols in code order. */
  private static final class Table {
    final int[] limit = new int[MAX_CODE_LENGTH + 1];
    final int[] first = new int[MAX_CODE_LENGTH + 1];
    final int[] offset = new int[MAX_CODE_LENGTH + 1];
    final int[] symbols = new int[MAX_ALPHABET];

    void build(int[] lengths, int alphabet) {
      int code = 0;
      int index = 0;
      for (int length = 1; length <= MAX_CODE_LENGTH; length++) {
        first[length] = code;
        offset[length] = index;
        for (int s = 0; s < alphabet; s++) {
          if (lengths[s] == length) symbols[index++] = s;
        }
        code += index - offset[length];
        limit[length] = code - 1;
        code <<= 1;
      }
    }
  }

  private byte[] in = new byte[CHUNK];
  private int inPos;
  private int inLen;
  private boolean ended;
  private long bitBuffer;
  private int bitCount;
  private long retryAt;

  private State state = State.STREAM;
  private boolean sawStream;
  private int blockSize;
  private int streamCrc;

  private int blockCrc;
  private int origin;
  private final byte[] seqToUnseq = new byte[256];
  private int inUse;
  private final byte[] selectors = new byte[MAX_SELECTORS];
  private int selectorCount;
  private final Table[] tables = new Table[MAX_GROUPS];
  private int[] tt;
  private final int[] counts = new int[256];
  private final byte[] mtf = new byte[256];
  private int count;
  private int group;
  private int run;
  private int runWeight;

  private int tPos;
  private int used;
  private int last;
  private int same;
  private int repeat;
  private int crc;

  Bzip2Decoder() {
    for (int i = 0; i < MAX_GROUPS; i++) tables[i] = new Table();
  }

  void feed(Buffer data) {
    int n = data.length();
    int live = inLen - inPos;
    if (inLen + n > in.length) {
      byte[] target = live + n > in.length ? new byte[Math.max(2 * in.length, live + n)] : in;
      System.arraycopy(in, inPos, target, 0, live);
      in = target;
      inPos = 0;
      inLen = live;
    }
    data.getBytes(0, n, in, inLen);
    inLen += n;
  }

  void end() {
    ended = true;
  }

  /** Frees the block. */
  void close() {
    tt = null;
  }

  /** Up to {@code max} decoded bytes; empty when more input is needed, null at the end of the last stream. */
  Buffer read(int max) {
    while (true) {
      switch (state) {
        case STREAM -> {
          if (ended && inPos == inLen && sawStream) return null;
          if (!streamHeader()) return Buffer.buffer();
        }
        case BLOCK -> {
          if (!blockHeader()) return Buffer.buffer();
        }
        case SYMBOLS -> {
          if (!symbols()) return Buffer.buffer();
        }
        default -> {
          if (max <= 0) return Buffer.buffer();
          Buffer out = output(Math.min(max, CHUNK));
          if (out != null) return out;
        }
      }
    }
  }

  private static ArchiveInput.Malformed invalid(String why) {
    return new ArchiveInput.Malformed("invalid bzip2 data: " + why);
  }

  private long availableBits() {
    return bitCount + 8L * (inLen - inPos);
  }

  private int bit() {
    if (bitCount == 0) refill();
    return (int) (bitBuffer >>> --bitCount) & 1;
  }

  private int bits(int n) {
    while (bitCount < n) refill();
    bitCount -= n;
    return (int) (bitBuffer >>> bitCount) & (int) ((1L << n) - 1);
  }

  private void refill() {
    if (inPos == inLen) {
      if (ended) throw new ArchiveInput.Malformed("unexpected end of bzip2 data");
      throw SHORT;
    }
    bitBuffer = bitBuffer << 8 | in[inPos++] & 0xFF;
    bitCount += 8;
  }

  /** "BZh" and the block size digit; false while fewer than 4 bytes are here. */
  private boolean streamHeader() {
    for (int i = 0; i < 3 && inPos + i < inLen; i++) {
      if (in[inPos + i] != STREAM_MAGIC[i]) {
        throw sawStream ? invalid("data after the end of the stream") : new ArchiveInput.Malformed("not a bzip2 file");
      }
    }
    if (inLen - inPos < 4) {
      if (ended) throw new ArchiveInput.Malformed("unexpected end of bzip2 data");
      return false;
    }
    int level = in[inPos + 3] - '0';
    if (level < 1 || level > 9) throw new ArchiveInput.Malformed("not a bzip2 file");
    inPos += 4;
    blockSize = level * 100_000;
    if (tt == null || tt.length < blockSize) tt = new int[blockSize];
    streamCrc = 0;
    sawStream = true;
    state = State.BLOCK;
    return true;
  }

  /**
   * A block's header and tables, or the stream's end; read again from its start when the input ran
   * out inside it, once what is here has doubled (so a slow upload costs few retries).
   */
  private boolean blockHeader() {
    long available = availableBits();
    if (!ended && available < retryAt) return false;
    int pos = inPos;
    long buffer = bitBuffer;
    int bitsLeft = bitCount;
    try {
      readBlockHeader();
      retryAt = 0;
      return true;
    } catch (Short e) {
      if (available > MAX_HEADER_BITS) throw invalid("block header too long");
      inPos = pos;
      bitBuffer = buffer;
      bitCount = bitsLeft;
      retryAt = Math.max(2 * available, 64);
      return false;
    }
  }

  private void readBlockHeader() {
    long magic = (long) bits(24) << 24 | bits(24);
    if (magic == END_MAGIC) {
      if (bits(32) != streamCrc) throw new ArchiveInput.Malformed("CRC check failed");
      bitCount = 0;
      state = State.STREAM;
      return;
    }
    if (magic != BLOCK_MAGIC) throw invalid("bad block header");
    blockCrc = bits(32);
    if (bit() != 0) throw invalid("randomised blocks are not supported");
    origin = bits(24);
    readSymbolMap();
    int groups = bits(3);
    if (groups < 2 || groups > MAX_GROUPS) throw invalid("bad number of Huffman tables");
    readSelectors(groups);
    readTables(groups);
    Arrays.fill(counts, 0);
    for (int i = 0; i < mtf.length; i++) mtf[i] = (byte) i;
    count = 0;
    group = 0;
    run = 0;
    runWeight = 1;
    state = State.SYMBOLS;
  }

  /** The bytes the block uses: 16 ranges of 16, a bit each. */
  private void readSymbolMap() {
    int ranges = bits(16);
    inUse = 0;
    for (int i = 0; i < 16; i++) {
      if ((ranges & 0x8000 >>> i) == 0) continue;
      int used16 = bits(16);
      for (int j = 0; j < 16; j++) {
        if ((used16 & 0x8000 >>> j) != 0) seqToUnseq[inUse++] = (byte) (i * 16 + j);
      }
    }
    if (inUse == 0) throw invalid("no symbols in use");
  }

  /** Which table each group of 50 symbols uses, move-to-front and unary coded. */
  private void readSelectors(int groups) {
    int n = bits(15);
    if (n < 1) throw invalid("no selectors");
    byte[] order = {0, 1, 2, 3, 4, 5};
    for (int i = 0; i < n; i++) {
      int j = 0;
      while (bit() != 0) {
        if (++j >= groups) throw invalid("bad selector");
      }
      byte table = order[j];
      System.arraycopy(order, 0, order, 1, j);
      order[0] = table;
      if (i < MAX_SELECTORS) selectors[i] = table;
    }
    selectorCount = Math.min(n, MAX_SELECTORS);
  }

  /** Each table's code lengths: a 5-bit start, then per symbol steps of +1/-1 until a 0 bit. */
  private void readTables(int groups) {
    int alphabet = inUse + 2;
    int[] lengths = new int[alphabet];
    for (int t = 0; t < groups; t++) {
      int length = bits(5);
      for (int s = 0; s < alphabet; s++) {
        while (true) {
          if (length < 1 || length > MAX_CODE_LENGTH) throw invalid("bad code length");
          if (bit() == 0) break;
          length += bit() == 0 ? 1 : -1;
        }
        lengths[s] = length;
      }
      tables[t].build(lengths, alphabet);
    }
  }

  /**
   * The block's symbols, a group of 50 at a time: runs of the front byte (RUNA/RUNB, bijective base
   * 2), move-to-front indexes, and the end of the block; false while a whole group is not here yet.
   */
  private boolean symbols() {
    int endOfBlock = inUse + 1;
    while (ended || availableBits() >= GROUP_BITS) {
      if (group >= selectorCount) throw invalid("more groups than selectors");
      Table table = tables[selectors[group++]];
      for (int i = 0; i < GROUP_SIZE; i++) {
        int symbol = decode(table);
        if (symbol <= 1) {
          run += runWeight << symbol;
          runWeight <<= 1;
          if (run > blockSize) throw invalid("run longer than the block");
          continue;
        }
        flushRun();
        if (symbol == endOfBlock) {
          endBlock();
          return true;
        }
        int index = symbol - 1;
        byte front = mtf[index];
        System.arraycopy(mtf, 0, mtf, 1, index);
        mtf[0] = front;
        append(seqToUnseq[front & 0xFF] & 0xFF, 1);
      }
    }
    return false;
  }

  private int decode(Table table) {
    int code = 0;
    for (int length = 1; length <= MAX_CODE_LENGTH; length++) {
      code = code << 1 | bit();
      if (code <= table.limit[length]) return table.symbols[table.offset[length] + code - table.first[length]];
    }
    throw invalid("bad Huffman code");
  }

  private void flushRun() {
    if (run == 0) return;
    append(seqToUnseq[mtf[0] & 0xFF] & 0xFF, run);
    run = 0;
    runWeight = 1;
  }

  private void append(int b, int times) {
    if (count + times > blockSize) throw invalid("block longer than its size");
    counts[b] += times;
    Arrays.fill(tt, count, count + times, b);
    count += times;
  }

  /** Inverts the Burrows-Wheeler transform: each slot of tt gets the index of the byte that follows it. */
  private void endBlock() {
    if (origin >= count) throw invalid("bad origin pointer");
    int sum = 0;
    for (int b = 0; b < 256; b++) {
      int c = counts[b];
      counts[b] = sum;
      sum += c;
    }
    for (int i = 0; i < count; i++) tt[counts[tt[i] & 0xFF]++] |= i << 8;
    tPos = tt[origin] >>> 8;
    used = 0;
    last = -1;
    same = 0;
    repeat = 0;
    crc = -1;
    state = State.OUTPUT;
  }

  /** Up to {@code max} bytes of the block, its first run-length coding undone; null once it is all out. */
  private Buffer output(int max) {
    byte[] out = new byte[max];
    int n = 0;
    while (n < max) {
      if (repeat > 0) {
        out[n++] = (byte) last;
        repeat--;
        continue;
      }
      if (used == count) break;
      int entry = tt[tPos];
      int b = entry & 0xFF;
      tPos = entry >>> 8;
      used++;
      if (same == 4) {
        repeat = b;
        same = 0;
      } else {
        same = b == last ? same + 1 : 1;
        last = b;
        out[n++] = (byte) b;
      }
    }
    for (int i = 0; i < n; i++) crc = crc << 8 ^ CRC_TABLE[(crc >>> 24 ^ out[i]) & 0xFF];
    if (repeat == 0 && used == count) {
      if (~crc != blockCrc) throw new ArchiveInput.Malformed("CRC check failed");
      streamCrc = (streamCrc << 1 | streamCrc >>> 31) ^ blockCrc;
      state = State.BLOCK;
    }
    return n == 0 ? null : Buffer.buffer(n == max ? out : Arrays.copyOf(out, n));
  }

  /** CRC-32 as bzip2 computes it: polynomial 0x04C11DB7, most significant bit first. */
  private static int[] crcTable() {
    int[] table = new int[256];
    for (int i = 0; i < 256; i++) {
      int c = i << 24;
      for (int k = 0; k < 8; k++) c = (c & 0x80000000) != 0 ? c << 1 ^ 0x04C11DB7 : c << 1;
      table[i] = c;
    }
    return table;
  }
}
