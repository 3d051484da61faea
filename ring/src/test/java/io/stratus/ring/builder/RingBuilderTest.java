package io.stratus.ring.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.Device;
import io.stratus.ring.PathHasher;
import io.stratus.ring.Ring;
import io.stratus.ring.RingData;
import io.stratus.ring.builder.TestRings.Layout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder's edges: bad input, validation, the dispersion report and removing devices. */
class RingBuilderTest {

  @Test
  void rebalanceWithoutWeightedDevicesFailsClearly() {
    RingBuilder empty = TestRings.builder(8, 3, 0);
    IllegalStateException none = assertThrows(IllegalStateException.class, () -> empty.rebalance(1));
    assertTrue(none.getMessage().contains("no device has weight"), none.getMessage());

    RingBuilder weightless = TestRings.cluster(8, 3, new Layout(1, 3, 1, 1), 0);
    IllegalStateException zero = assertThrows(IllegalStateException.class, () -> weightless.rebalance(1));
    assertTrue(zero.getMessage().contains("no device has weight"), zero.getMessage());
    assertFalse(weightless.isRebalanced());
  }

  @Test
  void rebalanceWithFewerWeightedDevicesThanReplicasFailsClearly() {
    RingBuilder b = TestRings.cluster(8, 3, new Layout(1, 2, 1, 1), 100);

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.rebalance(1));

    assertTrue(e.getMessage().contains("3 replicas need at least 3 devices"), e.getMessage());
  }

  @Test
  void duplicateDevicesAreRejected() {
    RingBuilder b = TestRings.builder(8, 3, 0);
    b.addDevice(TestRings.device(0, 1, 1, 1, 0, 100));

    IllegalArgumentException sameId = assertThrows(IllegalArgumentException.class,
        () -> b.addDevice(TestRings.device(0, 1, 2, 1, 0, 100)));
    IllegalArgumentException samePlace = assertThrows(IllegalArgumentException.class,
        () -> b.addDevice(TestRings.device(1, 1, 1, 1, 0, 100)));

    assertTrue(sameId.getMessage().contains("duplicate device id 0"), sameId.getMessage());
    assertTrue(samePlace.getMessage().contains("already uses 10.1.1.1:6200/sda"), samePlace.getMessage());
    assertEquals(1, b.devices().size());
  }

  @Test
  void validateFindsNoProblemsAfterARebalance() {
    RingBuilder b = TestRings.cluster(9, 3, new Layout(1, 4, 2, 2), 100, 200, 150, 300);
    assertEquals(List.of("the builder has not been rebalanced: there is no partition table yet"), b.validate());

    b.rebalance(1);

    assertEquals(List.of(), b.validate());
  }

  @Test
  void validateReportsADeviceMarkedForRemovalThatStillHoldsPartitions() {
    RingBuilder b = TestRings.cluster(8, 3, new Layout(1, 4, 1, 1), 100);
    b.rebalance(1);

    b.removeDevice(3);

    List<String> problems = b.validate();
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("marked for removal and still holds"), problems.get(0));
  }

  @Test
  void aWellSpreadRingHasNoDispersionProblems() {
    RingBuilder b = TestRings.cluster(9, 3, new Layout(2, 3, 2, 1), 100);

    RebalanceResult result = b.rebalance(2);

    DispersionReport report = DispersionReport.of(b);
    assertEquals(0.0, report.dispersion());
    assertEquals(0.0, result.dispersion());
    assertEquals(0, report.partsOverAnywhere());
    for (DispersionReport.Row row : report.rows()) {
      assertEquals(0, row.overParts(), row.label());
      if (row.tier().equals("zone")) {
        // Six equal zones, three replicas: a zone holds one replica of half the partitions.
        assertEquals(1, row.maxReplicas(), row.label());
        assertEquals(b.partitionCount() / 2, row.partReplicas(), row.label());
      }
    }
  }

  @Test
  void dispersionReportCountsPartitionsCrowdedIntoOneZone() {
    // All replicas sit in zone 1; once zones 2 and 3 exist, zone 1 should hold one of each partition.
    RingBuilder b = TestRings.cluster(8, 3, new Layout(1, 1, 3, 1), 100);
    b.rebalance(3);
    for (int zone = 2; zone <= 3; zone++) {
      b.addDevice(TestRings.device(b.nextDeviceId(), 1, zone, 1, 0, 100));
    }

    DispersionReport crowded = DispersionReport.of(b);

    assertEquals(100.0, crowded.dispersion());
    DispersionReport.Row zone1 = crowded.rows().stream().filter(r -> r.label().equals("r1z1")).findFirst().orElseThrow();
    assertEquals(1, zone1.maxReplicas());
    assertEquals(256, zone1.overParts());
    assertEquals(256, zone1.histogram()[3]);

    b.pretendMinPartHoursPassed();
    b.rebalance(4);
    b.pretendMinPartHoursPassed();
    b.rebalance(5);

    assertEquals(0.0, DispersionReport.of(b).dispersion());
  }

  @Test
  void aRemovedDeviceLeavesTheTableAndTheRing() {
    RingBuilder b = TestRings.cluster(9, 3, new Layout(1, 4, 2, 1), 100);
    b.rebalance(5);
    int removed = 5;

    b.removeDevice(removed);
    assertTrue(b.isMarkedForRemoval(removed));
    RebalanceResult result = b.rebalance(6);

    assertEquals(1, result.removedDevices());
    assertFalse(b.devices().stream().anyMatch(d -> d.id() == removed));
    assertThrows(IllegalArgumentException.class, () -> b.device(removed));
    for (int r = 0; r < b.replicas(); r++) {
      for (int p = 0; p < b.partitionCount(); p++) {
        assertTrue(b.deviceId(r, p) != removed, "replica " + r + " of partition " + p + " is on the removed device");
      }
    }
    RingData data = b.toRingData();
    assertEquals(null, data.devicesById().get(removed));
    Ring ring = new Ring(data, new PathHasher("", "s"));
    assertFalse(ring.devices().stream().anyMatch(d -> d.id() == removed));
    assertEquals(List.of(), b.validate());
    assertEquals(removed, b.nextDeviceId(), "the removed device's id is free again");
  }

  @Test
  void weightChangesAndRemovalsAreRecordedInHistory() {
    RingBuilder b = TestRings.cluster(8, 3, new Layout(1, 3, 1, 1), 100);
    long version = b.version();

    b.setWeight(0, 50);
    b.removeDevice(2);

    assertEquals(version + 2, b.version());
    List<HistoryEntry> history = b.history();
    assertTrue(history.get(history.size() - 2).event().contains("set_weight d0r1z1-10.1.1.1:6200/sda 100.00 -> 50.00"));
    assertTrue(history.get(history.size() - 1).event().startsWith("remove d2"));
    assertThrows(IllegalArgumentException.class, () -> b.setWeight(2, 10));
    assertThrows(IllegalArgumentException.class, () -> b.removeDevice(2));
  }

  @Test
  void toRingDataNeedsARebalance() {
    RingBuilder b = TestRings.cluster(8, 3, new Layout(1, 3, 1, 1), 100);

    assertThrows(IllegalStateException.class, b::toRingData);
    b.rebalance(1);
    assertEquals(b.version(), b.toRingData().version());
  }
}
