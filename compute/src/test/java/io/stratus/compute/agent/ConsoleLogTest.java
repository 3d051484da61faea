package io.stratus.compute.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLogTest {
  @TempDir
  Path dir;

  @Test
  void theLastLinesAreAnswered() {
    assertEquals("c\nd\n", ConsoleLog.lastLines("a\nb\nc\nd\n", 2));
    assertEquals("c\nd", ConsoleLog.lastLines("a\nb\nc\nd", 2));
    assertEquals("a\nb\n", ConsoleLog.lastLines("a\nb\n", 5));
    assertEquals("", ConsoleLog.lastLines("a\nb\n", 0));
  }

  @Test
  void aMissingLogIsEmptyAndAHugeOneIsCutToItsTailAtALineBreak() throws Exception {
    assertEquals("", ConsoleLog.tail(dir.resolve("none.log"), 10));
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 2 * ConsoleLog.MAX_BYTES; i++) text.append("line ").append(i).append('\n');
    Path log = dir.resolve("console.log");
    Files.writeString(log, text, StandardCharsets.UTF_8);
    String all = ConsoleLog.tail(log, null);
    assertTrue(all.length() <= ConsoleLog.MAX_BYTES);
    assertTrue(all.startsWith("line "), "begins with a whole line");
    assertTrue(text.toString().endsWith(all));
    String last = ConsoleLog.tail(log, 1);
    assertTrue(last.startsWith("line ") && last.endsWith("\n") && last.indexOf('\n') == last.length() - 1, last);
  }
}
