package io.stratus.ring.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.MutableClock;
import io.stratus.ring.builder.TestRings.Layout;
import java.time.Duration;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How much a rebalance moves, and min_part_hours holding partitions still. */
class RingBuilderMovementTest {

  private static final Duration HOUR = Duration.ofHours(1);

  @ParameterizedTest(name = "part power {0}, {1} zones x {2} devices, then one more")
  @CsvSource({"10, 4, 3", "10, 6, 2", "11, 5, 4"})
  void addingADeviceMovesAboutItsShare(int partPower, int zones, int devicesPerZone) {
    RingBuilder b = TestRings.cluster(partPower, 3, new Layout(1, zones, devicesPerZone, 1), 100);
    b.rebalance(11);
    int[][] before = TestRings.table(b);
    int n = b.devices().size();

    int newId = b.nextDeviceId();
    b.addDevice(TestRings.device(newId, 1, 1, devicesPerZone + 1, 0, 100));
    RebalanceResult result = b.rebalance(12);

    double share = b.partitionCount() * 3.0 / (n + 1);
    int moved = TestRings.movedReplicas(before, TestRings.table(b));
    assertEquals(moved, result.changedReplicas());
    assertBetween(0.5 * share, 2 * share, moved, "replicas moved to add a device");
    assertEquals(Math.round(share), b.partsPerDevice()[newId], 1.0, "the new device's partition-replicas");
    assertTrue(b.balance() <= 1.0, "balance " + b.balance());
    RingBuilderBalanceTest.assertSpreadOver(b, d -> d.zone());
  }

  @ParameterizedTest(name = "part power {0}, {1} zones x {2} devices, then one fewer")
  @CsvSource({"10, 4, 3", "10, 6, 2", "11, 5, 4"})
  void removingADeviceMovesAboutItsShare(int partPower, int zones, int devicesPerZone) {
    RingBuilder b = TestRings.cluster(partPower, 3, new Layout(1, zones, devicesPerZone, 1), 100);
    b.rebalance(13);
    int[][] before = TestRings.table(b);
    int held = b.partsPerDevice()[0];

    b.removeDevice(0);
    RebalanceResult result = b.rebalance(14);

    int moved = TestRings.movedReplicas(before, TestRings.table(b));
    assertEquals(1, result.removedDevices());
    assertBetween(held, 2.0 * held, moved, "replicas moved to remove a device holding " + held);
    assertTrue(b.balance() <= 1.0, "balance " + b.balance());
    RingBuilderBalanceTest.assertSpreadOver(b, d -> d.zone());
  }

  @Test
  void nothingMovesWithinMinPartHoursOfTheFirstPlacement() {
    MutableClock clock = MutableClock.start();
    RingBuilder b = TestRings.cluster(9, 3, 24, clock, new Layout(1, 4, 2, 1), 100);
    b.rebalance(21);
    int[][] placed = TestRings.table(b);

    clock.advance(HOUR.multipliedBy(23));
    int newId = b.nextDeviceId();
    b.addDevice(TestRings.device(newId, 1, 1, 3, 0, 100));
    RebalanceResult early = b.rebalance(22);

    assertEquals(0, early.changedReplicas());
    assertEquals(0, TestRings.movedReplicas(placed, TestRings.table(b)));
    assertEquals(0, b.partsPerDevice()[newId]);

    clock.advance(HOUR);
    RebalanceResult due = b.rebalance(23);

    assertTrue(due.changedReplicas() > 0, "nothing moved once min_part_hours had passed");
    assertEveryPartitionMovedAtMostOnce(placed, TestRings.table(b));
    assertTrue(b.balance() <= 1.0, "balance " + b.balance());
  }

  @Test
  void partitionsMovedByTheLastRebalanceStayPutWithinMinPartHours() {
    MutableClock clock = MutableClock.start();
    RingBuilder b = TestRings.cluster(10, 3, 24, clock, new Layout(1, 4, 2, 1), 100, 200);
    b.rebalance(31);
    clock.advance(HOUR.multipliedBy(25));
    b.addDevice(TestRings.device(b.nextDeviceId(), 1, 1, 3, 0, 150));
    int[][] first = TestRings.table(b);
    b.rebalance(32);
    int[][] second = TestRings.table(b);
    BitSet movedBySecond = movedPartitions(first, second);
    assertFalse(movedBySecond.isEmpty());
    assertEveryPartitionMovedAtMostOnce(first, second);

    // An hour later: weights change and a device arrives, still within min_part_hours.
    clock.advance(HOUR);
    b.setWeight(1, 150);
    b.addDevice(TestRings.device(b.nextDeviceId(), 1, 3, 3, 0, 100));
    b.rebalance(33);
    int[][] third = TestRings.table(b);

    BitSet movedByThird = movedPartitions(second, third);
    assertFalse(movedByThird.isEmpty(), "partitions that last moved 26 hours ago may move");
    assertFalse(movedByThird.intersects(movedBySecond), "a partition moved twice within min_part_hours");
    assertEveryPartitionMovedAtMostOnce(second, third);

    // Once min_part_hours has passed, the builder finishes the job.
    clock.advance(HOUR.multipliedBy(24));
    b.rebalance(34);
    int[][] fourth = TestRings.table(b);

    assertEveryPartitionMovedAtMostOnce(third, fourth);
    assertTrue(b.balance() <= 1.0, "balance " + b.balance());
  }

  @Test
  void aRemovedDeviceIsEmptiedEvenWithinMinPartHours() {
    MutableClock clock = MutableClock.start();
    RingBuilder b = TestRings.cluster(9, 3, 24, clock, new Layout(1, 4, 2, 1), 100);
    b.rebalance(41);
    int[][] before = TestRings.table(b);

    clock.advance(HOUR);
    b.removeDevice(2);
    RebalanceResult result = b.rebalance(42);

    int[][] after = TestRings.table(b);
    assertEquals(TestRings.movedReplicas(before, after), result.changedReplicas());
    for (int[] row : after) {
      for (int id : row) {
        assertTrue(id != 2, "device 2 still holds a partition");
      }
    }
    assertEveryPartitionMovedAtMostOnce(before, after);
  }

  @Test
  void pretendingMinPartHoursPassedLetsPartitionsMove() {
    RingBuilder b = TestRings.cluster(9, 3, 24, MutableClock.start(), new Layout(1, 4, 2, 1), 100);
    b.rebalance(51);
    b.addDevice(TestRings.device(b.nextDeviceId(), 1, 2, 3, 0, 100));
    assertEquals(0, b.rebalance(52).changedReplicas());

    b.pretendMinPartHoursPassed();
    RebalanceResult result = b.rebalance(53);

    assertTrue(result.changedReplicas() > 0);
    assertTrue(b.balance() <= 1.0 + 100.0 / 170, "balance " + b.balance());
  }

  private static BitSet movedPartitions(int[][] before, int[][] after) {
    BitSet moved = new BitSet();
    for (int p = 0; p < before[0].length; p++) {
      if (TestRings.movedReplicas(before, after, p) > 0) {
        moved.set(p);
      }
    }
    return moved;
  }

  private static void assertEveryPartitionMovedAtMostOnce(int[][] before, int[][] after) {
    for (int p = 0; p < before[0].length; p++) {
      int moved = TestRings.movedReplicas(before, after, p);
      assertTrue(moved <= 1, "partition " + p + " moved " + moved + " replicas in one rebalance");
    }
  }

  private static void assertBetween(double low, double high, double actual, String what) {
    assertTrue(actual >= low && actual <= high, what + ": " + actual + ", expected " + low + ".." + high);
  }
}
