package io.stratus.ring.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.Device;
import io.stratus.ring.builder.TestRings.Layout;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Placement by weight and by failure domain: balance, dispersion and repeatable seeds. */
class RingBuilderBalanceTest {

  private static final double[] UNEQUAL = {100, 200, 150, 300};

  @ParameterizedTest(name = "part power {0}, {1} zones of {2} hosts x {3} devices")
  @CsvSource({
      "10, 4, 2, 2",
      "12, 4, 2, 2",
      "12, 5, 2, 3",
      "14, 6, 2, 2"})
  void unequalWeightsAreBalancedWithinOnePercent(int partPower, int zones, int hosts, int devicesPerHost) {
    // Weights cycle 100/200/150/300 over 4 devices per zone, so every zone weighs the same and
    // holds at most a third of the total: weight and dispersion can both be met.
    RingBuilder b = TestRings.cluster(partPower, 3, new Layout(1, zones, hosts, devicesPerHost), UNEQUAL);

    b.rebalance(1);

    assertTrue(b.balance() <= 1.0, "balance " + b.balance());
    double totalWeight = b.devices().stream().mapToDouble(Device::weight).sum();
    int[] parts = b.partsPerDevice();
    int placed = 0;
    for (Device d : b.devices()) {
      double share = d.weight() / totalWeight * b.partitionCount() * 3;
      assertTrue(Math.abs(parts[d.id()] - share) <= share * 0.01,
          d.describe() + " holds " + parts[d.id()] + " partition-replicas, its share is " + share);
      placed += parts[d.id()];
    }
    assertEquals(b.partitionCount() * 3, placed);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void equalWeightsGiveEveryDeviceExactlyItsShare(long seed) {
    // 12 devices in 2 regions x 3 zones x 2 hosts; 512 x 3 partition-replicas divide evenly.
    RingBuilder b = TestRings.cluster(9, 3, new Layout(2, 3, 2, 1), 100);

    b.rebalance(seed);

    for (Device d : b.devices()) {
      assertEquals(128, b.partsPerDevice()[d.id()], d.describe());
    }
    assertEquals(0.0, b.balance());
    assertSpreadOver(b, d -> d.region() + "/" + d.zone());
  }

  @Test
  void noTwoReplicasOfAPartitionShareAZoneOrHostWhenThereAreEnoughZones() {
    RingBuilder b = TestRings.cluster(10, 3, new Layout(1, 5, 2, 2), UNEQUAL);

    b.rebalance(3);

    assertSpreadOver(b, Device::zone);
    assertSpreadOver(b, Device::ip);
  }

  @Test
  void noTwoReplicasOfAPartitionShareARegionWhenThereAreEnoughRegions() {
    RingBuilder b = TestRings.cluster(10, 3, new Layout(4, 2, 1, 2), 100, 200);

    b.rebalance(4);

    assertSpreadOver(b, Device::region);
    assertSpreadOver(b, d -> d.region() + "/" + d.zone());
    assertTrue(b.balance() <= 1.0, "balance " + b.balance());
  }

  @Test
  void hostsAreSeparateWhenOneZoneHasEnoughHosts() {
    RingBuilder b = TestRings.cluster(10, 3, new Layout(1, 1, 4, 3), UNEQUAL);

    b.rebalance(5);

    assertSpreadOver(b, Device::ip);
    assertTrue(b.balance() <= 1.0, "balance " + b.balance());
  }

  @Test
  void fewerZonesThanReplicasStillUseDistinctDevicesAndHosts() {
    RingBuilder b = TestRings.cluster(9, 3, new Layout(1, 2, 2, 2), 100);

    b.rebalance(6);

    assertSpreadOver(b, Device::id);
    assertSpreadOver(b, Device::ip);
    for (int p = 0; p < b.partitionCount(); p++) {
      Set<Integer> zones = new HashSet<>();
      for (int r = 0; r < 3; r++) {
        zones.add(b.device(b.deviceId(r, p)).zone());
      }
      assertEquals(2, zones.size(), "partition " + p + " is in one zone only");
    }
  }

  @Test
  void oneHostStillUsesDistinctDevices() {
    RingBuilder b = TestRings.cluster(8, 3, new Layout(1, 1, 1, 4), 100);

    b.rebalance(7);

    assertSpreadOver(b, Device::id);
    assertTrue(b.balance() <= 1.0, "balance " + b.balance());
  }

  @Test
  void aHeavyDeviceAloneOnItsHostNeverHoldsTwoReplicasOfAPartition() {
    // The heavy device's weight asks for 1.8 replicas of every partition; it can hold only one.
    RingBuilder b = TestRings.builder(8, 3, 0);
    b.addDevice(TestRings.device(0, 1, 1, 1, 0, 300));
    b.addDevice(TestRings.device(1, 1, 1, 2, 0, 100));
    b.addDevice(TestRings.device(2, 1, 1, 2, 1, 100));

    b.rebalance(8);

    assertSpreadOver(b, Device::id);
    assertEquals(List.of(), b.validate());
    int[] parts = b.partsPerDevice();
    assertEquals(List.of(256, 256, 256), List.of(parts[0], parts[1], parts[2]));
  }

  @Test
  void theSameSeedAndOperationsGiveTheSameRing() {
    int[][] first = buildAndGrow(42);
    int[][] second = buildAndGrow(42);

    assertTrue(Arrays.deepEquals(first, second), "two builders with seed 42 differ");
  }

  @Test
  void differentSeedsGiveDifferentRings() {
    assertNotEquals(Arrays.deepToString(buildAndGrow(1)), Arrays.deepToString(buildAndGrow(2)));
  }

  private static int[][] buildAndGrow(long seed) {
    RingBuilder b = TestRings.cluster(9, 3, new Layout(1, 4, 2, 2), UNEQUAL);
    b.rebalance(seed);
    b.addDevice(TestRings.device(b.nextDeviceId(), 1, 2, 3, 0, 200));
    b.setWeight(0, 250);
    b.rebalance(seed + 1);
    return TestRings.table(b);
  }

  /** Asserts that no partition has two replicas with the same key. */
  static void assertSpreadOver(RingBuilder b, Function<Device, Object> key) {
    for (int p = 0; p < b.partitionCount(); p++) {
      Set<Object> seen = new HashSet<>();
      for (int r = 0; r < b.replicas(); r++) {
        Device d = b.device(b.deviceId(r, p));
        assertTrue(seen.add(key.apply(d)), "partition " + p + " has two replicas on " + key.apply(d));
      }
    }
  }
}
