package io.stratus.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.builder.RingBuilder;
import io.stratus.ring.builder.TestRings;
import io.stratus.ring.builder.TestRings.Layout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ring file: a faithful round trip, and every kind of damage refused with a clear message. */
class RingFileTest {

  private static final PathHasher HASHER = new PathHasher("", "endcap");

  @TempDir
  Path dir;

  private RingData data;
  private Path file;

  @BeforeEach
  void writeRing() throws IOException {
    RingBuilder b = TestRings.cluster(9, 3, new Layout(2, 2, 2, 2), 100, 200, 150, 300);
    b.rebalance(17);
    b.setMeta(3, "fast");
    b.addDevice(new Device(b.nextDeviceId(), 1, 1, "fe80::1", 6201, "fe80::2", 6301, "sdz", 0, "spare"));
    data = b.toRingData();
    file = dir.resolve("object.ring");
    RingFile.write(file, data);
  }

  @Test
  void roundTripKeepsTheRingAndItsLookups() throws IOException {
    RingData read = RingFile.read(file);

    assertEquals(data, read);
    assertEquals(data.hashCode(), read.hashCode());
    assertEquals("fast", read.devicesById().get(3).meta());
    assertEquals("fe80::2", read.devicesById().get(16).replicationIp());
    Ring before = new Ring(data, HASHER);
    Ring after = Ring.load(file, HASHER);
    assertEquals(before.devices(), after.devices());
    for (int i = 0; i < 500; i++) {
      String object = "o" + i;
      assertEquals(before.nodes("a", "c", object), after.nodes("a", "c", object));
      int part = before.partition("a", "c", object);
      assertEquals(List.copyOf(iterate(before, part)), List.copyOf(iterate(after, part)));
    }
  }

  @Test
  void ringsWithGapsInDeviceIdsRoundTrip() throws IOException {
    Device d = Device.of(5, 1, 1, "10.0.0.1", 6200, "sda", 1);
    RingData sparse = new RingData(9, 2, Arrays.asList(null, null, null, null, null, d), new int[][] {{5, 5, 5, 5}});
    RingFile.write(file, sparse);

    assertEquals(sparse, RingFile.read(file));
  }

  @Test
  void aFlippedByteInTheBodyFailsTheChecksum() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 40] ^= 0x01;
    Files.write(file, bytes);

    RingFormatException e = assertThrows(RingFormatException.class, () -> RingFile.read(file));

    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void aTruncatedFileIsRefused() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));

    RingFormatException e = assertThrows(RingFormatException.class, () -> RingFile.read(file));

    assertTrue(e.getMessage().contains("truncated ring file: " + (bytes.length - 1) + " of " + bytes.length + " bytes"),
        e.getMessage());
  }

  @Test
  void aFileCutInsideTheHeaderIsRefused() throws IOException {
    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 10));

    RingFormatException e = assertThrows(RingFormatException.class, () -> RingFile.read(file));

    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void aZeroLengthFileIsRefused() throws IOException {
    Files.write(file, new byte[0]);

    RingFormatException e = assertThrows(RingFormatException.class, () -> RingFile.read(file));

    assertTrue(e.getMessage().contains("truncated: only 0 bytes"), e.getMessage());
  }

  @Test
  void badMagicIsRefused() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] = 'X';
    Files.write(file, bytes);

    RingFormatException e = assertThrows(RingFormatException.class, () -> RingFile.read(file));

    assertTrue(e.getMessage().contains("not a ring file (bad magic)"), e.getMessage());
  }

  @Test
  void anUnknownFormatVersionIsRefused() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).putShort(4, (short) 2);
    Files.write(file, bytes);

    RingFormatException e = assertThrows(RingFormatException.class, () -> RingFile.read(file));

    assertTrue(e.getMessage().contains("ring file format 2 is not supported"), e.getMessage());
  }

  @Test
  void extraBytesAfterTheChecksumAreRefused() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length + 3));

    RingFormatException e = assertThrows(RingFormatException.class, () -> RingFile.read(file));

    assertTrue(e.getMessage().contains("3 bytes beyond its declared length"), e.getMessage());
  }

  @Test
  void aTableNamingAMissingDeviceIsRefusedOnWrite() {
    Device d = Device.of(0, 1, 1, "10.0.0.1", 6200, "sda", 1);

    assertThrows(IllegalArgumentException.class, () -> new RingData(1, 1, List.of(d), new int[][] {{0, 1}}));
  }

  private static List<Device> iterate(Ring ring, int part) {
    List<Device> out = new ArrayList<>();
    ring.handoffs(part).forEachRemaining(out::add);
    return out;
  }
}
