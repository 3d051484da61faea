package io.stratus.ring.builder;

import io.stratus.ring.Device;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How widely a builder's partitions are spread: for every region, zone, host and device, how many
 * partitions hold 0, 1, 2, … of their replicas there, and how many hold more than the tiers allow
 * (the most-dispersed plan's maximum for that node). Like {@code swift-ring-builder dispersion}.
 */
public final class DispersionReport {

  /**
   * One tier node.
   *
   * @param tier "region", "zone", "host" or "device"
   * @param label the node, e.g. {@code r1z2-10.0.0.1}
   * @param partReplicas partition-replicas held under the node
   * @param maxReplicas the most replicas of one partition the node should hold
   * @param overParts partitions with more than {@code maxReplicas} replicas under the node
   * @param histogram {@code histogram[k]}: partitions with exactly k replicas under the node
   */
  public record Row(String tier, String label, int partReplicas, int maxReplicas, int overParts, int[] histogram) {
    /** Percentage of all partitions that are over the maximum at this node. */
    public double overPercent(int partitions) {
      return partitions == 0 ? 0 : 100.0 * overParts / partitions;
    }
  }

  private final int partitions;
  private final int replicas;
  private final int partsOverAnywhere;
  private final double requiredOverload;
  private final double overload;
  private final List<Row> rows;

  private DispersionReport(int partitions, int replicas, int partsOverAnywhere, double requiredOverload,
      double overload, List<Row> rows) {
    this.partitions = partitions;
    this.replicas = replicas;
    this.partsOverAnywhere = partsOverAnywhere;
    this.requiredOverload = requiredOverload;
    this.overload = overload;
    this.rows = rows;
  }

  /** The report of {@code builder}'s current table (empty before the first rebalance). */
  public static DispersionReport of(RingBuilder builder) {
    List<Device> devices = new ArrayList<>();
    for (Device d : builder.devices()) {
      if (!builder.isMarkedForRemoval(d.id())) {
        devices.add(d);
      }
    }
    int parts = builder.partitionCount();
    int replicas = builder.replicas();
    if (devices.isEmpty() || !builder.isRebalanced()) {
      return new DispersionReport(parts, replicas, 0, 0, builder.overload(), List.of());
    }
    TierTree tree = new TierTree(devices);
    ReplicaPlan dispersed = ReplicaPlan.dispersed(tree, replicas);
    double required = ReplicaPlan.of(tree, replicas, builder.overload()).requiredOverload;
    int[][] hist = new int[tree.size][replicas + 1];
    int[] over = new int[tree.size];
    int[] count = new int[tree.size];
    int[] touched = new int[replicas * TierTree.DEVICE];
    int overAnywhere = 0;
    for (int p = 0; p < parts; p++) {
      int t = 0;
      for (int r = 0; r < replicas; r++) {
        int id = builder.deviceId(r, p);
        for (int depth = TierTree.REGION; depth <= TierTree.DEVICE && tree.contains(id); depth++) {
          int node = tree.node(id, depth);
          if (count[node]++ == 0) {
            touched[t++] = node;
          }
        }
      }
      boolean isOver = false;
      for (int i = 0; i < t; i++) {
        int node = touched[i];
        hist[node][count[node]]++;
        if (count[node] > dispersed.max[node] && tree.weight[node] > 0) {
          over[node]++;
          isOver = true;
        }
        count[node] = 0;
      }
      overAnywhere += isOver ? 1 : 0;
    }
    return new DispersionReport(parts, replicas, overAnywhere, required, builder.overload(),
        rows(tree, dispersed, hist, over, parts));
  }

  private static List<Row> rows(TierTree tree, ReplicaPlan plan, int[][] hist, int[] over, int parts) {
    List<Row> rows = new ArrayList<>();
    for (int depth = TierTree.REGION; depth <= TierTree.DEVICE; depth++) {
      for (int n = 1; n < tree.size; n++) {
        if (tree.depth[n] != depth) {
          continue;
        }
        int held = 0;
        int withAny = 0;
        for (int k = 1; k < hist[n].length; k++) {
          held += k * hist[n][k];
          withAny += hist[n][k];
        }
        hist[n][0] = parts - withAny;
        rows.add(new Row(TierTree.TIER_NAMES[depth], tree.label[n], held, plan.max[n], over[n], hist[n]));
      }
    }
    return Collections.unmodifiableList(rows);
  }

  /** Percentage of partitions with more replicas in some region, zone, host or device than allowed. */
  public double dispersion() {
    return partitions == 0 ? 0 : 100.0 * partsOverAnywhere / partitions;
  }

  public int partsOverAnywhere() {
    return partsOverAnywhere;
  }

  /** The overload the most-dispersed placement needs with these weights. */
  public double requiredOverload() {
    return requiredOverload;
  }

  public double overload() {
    return overload;
  }

  public int partitions() {
    return partitions;
  }

  public int replicas() {
    return replicas;
  }

  public List<Row> rows() {
    return rows;
  }
}
