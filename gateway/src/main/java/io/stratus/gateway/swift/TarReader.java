package io.stratus.gateway.swift;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A streaming tar reader (ustar, GNU long names, pax path and size records) over an
 * {@link ArchiveInput}: each regular file is handed to the listener as a name, a size and its data
 * in pieces, never held whole. The listener may {@link #pause()} it at any event; the source is
 * paused while it is.
 */
final class TarReader {
  private static final int BLOCK = 512;
  private static final int MAX_META = 1024 * 1024;
  private static final int CHUNK = 64 * 1024;

  /** What the reader finds: files (name, size, data, end), then the end of the archive or a failure. */
  interface Listener {
    /** A regular file begins; {@code pax} are its pax records (metadata besides path and size). */
    void file(String name, long size, Map<String, String> pax);

    void data(Buffer data);

    void fileEnd();

    void end();

    void failed(String reason);
  }

  /** What the next bytes are. */
  private enum State { HEADER, FILE, SKIP, META, PADDING, DONE }

  private final ReadStream<Buffer> source;
  private final ArchiveInput input;
  private final Listener listener;
  private State state = State.HEADER;
  private Buffer block = Buffer.buffer();
  private long remaining;
  private long padding;
  private char metaType;
  private Buffer meta;
  private String longName;
  private Map<String, String> pax = new HashMap<>();
  private int zeroBlocks;
  private boolean paused;

  TarReader(ReadStream<Buffer> source, ArchiveInput.Compression compression, Listener listener) {
    this.source = source;
    this.input = new ArchiveInput(compression);
    this.listener = listener;
  }

  void start() {
    source.handler(data -> {
      input.feed(data);
      process();
    });
    source.endHandler(v -> {
      input.end();
      process();
    });
    source.exceptionHandler(e -> fail("the upload failed: " + e.getMessage()));
    source.resume();
  }

  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
    process();
    if (!paused && state != State.DONE) source.resume();
  }

  private void process() {
    try {
      while (!paused && state != State.DONE) {
        Buffer b = input.read(wanted());
        if (b == null) {
          atEnd();
          break;
        }
        if (b.length() == 0) break;
        consume(b);
      }
    } catch (ArchiveInput.Malformed e) {
      fail(e.getMessage());
    }
    if (paused && state != State.DONE) source.pause();
  }

  private int wanted() {
    return switch (state) {
      case HEADER -> BLOCK - block.length();
      case PADDING -> (int) padding;
      default -> (int) Math.min(remaining, CHUNK);
    };
  }

  private void atEnd() {
    if (state == State.HEADER && block.length() == 0) {
      finish();
    } else {
      fail("unexpected end of data");
    }
  }

  private void consume(Buffer b) {
    switch (state) {
      case HEADER -> {
        block.appendBuffer(b);
        if (block.length() == BLOCK) header(block.getBytes());
      }
      case FILE -> {
        remaining -= b.length();
        listener.data(b);
        if (remaining == 0) {
          afterData();
          listener.fileEnd();
        }
      }
      case SKIP -> {
        remaining -= b.length();
        if (remaining == 0) afterData();
      }
      case META -> {
        meta.appendBuffer(b);
        remaining -= b.length();
        if (remaining == 0) {
          metaDone();
          afterData();
        }
      }
      case PADDING -> {
        padding -= b.length();
        if (padding == 0) state = State.HEADER;
      }
      default -> {
        // nothing is read after the end
      }
    }
  }

  private void header(byte[] h) {
    block = Buffer.buffer();
    if (allZero(h)) {
      if (++zeroBlocks == 2) finish();
      return;
    }
    zeroBlocks = 0;
    if (!checksumOk(h)) {
      fail("invalid header (bad checksum)");
      return;
    }
    long size = number(h, 124, 12);
    char type = (char) h[156];
    if (pax.containsKey("size")) size = Long.parseLong(pax.get("size"));
    if (size < 0) {
      fail("invalid header (bad size)");
      return;
    }
    padding = (BLOCK - size % BLOCK) % BLOCK;
    remaining = size;
    if (type == 'L' || type == 'x' || type == 'K' || type == 'g') {
      if (size > MAX_META) {
        fail("extended header too long");
        return;
      }
      metaType = type;
      meta = Buffer.buffer();
      state = State.META;
    } else if (type == '0' || type == '\0' || type == '7') {
      String name = name(h);
      Map<String, String> records = pax;
      longName = null;
      pax = new HashMap<>();
      state = State.FILE;
      listener.file(name, size, records);
    } else {
      longName = null;
      pax = new HashMap<>();
      state = State.SKIP;
    }
    if (remaining == 0) {
      if (state == State.META) metaDone();
      boolean file = state == State.FILE;
      afterData();
      if (file) listener.fileEnd();
    }
  }

  private void afterData() {
    state = padding > 0 ? State.PADDING : State.HEADER;
  }

  private void metaDone() {
    if (metaType == 'L') {
      String name = meta.toString(StandardCharsets.UTF_8);
      int nul = name.indexOf('\0');
      longName = nul >= 0 ? name.substring(0, nul) : name;
    } else if (metaType == 'x') {
      pax.putAll(paxRecords(meta.getBytes()));
    }
    meta = null;
  }

  /** Pax records, {@code "<length> <key>=<value>\n"} each. */
  static Map<String, String> paxRecords(byte[] data) {
    Map<String, String> records = new HashMap<>();
    int p = 0;
    while (p < data.length) {
      int space = p;
      while (space < data.length && data[space] != ' ') space++;
      if (space >= data.length) break;
      int length = Integer.parseInt(new String(data, p, space - p, StandardCharsets.US_ASCII).trim());
      if (length <= 0 || p + length > data.length) throw new ArchiveInput.Malformed("invalid pax header");
      String record = new String(data, space + 1, p + length - space - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq > 0) records.put(record.substring(0, eq), record.substring(eq + 1));
      p += length;
    }
    return records;
  }

  private String name(byte[] h) {
    if (pax.containsKey("path")) return pax.get("path");
    if (longName != null) return longName;
    String name = string(h, 0, 100);
    boolean posix = h[257] == 'u' && h[262] == 0;
    String prefix = posix ? string(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String string(byte[] h, int offset, int length) {
    int end = offset;
    while (end < offset + length && h[end] != 0) end++;
    return new String(h, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** An octal field, or GNU's base-256 when its high bit is set. */
  static long number(byte[] h, int offset, int length) {
    if ((h[offset] & 0x80) != 0) {
      long v = h[offset] & 0x7F;
      for (int i = 1; i < length; i++) v = (v << 8) | (h[offset + i] & 0xFF);
      return v;
    }
    String s = string(h, offset, length).trim();
    if (s.isEmpty()) return 0;
    try {
      return Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean checksumOk(byte[] h) {
    long stored = number(h, 148, 8);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = i >= 148 && i < 156 ? (byte) ' ' : h[i];
      unsigned += b & 0xFF;
      signed += b;
    }
    return stored == unsigned || stored == signed;
  }

  private static boolean allZero(byte[] h) {
    for (byte b : h) {
      if (b != 0) return false;
    }
    return true;
  }

  private void finish() {
    state = State.DONE;
    input.close();
    listener.end();
  }

  private void fail(String reason) {
    if (state == State.DONE) return;
    state = State.DONE;
    input.close();
    listener.failed(reason);
  }
}
