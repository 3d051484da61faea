package io.stratus.ring.builder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.MutableClock;
import io.stratus.ring.RingFile;
import io.stratus.ring.RingFormatException;
import io.stratus.ring.builder.TestRings.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder file: everything a builder knows survives a save and load; damage is refused. */
class BuilderFileTest {

  @TempDir
  Path dir;

  private MutableClock clock;
  private RingBuilder builder;
  private Path file;

  @BeforeEach
  void buildAndSave() throws IOException {
    clock = MutableClock.start();
    builder = TestRings.cluster(8, 3, 6, clock, new Layout(2, 2, 2, 1), 100, 200);
    builder.setOverload(0.25);
    builder.rebalance(7);
    clock.advance(Duration.ofHours(3));
    builder.setMeta(1, "ssd");
    builder.removeDevice(2);
    file = dir.resolve("object.builder");
    builder.save(file);
  }

  @Test
  void roundTripKeepsEverything() throws IOException {
    RingBuilder loaded = RingBuilder.load(file, clock);

    assertEquals(builder.partPower(), loaded.partPower());
    assertEquals(builder.replicas(), loaded.replicas());
    assertEquals(6, loaded.minPartHours());
    assertEquals(0.25, loaded.overload());
    assertEquals(builder.version(), loaded.version());
    assertEquals(builder.devices(), loaded.devices());
    assertEquals("ssd", loaded.device(1).meta());
    assertTrue(loaded.isMarkedForRemoval(2));
    assertFalse(loaded.isMarkedForRemoval(1));
    assertTrue(loaded.devicesChanged());
    assertEquals(builder.history(), loaded.history());
    assertArrayEquals(TestRings.table(builder), TestRings.table(loaded));
    assertEquals(builder.lastPartMovesEpoch(), loaded.lastPartMovesEpoch());
    for (int p = 0; p < builder.partitionCount(); p++) {
      assertEquals(builder.hoursSinceMoved(p), loaded.hoursSinceMoved(p));
    }
    assertEquals(builder.toRingData(), loaded.toRingData());
  }

  @Test
  void aLoadedBuilderRebalancesLikeTheOriginal() throws IOException {
    RingBuilder loaded = RingBuilder.load(file, clock);

    builder.rebalance(8);
    loaded.rebalance(8);

    assertTrue(Arrays.deepEquals(TestRings.table(builder), TestRings.table(loaded)));
    assertEquals(builder.devices(), loaded.devices());
  }

  @Test
  void anUnbalancedBuilderRoundTrips() throws IOException {
    RingBuilder fresh = TestRings.builder(4, 2, 1);
    Path freshFile = dir.resolve("fresh.builder");
    fresh.save(freshFile);

    RingBuilder loaded = RingBuilder.load(freshFile, clock);

    assertFalse(loaded.isRebalanced());
    assertEquals(fresh.history(), loaded.history());
    assertEquals(0, loaded.devices().size());
  }

  @Test
  void aFlippedByteIsRefusedByTheChecksum() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);

    RingFormatException e = assertThrows(RingFormatException.class, () -> RingBuilder.load(file, clock));

    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void aTruncatedFileIsRefused() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));

    RingFormatException e = assertThrows(RingFormatException.class, () -> RingBuilder.load(file, clock));

    assertTrue(e.getMessage().contains("truncated builder file"), e.getMessage());
  }

  @Test
  void aRingFileIsNotABuilderFile() throws IOException {
    Path ringFile = dir.resolve("object.ring");
    RingFile.write(ringFile, builder.toRingData());

    RingFormatException e = assertThrows(RingFormatException.class, () -> RingBuilder.load(ringFile, clock));

    assertTrue(e.getMessage().contains("not a builder file (bad magic)"), e.getMessage());
  }

  @Test
  void anEmptyFileIsRefused() throws IOException {
    Files.write(file, new byte[0]);

    RingFormatException e = assertThrows(RingFormatException.class, () -> RingBuilder.load(file, clock));

    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }
}
