package io.stratus.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Parsing and sampling of object-size distributions and operation mixes. */
class SizeDistributionTest {

  @Test
  void parsesUnits() {
    assertEquals(4096, SizeDistribution.parseSize("4KiB"));
    assertEquals(1 << 20, SizeDistribution.parseSize("1MiB"));
    assertEquals(1L << 30, SizeDistribution.parseSize("1GiB"));
    assertEquals(4000, SizeDistribution.parseSize("4KB"));
    assertEquals(4000, SizeDistribution.parseSize("4k"));
    assertEquals(123, SizeDistribution.parseSize("123"));
    assertEquals(1536, SizeDistribution.parseSize("1.5KiB"));
    assertEquals(0, SizeDistribution.parseSize("0B"));
  }

  @Test
  void fixedSizeAlwaysGivesThatSize() {
    SizeDistribution d = SizeDistribution.parse("4KiB");
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 100; i++) {
      assertEquals(4096, d.next(r));
    }
    assertEquals(4096, d.mean());
  }

  @Test
  void uniformRangeStaysInsideAndCoversIt() {
    SizeDistribution d = SizeDistribution.parse("1KiB-2KiB");
    SplittableRandom r = new SplittableRandom(2);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 10_000; i++) {
      long v = d.next(r);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertTrue(min >= 1024 && min < 1034, "min " + min);
    assertTrue(max <= 2048 && max > 2038, "max " + max);
    assertEquals(1536, d.mean());
    assertEquals(2048, d.max());
  }

  @Test
  void weightedListFollowsTheWeights() {
    SizeDistribution d = SizeDistribution.parse("4KiB:80, 1MiB:20");
    assertEquals(List.of(new SizeDistribution.Choice(4096, 4096, 80),
        new SizeDistribution.Choice(1 << 20, 1 << 20, 20)), d.choices());
    SplittableRandom r = new SplittableRandom(3);
    int small = 0;
    for (int i = 0; i < 100_000; i++) {
      small += d.next(r) == 4096 ? 1 : 0;
    }
    assertTrue(Math.abs(small - 80_000) < 1500, "4KiB drawn " + small + " times");
    assertEquals(0.8 * 4096 + 0.2 * (1 << 20), d.mean(), 1e-6);
  }

  @Test
  void weightedRangesAndZeroWeightsParse() {
    SizeDistribution d = SizeDistribution.parse("1KiB-4KiB:3,1GiB:0,64KiB");
    assertEquals(2, d.choices().size());
    assertEquals(new SizeDistribution.Choice(65536, 65536, 1), d.choices().get(1));
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> SizeDistribution.parse(""));
    assertThrows(IllegalArgumentException.class, () -> SizeDistribution.parse("4XB"));
    assertThrows(IllegalArgumentException.class, () -> SizeDistribution.parse("2KiB-1KiB"));
    assertThrows(IllegalArgumentException.class, () -> SizeDistribution.parse("4KiB:x"));
    assertThrows(IllegalArgumentException.class, () -> SizeDistribution.parse("4KiB:0"));
  }

  @Test
  void opMixParsesAndDrawsByWeight() {
    OpMix mix = OpMix.parse("put:1,get:3,head", List.of("put", "get", "head", "delete"));
    assertEquals(List.of("put", "get", "head"), mix.ops());
    SplittableRandom r = new SplittableRandom(4);
    int gets = 0;
    for (int i = 0; i < 50_000; i++) {
      gets += mix.next(r).equals("get") ? 1 : 0;
    }
    assertTrue(Math.abs(gets - 30_000) < 1000, "gets " + gets);
    assertThrows(IllegalArgumentException.class, () -> OpMix.parse("post:1", List.of("put")));
    assertThrows(IllegalArgumentException.class, () -> OpMix.parse("put:0", List.of("put")));
  }
}
