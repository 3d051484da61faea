package io.stratus.ring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.Device;
import org.junit.jupiter.api.Test;

/** Swift's device notation: parsing for add and matching for searches. */
class DeviceSpecTest {

  @Test
  void parsesTheFullNotation() {
    DeviceSpec s = DeviceSpec.parse("d7r2z3-10.0.0.1:6200R10.1.0.1:6300/sdb1_fast ssd");
    assertEquals(new DeviceSpec(7, 2, 3, "10.0.0.1", 6200, "10.1.0.1", 6300, "sdb1", "fast ssd"), s);
    Device d = s.toDevice(0, 100);
    assertEquals("d7r2z3-10.0.0.1:6200R10.1.0.1:6300/sdb1_fast ssd", d.describe());
  }

  @Test
  void regionDefaultsToOneAndIpv6NeedsBrackets() {
    Device d = DeviceSpec.parse("z1-[fe80::1]:6200/sda").toDevice(4, 1);
    assertEquals(1, d.region());
    assertEquals("fe80::1", d.ip());
    assertEquals(4, d.id());
    assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse("z1-[fe80::1:6200/sda"));
  }

  @Test
  void searchesMatchOnTheGivenPartsOnly() {
    Device d = Device.of(3, 1, 2, "10.0.0.9", 6201, "sdc", 100);
    assertTrue(DeviceSpec.parse("d3").matches(d));
    assertTrue(DeviceSpec.parse("z2").matches(d));
    assertTrue(DeviceSpec.parse("10.0.0.9").matches(d));
    assertTrue(DeviceSpec.parse("-10.0.0.9:6201").matches(d));
    assertTrue(DeviceSpec.parse("/sdc").matches(d));
    assertFalse(DeviceSpec.parse("z1").matches(d));
    assertFalse(DeviceSpec.parse("-10.0.0.9:6200").matches(d));
    assertNull(DeviceSpec.parse("r1").zone());
  }

  @Test
  void rejectsGarbage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse("zz"));
    assertTrue(e.getMessage().contains("cannot parse 'zz'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse("r1z1-10.0.0.1:port/sda"));
    assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse("r1z1-10.0.0.1:6200/"));
  }
}
