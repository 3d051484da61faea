package io.stratus.image.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratus.common.error.StratusException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class Qcow2HeaderTest {

  private static Buffer header(int version, long backingOffset, long incompatible) {
    Buffer b = Buffer.buffer().appendInt(Qcow2Header.MAGIC).appendInt(version).appendLong(backingOffset)
        .appendInt(backingOffset == 0 ? 0 : 8).appendInt(16).appendLong(10L << 30);
    while (b.length() < 72) b.appendByte((byte) 0);
    return b.appendLong(incompatible).appendLong(0).appendLong(0).appendInt(4).appendInt(104).appendBytes(new byte[200]);
  }

  /** Feeds the bytes a few at a time, as a stream would. */
  private static Qcow2Header inspect(String format, Buffer data) {
    Qcow2Header h = new Qcow2Header(format);
    for (int i = 0; i < data.length(); i += 7) h.accept(data.slice(i, Math.min(data.length(), i + 7)));
    h.finish();
    return h;
  }

  @Test
  void acceptsACleanHeaderSplitAcrossBuffersAndReadsTheVirtualSize() {
    assertEquals(10L << 30, inspect("qcow2", header(3, 0, 0)).virtualSize());
    assertEquals(10L << 30, inspect("qcow2", header(2, 0, 0)).virtualSize());
  }

  @Test
  void refusesBackingFilesDataFilesAndMismatches() {
    assertThrows(StratusException.class, () -> inspect("qcow2", header(2, 4096, 0)));
    assertThrows(StratusException.class, () -> inspect("qcow2", header(3, 0, 1L << 2)));
    assertThrows(StratusException.class, () -> inspect("qcow2", header(4, 0, 0)));
    assertThrows(StratusException.class, () -> inspect("qcow2", Buffer.buffer(new byte[500])));
    assertThrows(StratusException.class, () -> inspect("qcow2", header(3, 0, 0).slice(0, 80)));
    assertThrows(StratusException.class, () -> inspect("raw", header(3, 0, 0)));
  }

  @Test
  void rawThatIsNotQcow2PassesEvenWhenShort() {
    assertNull(inspect("raw", Buffer.buffer("tiny")).virtualSize());
    assertNull(inspect("raw", Buffer.buffer()).virtualSize());
  }
}
