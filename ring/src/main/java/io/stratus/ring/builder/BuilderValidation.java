package io.stratus.ring.builder;

import io.stratus.ring.Device;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/** The checks of {@code stratus ring <builder> validate}: every replica placed, on a live device, once. */
final class BuilderValidation {

  private static final int MAX_LISTED = 20;

  private BuilderValidation() {
  }

  static List<String> problems(RingBuilder builder, int[][] table, BitSet removing) {
    List<String> problems = new ArrayList<>();
    if (table == null) {
      problems.add("the builder has not been rebalanced: there is no partition table yet");
      return problems;
    }
    int parts = builder.partitionCount();
    int unassigned = 0;
    int unknown = 0;
    int duplicated = 0;
    for (int p = 0; p < parts; p++) {
      for (int r = 0; r < table.length; r++) {
        int id = table[r][p];
        if (id < 0) {
          unassigned++;
          note(problems, unassigned, "replica %d of partition %d is not assigned", r, p);
          continue;
        }
        if (!exists(builder, id)) {
          unknown++;
          note(problems, unknown, "replica %d of partition %d is on device %d, which does not exist", r, p, id);
        }
        for (int other = 0; other < r; other++) {
          if (table[other][p] == id) {
            duplicated++;
            note(problems, duplicated, "partition %d has replicas %d and %d on the same device %d", p, other, r, id);
          }
        }
      }
    }
    summarise(problems, unassigned, "unassigned partition-replicas");
    summarise(problems, unknown, "partition-replicas on unknown devices");
    summarise(problems, duplicated, "partitions with two replicas on one device");
    int[] counts = builder.partsPerDevice();
    for (Device d : builder.devices()) {
      int held = d.id() < counts.length ? counts[d.id()] : 0;
      if (removing.get(d.id()) && held > 0) {
        problems.add(String.format(Locale.ROOT, "device %s is marked for removal and still holds %d"
            + " partition-replicas: rebalance", d.describe(), held));
      } else if (!removing.get(d.id()) && d.weight() > 0 && held == 0 && parts * table.length >= counts.length) {
        problems.add("device " + d.describe() + " has weight but no partitions: rebalance");
      }
    }
    return problems;
  }

  private static boolean exists(RingBuilder builder, int id) {
    try {
      builder.device(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void note(List<String> problems, int nth, String format, Object... args) {
    if (nth <= MAX_LISTED) {
      problems.add(String.format(Locale.ROOT, format, args));
    }
  }

  private static void summarise(List<String> problems, int count, String what) {
    if (count > MAX_LISTED) {
      problems.add("... " + count + " " + what + " in all");
    }
  }
}
