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

  @Test
  void theFastFormsAgreeWithExactDecimalArithmetic() {
    java.util.Random random = new java.util.Random(42);
    for (int n = 0; n < 10_000; n++) {
      long ticks = Math.floorMod(random.nextLong(), 9_999_999_999L * 100_000L);
      String whole = Long.toString(ticks / 100_000);
      String fraction = String.valueOf(100_000 + ticks % 100_000).substring(1, 1 + random.nextInt(6));
      String text = fraction.isEmpty() ? whole : whole + "." + fraction;
      long exact = new java.math.BigDecimal(text).movePointRight(5).longValueExact();
      Timestamp t = Timestamp.parse(text);
      assertEquals(exact, t.ticks(), text);
      assertEquals(new java.math.BigDecimal(exact).movePointLeft(5).setScale(5).toPlainString(),
          t.normal().replaceFirst("^0+(?=\\d)", ""), text);
      assertEquals(t, Timestamp.parse(t.normal()));
    }
    assertEquals("0000000000.50000", Timestamp.parse(".5").normal());
    assertEquals("0000000001.00000", Timestamp.parse("1.").normal());
    assertEquals("1700000000.10000_00000000000000ff", Timestamp.parse("1700000000.1_ff").internal());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("1.2.3"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("12345678901"));
  }
}
