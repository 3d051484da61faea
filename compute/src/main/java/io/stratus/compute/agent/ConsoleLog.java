package io.stratus.compute.agent;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the end of an instance's serial console log (blocking; call it on a worker). */
final class ConsoleLog {
  /** The most of a log that is ever read: its last 512 KiB. */
  static final int MAX_BYTES = 512 * 1024;

  private ConsoleLog() {
  }

  /** The last {@code lines} lines of the log (all that is read when {@code lines} is null or negative); "" when there is no log. */
  static String tail(Path log, Integer lines) throws IOException {
    if (!Files.isRegularFile(log)) return "";
    byte[] data;
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      int size = (int) Math.min(length, MAX_BYTES);
      data = new byte[size];
      file.seek(length - size);
      file.readFully(data);
    }
    String text = new String(data, StandardCharsets.UTF_8);
    if (data.length == MAX_BYTES) {
      int firstBreak = text.indexOf('\n');
      if (firstBreak >= 0) text = text.substring(firstBreak + 1); // a cut line is no line
    }
    if (lines == null || lines < 0) return text;
    return lastLines(text, lines);
  }

  static String lastLines(String text, int lines) {
    if (lines == 0) return "";
    int end = text.endsWith("\n") ? text.length() - 1 : text.length();
    int start = end;
    for (int found = 0; start > 0; start--) {
      if (text.charAt(start - 1) == '\n' && ++found == lines) break;
    }
    return text.substring(start);
  }
}
