package io.stratus.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Swift's hash_path, pinned to vectors computed with Python's hashlib:
 * {@code md5((prefix + "/" + "/".join(parts) + suffix).encode("utf-8"))}, and the partition is the
 * digest's first four bytes, big-endian, shifted right by {@code 32 - part power}.
 */
class PathHasherTest {

  @ParameterizedTest(name = "[{0}] {1}/{2}/{3} [{4}]")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // prefix | account | container | object | suffix | md5 | top 32 bits ('' empty, - left out)
      "'' | a | - | - | '' | 0639767f3e9eaad729b54037a7e2abf5 | 104429183",
      "'' | a | c | - | '' | cedd7c00e3b24d551b38f13c8cd2e791 | 3470621696",
      "'' | a | c | o | '' | 8ac2bf59556b61bb5cc521ccb51c200a | 2328018777",
      // Swift's own test vector (test/unit/common/test_utils.py, hash_path with suffix "endcap").
      "'' | a | c | o | endcap | 06fbf0b514e5199dfc4e00f42eb5ea83 | 117174453",
      "'' | AUTH_test | - | - | endcap | c6b2b6e24309ba1ac6c52a19c1b34272 | 3333600994",
      "'' | AUTH_test | photos | - | endcap | 6283c95589e276cee4c9fb4b9cf115bb | 1652803925",
      "'' | AUTH_test | photos | cat.jpg | endcap | d45005374d083cc12623976e1220d045 | 3562014007",
      "startcap | AUTH_test | photos | cat.jpg | endcap | 7e24928d522f311f238adf10636d268d | 2116326029",
      "startcap | AUTH_test | photos | cat.jpg | '' | 1b4ba0623fda88f7cfa00d6fb751eb52 | 457941090",
      "'' | AUTH_ünïcødé | контейнер | объект/日本語/😀.txt | '' | 6d797b31ab9c9edb0160eec71070947e | 1836677937",
      "pfx | AUTH_ünïcødé | контейнер | объект/日本語/😀.txt | sfx | 129f53d4fc9df55d44c8f8e6ffa8ee6f | 312431572",
  })
  void matchesSwiftHashPath(String prefix, String account, String container, String object, String suffix,
      String md5, long top32) {
    PathHasher hasher = new PathHasher(prefix, suffix);

    assertEquals(md5, hasher.hexDigest(account, container, object));
    assertEquals(top32, hasher.top32(account, container, object));
  }

  @ParameterizedTest(name = "part power {0}")
  @CsvSource(delimiter = '|', value = {
      // part power | partitions of /a, /a/c, /a/c/o and of the unicode object, all unsalted
      "8  | 6   | 206   | 138  | 109",
      "10 | 24  | 827   | 555  | 437",
      "14 | 398 | 13239 | 8880 | 7006"})
  void ringPartitionsAreTheTopBitsOfTheSameHash(int partPower, int account, int container, int object,
      int unicode) {
    Ring ring = singleDeviceRing(partPower, new PathHasher("", ""));

    assertEquals(account, ring.partition("a", null, null));
    assertEquals(container, ring.partition("a", "c", null));
    assertEquals(object, ring.partition("a", "c", "o"));
    assertEquals(unicode, ring.partition("AUTH_ünïcødé", "контейнер", "объект/日本語/😀.txt"));
    assertEquals(container, ring.nodes("a", "c", "").partition(), "an empty object name is left out");
    assertEquals(account, ring.nodes("a", "", null).partition(), "an empty container name is left out");
  }

  @Test
  void partPowerZeroPutsEverythingInPartitionZero() {
    Ring ring = singleDeviceRing(0, new PathHasher("", ""));

    assertEquals(0, ring.partition("a", "c", "o"));
  }

  @Test
  void anObjectNeedsAContainer() {
    PathHasher hasher = new PathHasher("", "");

    assertThrows(IllegalArgumentException.class, () -> hasher.top32("a", null, "o"));
    assertThrows(IllegalArgumentException.class, () -> hasher.top32(null, null, null));
  }

  @Test
  void longAndMixedNamesHashLikeShortOnes() {
    PathHasher hasher = new PathHasher("", "");
    String longName = "x".repeat(2000) + "é" + "y".repeat(1000);

    // md5("/a/c/" + longName) computed the same way in Python; longer than the reused buffer.
    assertEquals("f573863366217af1b3ba23eec0cca5b7", hasher.hexDigest("a", "c", longName));
    assertEquals("8ac2bf59556b61bb5cc521ccb51c200a", hasher.hexDigest("a", "c", "o"), "the grown buffer leaks nothing");
  }

  static Ring singleDeviceRing(int partPower, PathHasher hasher) {
    Device d = Device.of(0, 1, 1, "10.0.0.1", 6200, "sda", 100);
    return new Ring(new RingData(1, partPower, List.of(d), new int[1][1 << partPower]), hasher);
  }
}
