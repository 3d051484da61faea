package io.stratus.objectserver.swift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stratus.objectserver.swift.ByteRanges.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Range headers resolved as swob.Range does. */
class ByteRangesTest {
  private static List<Span> resolve(String header, long length) {
    return ByteRanges.parse(header).resolve(length);
  }

  @Test
  void singleSuffixAndOpenRanges() {
    assertEquals(List.of(new Span(0, 10)), resolve("bytes=0-9", 100));
    assertEquals(List.of(new Span(90, 100)), resolve("bytes=90-200", 100));
    assertEquals(List.of(new Span(95, 100)), resolve("bytes=-5", 100));
    assertEquals(List.of(new Span(0, 100)), resolve("bytes=-500", 100));
    assertEquals(List.of(new Span(50, 100)), resolve("bytes=50-", 100));
    assertEquals(List.of(new Span(1, 2), new Span(5, 7)), resolve("bytes=1-1, 5-6", 100));
  }

  @Test
  void unsatisfiableAndIgnored() {
    assertEquals(List.of(), resolve("bytes=100-", 100));
    assertEquals(List.of(), resolve("bytes=-0", 100));
    assertEquals(List.of(new Span(0, 1)), resolve("bytes=0-0,200-300", 100), "misses are dropped");
    assertNull(ByteRanges.parse("bytes=5-2"));
    assertNull(ByteRanges.parse("items=0-1"));
    assertNull(ByteRanges.parse("bytes=a-b"));
    assertNull(ByteRanges.parse("bytes=-"));
    assertNull(ByteRanges.parse(null));
  }

  @Test
  void egregiousSetsAreRefused() {
    assertEquals(List.of(), resolve("bytes=0-50,10-60,20-70", 100), "three overlaps");
    StringBuilder many = new StringBuilder("bytes=");
    for (int i = 20; i > 0; i--) many.append(i).append('-').append(i).append(i > 1 ? "," : "");
    assertEquals(List.of(), resolve(many.toString(), 100), "too many out of order");
  }
}
