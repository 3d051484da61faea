package io.stratus.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.builder.RingBuilder;
import io.stratus.ring.builder.TestRings;
import io.stratus.ring.builder.TestRings.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading a changed ring file, and keeping the old ring when the new file is bad. */
class RingFileWatcherTest {

  private static final PathHasher HASHER = new PathHasher("", "endcap");

  @TempDir
  Path dir;

  private RingBuilder builder;
  private Path file;

  @BeforeEach
  void writeFirstVersion() throws IOException {
    builder = TestRings.cluster(8, 3, new Layout(1, 4, 1, 1), 100);
    builder.rebalance(1);
    file = dir.resolve("object.ring");
    RingFile.write(file, builder.toRingData());
  }

  @Test
  void reloadPicksUpANewVersion() throws IOException {
    try (RingFileWatcher watcher = RingFileWatcher.load(file, HASHER)) {
      Ring v1 = watcher.ring();
      assertEquals(builder.version(), v1.version());
      assertFalse(watcher.reloadIfChanged(), "nothing changed yet");
      assertSame(v1, watcher.ring());

      RingData v2 = secondVersion();
      RingFile.write(file, v2);

      assertTrue(watcher.reloadIfChanged());
      assertEquals(v2.version(), watcher.ring().version());
      assertEquals(5, watcher.ring().devices().size());
      assertFalse(watcher.reloadIfChanged());
    }
  }

  @Test
  void aCorruptNewFileKeepsTheOldRing() throws IOException {
    try (RingFileWatcher watcher = RingFileWatcher.load(file, HASHER)) {
      Ring v1 = watcher.ring();
      RingFile.write(file, secondVersion());
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 0x7F;
      Files.write(file, bytes);

      RingFormatException e = assertThrows(RingFormatException.class, watcher::reloadIfChanged);

      assertTrue(e.getMessage().contains("checksum"), e.getMessage());
      assertSame(v1, watcher.ring());
    }
  }

  @Test
  void aTruncatedNewFileKeepsTheOldRingUntilAGoodOneArrives() throws IOException {
    try (RingFileWatcher watcher = RingFileWatcher.load(file, HASHER)) {
      Ring v1 = watcher.ring();
      byte[] bytes = Files.readAllBytes(file);
      Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

      assertThrows(RingFormatException.class, watcher::reloadIfChanged);
      assertSame(v1, watcher.ring());

      RingData v2 = secondVersion();
      RingFile.write(file, v2);
      assertTrue(watcher.reloadIfChanged());
      assertEquals(v2.version(), watcher.ring().version());
    }
  }

  @Test
  void aWatcherStartsWithTheFileAndStopsOnClose() throws IOException {
    RingFileWatcher watcher = RingFileWatcher.watch(file, HASHER, Duration.ofHours(1));
    try (watcher) {
      assertEquals(builder.version(), watcher.ring().version());
    }
    assertEquals(builder.version(), watcher.ring().version(), "the last snapshot stays readable after close");
  }

  @Test
  void aBadFileCannotBeLoadedAtAll() throws IOException {
    Files.write(file, new byte[0]);

    assertThrows(RingFormatException.class, () -> RingFileWatcher.load(file, HASHER));
  }

  private RingData secondVersion() {
    builder.addDevice(TestRings.device(builder.nextDeviceId(), 1, 1, 2, 0, 100));
    builder.pretendMinPartHoursPassed();
    builder.rebalance(2);
    return builder.toRingData();
  }
}
