package io.stratus.gateway.swift;

import io.stratus.common.error.StratusException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A streaming multipart/form-data reader: parts' headers and bodies are handed to a listener as
 * the bytes arrive, never a whole part held. The listener may {@link #pause()} it at any event (the
 * source is paused while it is) and {@link #resume()} it later, so each part can go at the pace of
 * its consumer. Swift's form posts and S3's browser uploads use it.
 */
public final class MultipartParser {
  private static final int MAX_HEADERS = 16 * 1024;
  private static final byte[] HEADERS_END = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final Pattern PARAM = Pattern.compile(";\\s*([A-Za-z0-9*_-]+)\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;\\s]+)");

  /** What the reader finds, in order: each part's start, its data, its end; then the end of the form. */
  public interface Listener {
    void partStart(String name, String filename, String contentType);

    void partData(Buffer data);

    void partEnd();

    void formEnd();

    void failed(Throwable error);
  }

  /** Where the reader is in the form. */
  private enum State { PREAMBLE, AFTER_DELIMITER, HEADERS, BODY, DONE, FAILED }

  private final ReadStream<Buffer> source;
  private final byte[] delimiter;
  private final Listener listener;
  private Buffer pending = Buffer.buffer("\r\n");
  private int pos;
  private State state = State.PREAMBLE;
  private boolean paused;
  private boolean inputEnded;

  public MultipartParser(ReadStream<Buffer> source, String boundary, Listener listener) {
    this.source = source;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.listener = listener;
  }

  /** The boundary of a multipart Content-Type; null when there is none. */
  public static String boundary(String contentType) {
    if (contentType == null) return null;
    Matcher m = PARAM.matcher(contentType);
    while (m.find()) {
      if (m.group(1).equalsIgnoreCase("boundary")) return m.group(3) != null ? m.group(3) : m.group(2);
    }
    return null;
  }

  /** Starts reading the source. */
  public void start() {
    source.handler(this::feed);
    source.endHandler(v -> {
      inputEnded = true;
      process();
    });
    source.exceptionHandler(this::fail);
    source.resume();
  }

  public void pause() {
    paused = true;
  }

  /**
   * Writes a part's data to {@code out} with back-pressure: while out's write queue is full this
   * parser stays paused, and once it drains {@code goOn} decides whether reading resumes.
   */
  public void writeTo(WriteStream<Buffer> out, Buffer data, Runnable goOn) {
    out.write(data);
    if (out.writeQueueFull()) {
      pause();
      out.drainHandler(v -> goOn.run());
    }
  }

  public void resume() {
    paused = false;
    process();
    if (!paused && state != State.DONE && state != State.FAILED) source.resume();
  }

  private void feed(Buffer data) {
    if (state == State.DONE || state == State.FAILED) return;
    if (pos > 0) {
      pending = pending.getBuffer(pos, pending.length());
      pos = 0;
    }
    pending.appendBuffer(data);
    process();
  }

  private void process() {
    while (!paused && step()) {
      // each step consumes what it can; it returns false when it needs more bytes
    }
    if (paused && state != State.DONE && state != State.FAILED) source.pause();
    if (!paused && inputEnded && state != State.DONE && state != State.FAILED) {
      fail(StratusException.badRequest("FormPost: invalid starting boundary"));
    }
  }

  private boolean step() {
    switch (state) {
      case PREAMBLE -> {
        int at = indexOf(delimiter, pos);
        if (at < 0) return false;
        pos = at + delimiter.length;
        state = State.AFTER_DELIMITER;
        return true;
      }
      case AFTER_DELIMITER -> {
        if (pending.length() - pos < 2) return false;
        String next = pending.getString(pos, pos + 2, "ISO-8859-1");
        pos += 2;
        if (next.equals("--")) {
          state = State.DONE;
          listener.formEnd();
          return false;
        }
        if (!next.equals("\r\n")) return fail(StratusException.badRequest("FormPost: invalid boundary"));
        state = State.HEADERS;
        return true;
      }
      case HEADERS -> {
        return headers();
      }
      case BODY -> {
        return body();
      }
      default -> {
        return false;
      }
    }
  }

  private boolean headers() {
    int end = indexOf(HEADERS_END, pos);
    if (end < 0) {
      return pending.length() - pos > MAX_HEADERS && fail(StratusException.badRequest("FormPost: headers too long"));
    }
    String block = pending.getString(pos, end, "UTF-8");
    pos = end + HEADERS_END.length;
    String name = null;
    String filename = null;
    String type = null;
    for (String line : block.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (key.equals("content-type")) type = value;
      if (key.equals("content-disposition")) {
        Matcher m = PARAM.matcher(value);
        while (m.find()) {
          String v = m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2);
          if (m.group(1).equalsIgnoreCase("name")) name = v;
          if (m.group(1).equalsIgnoreCase("filename")) filename = v;
        }
      }
    }
    state = State.BODY;
    listener.partStart(name, filename, type);
    return true;
  }

  private boolean body() {
    int at = indexOf(delimiter, pos);
    if (at >= 0) {
      if (at > pos) listener.partData(pending.getBuffer(pos, at));
      pos = at + delimiter.length;
      state = State.AFTER_DELIMITER;
      listener.partEnd();
      return true;
    }
    int safe = pending.length() - (delimiter.length - 1);
    if (safe > pos) {
      listener.partData(pending.getBuffer(pos, safe));
      pos = safe;
    }
    return false;
  }

  private boolean fail(Throwable error) {
    if (state == State.FAILED || state == State.DONE) return false;
    state = State.FAILED;
    listener.failed(error);
    return false;
  }

  private int indexOf(byte[] needle, int from) {
    int last = pending.length() - needle.length;
    outer:
    for (int i = from; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (pending.getByte(i + j) != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
