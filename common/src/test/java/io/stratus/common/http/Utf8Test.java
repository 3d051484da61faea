package io.stratus.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void wellFormedUtf8IsItsText() {
    assertEquals("caf\u00e9 \u20ac", Utf8.decode("caf\u00e9 \u20ac".getBytes(StandardCharsets.UTF_8)));
    assertEquals("", Utf8.decode(new byte[0]));
  }

  @Test
  void anythingElseIsRefusedNotReplaced() {
    assertNull(Utf8.decode("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)));
    assertNull(Utf8.decode(new byte[] {(byte) 0xff, (byte) 0xfe}));
    assertNull(Utf8.decode(new byte[] {(byte) 0xc0, (byte) 0xaf}));
    assertNull(Utf8.decode(new byte[] {(byte) 0xe2, (byte) 0x82}));
  }
}
