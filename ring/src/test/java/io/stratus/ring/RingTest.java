package io.stratus.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.builder.RingBuilder;
import io.stratus.ring.builder.TestRings;
import io.stratus.ring.builder.TestRings.Layout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Lookups on a ring snapshot: primaries, the handoff order, and sharing between threads. */
class RingTest {

  private static final PathHasher HASHER = new PathHasher("startcap", "endcap");

  @Test
  void primariesFollowTheTable() {
    RingData data = rebalanced(new Layout(1, 4, 2, 2), 9, 1);
    Ring ring = new Ring(data, HASHER);

    for (int p = 0; p < ring.partitionCount(); p++) {
      List<Device> primaries = ring.primaries(p);
      for (int r = 0; r < 3; r++) {
        assertEquals(data.deviceId(r, p), primaries.get(r).id());
      }
    }
    Ring.Placement placement = ring.nodes("AUTH_test", "photos", "cat.jpg");
    assertEquals(ring.partition("AUTH_test", "photos", "cat.jpg"), placement.partition());
    assertEquals(ring.primaries(placement.partition()), placement.primaries());
    assertEquals(2116326029L >>> (32 - 9), placement.partition());
    assertThrows(IllegalArgumentException.class, () -> ring.primaries(ring.partitionCount()));
    assertThrows(IllegalArgumentException.class, () -> ring.handoffs(-1));
  }

  @Test
  void handoffsCoverEveryOtherDeviceOnceAndNeverAPrimary() {
    Ring ring = new Ring(rebalanced(new Layout(2, 3, 2, 2), 8, 2), HASHER);

    for (int p = 0; p < ring.partitionCount(); p++) {
      Set<Integer> seen = new HashSet<>();
      for (Device d : ring.primaries(p)) {
        seen.add(d.id());
      }
      List<Device> handoffs = drain(ring.handoffs(p));
      for (Device d : handoffs) {
        assertTrue(seen.add(d.id()), "partition " + p + ": handoff " + d.describe() + " repeats a device");
      }
      assertEquals(ring.devices().size() - 3, handoffs.size(), "partition " + p);
      assertEquals(ring.devices().size(), seen.size());
    }
  }

  @Test
  void handoffsPreferUnusedRegionsThenZonesThenHosts() {
    // Four regions for three replicas: the first handoff is always in the unused region.
    Ring ring = new Ring(rebalanced(new Layout(4, 2, 2, 2), 8, 3), HASHER);

    for (int p = 0; p < ring.partitionCount(); p++) {
      assertHandoffOrder(ring, p);
      Set<Integer> primaryRegions = new HashSet<>();
      ring.primaries(p).forEach(d -> primaryRegions.add(d.region()));
      assertFalse(primaryRegions.contains(ring.handoffs(p).next().region()), "partition " + p);
    }
  }

  @Test
  void handoffsPreferUnusedZonesWhenEveryRegionIsUsed() {
    Ring ring = new Ring(rebalanced(new Layout(1, 5, 2, 1), 8, 4), HASHER);

    for (int p = 0; p < ring.partitionCount(); p++) {
      assertHandoffOrder(ring, p);
      Set<Integer> zones = new HashSet<>();
      ring.primaries(p).forEach(d -> zones.add(d.zone()));
      Iterator<Device> handoffs = ring.handoffs(p);
      assertTrue(zones.add(handoffs.next().zone()), "partition " + p + ": first handoff in a used zone");
      assertTrue(zones.add(handoffs.next().zone()), "partition " + p + ": second handoff in a used zone");
    }
  }

  @Test
  void handoffOrderIsFixedForARingAndPartition() {
    RingData data = rebalanced(new Layout(1, 4, 2, 2), 8, 5);
    Ring one = new Ring(data, HASHER);
    Ring two = new Ring(data, HASHER);

    for (int p = 0; p < one.partitionCount(); p += 7) {
      assertEquals(drain(one.handoffs(p)), drain(two.handoffs(p)));
    }
    Iterator<Device> it = one.handoffs(0);
    drain(it);
    assertThrows(NoSuchElementException.class, it::next);
  }

  @Test
  void concurrentLookupsAnswerLikeOneThread() throws Exception {
    Ring ring = new Ring(rebalanced(new Layout(2, 3, 2, 2), 10, 6), HASHER);
    List<String> expected = lookups(ring, 0);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<List<String>> task = () -> {
          start.await();
          return lookups(ring, 0);
        };
        results.add(pool.submit(task));
      }
      start.countDown();
      for (Future<List<String>> f : results) {
        assertEquals(expected, f.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** What a proxy asks of the ring for 3000 objects, as text. */
  private static List<String> lookups(Ring ring, int from) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < from + 3000; i++) {
      Ring.Placement placement = ring.nodes("AUTH_" + (i % 17), "c" + (i % 101), "obj-" + i + "-é");
      Iterator<Device> handoffs = ring.handoffs(placement.partition());
      out.add(placement.partition() + " " + ids(placement.primaries()) + " " + handoffs.next().id() + ","
          + handoffs.next().id() + " " + ring.partition("AUTH_" + i, null, null));
    }
    return out;
  }

  /**
   * Walks the handoffs of {@code p}, checking each one is in an unused region while any region is
   * unused, else an unused zone while any is unused, else an unused host while any is unused.
   */
  private static void assertHandoffOrder(Ring ring, int p) {
    Set<Integer> allRegions = new HashSet<>();
    Set<String> allZones = new HashSet<>();
    Set<String> allHosts = new HashSet<>();
    for (Device d : ring.devices()) {
      allRegions.add(d.region());
      allZones.add(d.region() + "z" + d.zone());
      allHosts.add(d.region() + "z" + d.zone() + d.ip());
    }
    Set<Integer> regions = new HashSet<>();
    Set<String> zones = new HashSet<>();
    Set<String> hosts = new HashSet<>();
    for (Device d : ring.primaries(p)) {
      regions.add(d.region());
      zones.add(d.region() + "z" + d.zone());
      hosts.add(d.region() + "z" + d.zone() + d.ip());
    }
    int n = 0;
    for (Iterator<Device> it = ring.handoffs(p); it.hasNext(); n++) {
      Device d = it.next();
      String where = "partition " + p + ", handoff " + n + " " + d.describe();
      boolean newRegion = regions.add(d.region());
      boolean newZone = zones.add(d.region() + "z" + d.zone());
      boolean newHost = hosts.add(d.region() + "z" + d.zone() + d.ip());
      if (regions.size() < allRegions.size() || newRegion) {
        assertTrue(newRegion, where + " is in a used region");
      } else if (zones.size() < allZones.size() || newZone) {
        assertTrue(newZone, where + " is in a used zone");
      } else if (hosts.size() < allHosts.size() || newHost) {
        assertTrue(newHost, where + " is on a used host");
      }
    }
  }

  private static RingData rebalanced(Layout layout, int partPower, long seed) {
    RingBuilder b = TestRings.cluster(partPower, 3, layout, 100, 150);
    b.rebalance(seed);
    return b.toRingData();
  }

  private static List<Device> drain(Iterator<Device> it) {
    List<Device> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static String ids(List<Device> devices) {
    StringBuilder sb = new StringBuilder();
    for (Device d : devices) {
      sb.append(d.id()).append(',');
    }
    return sb.toString();
  }
}
