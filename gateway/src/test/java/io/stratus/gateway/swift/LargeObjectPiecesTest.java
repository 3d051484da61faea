package io.stratus.gateway.swift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class LargeObjectPiecesTest {
  private static LargeObjectSegments.Segment seg(String name, long size, long first, long last) {
    return new LargeObjectSegments.Segment("c", name, size, "e-" + name, first, last);
  }

  private static MultiMap headers(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < kv.length; i += 2) m.add(kv[i], kv[i + 1]);
    return m;
  }

  @Test
  void aRangeOfTheWholeCutsAcrossSegmentsAndTheirOwnRanges() {
    List<LargeObjectSegments.Segment> segs = List.of(seg("a", 10, 0, 10), seg("b", 100, 20, 30), seg("c", 5, 0, 5));
    assertEquals(25, LargeObjectSegments.total(segs));
    List<LargeObjectSegments.Piece> all = LargeObjectSegments.cut(segs, 0, 25);
    assertEquals(List.of(new LargeObjectSegments.Piece(segs.get(0), 0, 10), new LargeObjectSegments.Piece(segs.get(1), 20, 30),
        new LargeObjectSegments.Piece(segs.get(2), 0, 5)), all);
    List<LargeObjectSegments.Piece> middle = LargeObjectSegments.cut(segs, 8, 22);
    assertEquals(List.of(new LargeObjectSegments.Piece(segs.get(0), 8, 10), new LargeObjectSegments.Piece(segs.get(1), 20, 30),
        new LargeObjectSegments.Piece(segs.get(2), 0, 2)), middle);
    assertEquals(List.of(new LargeObjectSegments.Piece(segs.get(1), 24, 25)), LargeObjectSegments.cut(segs, 14, 15));
  }

  @Test
  void sloEtagIsSwiftsWithRangesMarked() {
    JsonArray rows = new JsonArray().add(new JsonObject().put("name", "/c/a").put("hash", "aaa").put("bytes", 3))
        .add(new JsonObject().put("name", "/c/b").put("hash", "bbb").put("bytes", 9).put("range", "1-2"));
    // python3 -c "import hashlib; print(hashlib.md5(b'aaabbb:1-2;').hexdigest())"
    assertEquals("3664670d29d341d2fda8265879a43607", StaticLargeObject.etagOf(rows));
    List<LargeObjectSegments.Segment> segs = StaticLargeObject.segmentsOf(rows);
    assertEquals(new LargeObjectSegments.Segment("c", "b", 9, "bbb", 1, 3), segs.get(1));
  }

  @Test
  void byteRangesAsSwob() {
    assertEquals(new ByteRange(0, 4), ByteRange.resolve("bytes=0-3", 10));
    assertEquals(new ByteRange(7, 10), ByteRange.resolve("bytes=-3", 10));
    assertEquals(new ByteRange(0, 10), ByteRange.resolve("bytes=-30", 10));
    assertEquals(new ByteRange(5, 10), ByteRange.resolve("bytes=5-", 10));
    assertEquals(new ByteRange(5, 10), ByteRange.resolve("bytes=5-100", 10));
    assertEquals(ByteRange.UNSATISFIABLE, ByteRange.resolve("bytes=10-", 10));
    assertEquals(ByteRange.UNSATISFIABLE, ByteRange.resolve("bytes=-0", 10));
    assertNull(ByteRange.resolve("bytes=3-1", 10));
    assertNull(ByteRange.resolve("bytes=a-1", 10));
    assertNull(ByteRange.resolve("bytes=0-1,3-4", 10), "several ranges: the whole object");
    assertEquals("bytes 7-9/10", new ByteRange(7, 10).contentRange(10));
  }

  @Test
  void conditionalsAsSwob() {
    String lm = "Wed, 01 May 2024 10:00:00 GMT";
    assertEquals(0, Conditionals.evaluate(headers("If-Match", "\"abc\""), "abc", lm));
    assertEquals(0, Conditionals.evaluate(headers("If-Match", "*"), "abc", lm));
    assertEquals(412, Conditionals.evaluate(headers("If-Match", "\"x\", \"y\""), "abc", lm));
    assertEquals(304, Conditionals.evaluate(headers("If-None-Match", "\"abc\""), "abc", lm));
    assertEquals(304, Conditionals.evaluate(headers("If-None-Match", "*"), "abc", lm));
    assertEquals(0, Conditionals.evaluate(headers("If-None-Match", "\"x\""), "abc", lm));
    assertEquals(304, Conditionals.evaluate(headers("If-Modified-Since", lm), "abc", lm));
    assertEquals(0, Conditionals.evaluate(headers("If-Modified-Since", "Wed, 01 May 2024 09:59:59 GMT"), "abc", lm));
    assertEquals(0, Conditionals.evaluate(headers("If-None-Match", "\"x\"", "If-Modified-Since", lm), "abc", lm),
        "If-Modified-Since is ignored with If-None-Match");
    assertEquals(412, Conditionals.evaluate(headers("If-Unmodified-Since", "Wed, 01 May 2024 09:59:59 GMT"), "abc", lm));
    assertEquals(0, Conditionals.evaluate(headers("If-Unmodified-Since", lm), "abc", lm));
    assertEquals(0, Conditionals.evaluate(headers("If-Modified-Since", "yesterday"), "abc", lm), "bad dates are ignored");
  }
}
