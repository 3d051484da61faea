package io.stratus.objectserver.swift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.error.StratusException;
import org.junit.jupiter.api.Test;

/** Swift's timestamp forms and ordering. */
class TimestampTest {
  @Test
  void normalAndInternalForms() {
    assertEquals("1700000000.12345", Timestamp.parse("1700000000.12345").normal());
    assertEquals("0000000001.00000", Timestamp.parse("1").normal());
    assertEquals("1700000000.12346", Timestamp.parse("1700000000.123456").normal(), "rounded to 5 places");
    assertEquals("1700000000.10000_000000000000000a", Timestamp.parse("1700000000.1_a").internal());
    assertEquals("1700000000.10000", Timestamp.parse("1700000000.1_0").internal());
    assertEquals("2023-11-14T22:13:20.123450", Timestamp.parse("1700000000.12345").isoformat());
    assertEquals("2023-11-14T22:13:20.000000", Timestamp.parse("1700000000").isoformat());
    assertEquals(1700000001, Timestamp.parse("1700000000.00001").ceilSeconds());
  }

  @Test
  void orderIsTimeThenOffset() {
    assertTrue(Timestamp.parse("2").isAfter(Timestamp.parse("1.99999")));
    assertTrue(Timestamp.parse("1_1").isAfter(Timestamp.parse("1")));
    assertTrue(Timestamp.parse("1.00001").isAfter(Timestamp.parse("1_ff")));
    assertEquals(0, Timestamp.parse("1.0").compareTo(Timestamp.parse("1")));
  }

  @Test
  void badTimestampsAre400() {
    for (String bad : new String[] {"", "abc", "-1", "1e9", "1.2.3", "1_xyz", "99999999999", "1_"}) {
      StratusException e = assertThrows(StratusException.class, () -> Timestamp.required(bad), bad);
      assertEquals(400, e.code().status());
    }
    assertEquals("Missing timestamp", assertThrows(StratusException.class, () -> Timestamp.required(null)).getMessage());
  }
}
