package io.stratus.ring.builder;

/**
 * How many replicas of each partition every tier node should hold, on average ({@link #target})
 * and at most ({@link #max}).
 *
 * <p>Two plans are blended, as Swift's builder does. The <em>weighted</em> plan gives each node
 * replicas in proportion to its weight. The <em>wanted</em> plan spreads replicas as widely as the
 * tiers allow: no child holds more than {@code ceil(replicas of the parent / its children)}, and
 * within that cap replicas follow weight. The overload is how far above its weighted share a device
 * may be pushed to get the wanted dispersion; unlimited overload means dispersion always wins.
 */
final class ReplicaPlan {

  private static final double EPSILON = 1e-9;

  final double[] target;
  final int[] max;
  /** The fewest replicas of each partition a node should hold: {@code floor(target)}. */
  final int[] min;
  /** The fraction of the way from the weighted to the wanted plan that the overload allows. */
  final double blend;
  /** The overload the wanted plan needs: the largest wanted/weighted - 1 over all devices. */
  final double requiredOverload;

  private ReplicaPlan(double[] target, double blend, double requiredOverload) {
    this.target = target;
    this.blend = blend;
    this.requiredOverload = requiredOverload;
    this.max = new int[target.length];
    this.min = new int[target.length];
    for (int n = 0; n < target.length; n++) {
      max[n] = target[n] <= EPSILON ? 0 : (int) Math.ceil(target[n] - EPSILON);
      min[n] = (int) Math.floor(target[n] + EPSILON);
    }
  }

  /** The plan for {@code replicas} replicas over {@code tree}, with the given overload (may be infinite). */
  static ReplicaPlan of(TierTree tree, int replicas, double overload) {
    double[] weighted = weighted(tree, replicas);
    double[] wanted = wanted(tree, replicas);
    double required = 0;
    double blend = 1;
    for (int n = 0; n < tree.size; n++) {
      if (tree.depth[n] != TierTree.DEVICE || wanted[n] <= weighted[n] + EPSILON) {
        continue;
      }
      double gap = wanted[n] - weighted[n];
      required = Math.max(required, weighted[n] > 0 ? gap / weighted[n] : Double.POSITIVE_INFINITY);
      blend = Math.min(blend, overload * weighted[n] / gap);
    }
    double[] target = new double[tree.size];
    for (int n = 0; n < tree.size; n++) {
      if (tree.depth[n] == TierTree.DEVICE) {
        target[n] = weighted[n] + blend * (wanted[n] - weighted[n]);
      }
    }
    for (int n = tree.size - 1; n > 0; n--) {
      if (tree.depth[n] != TierTree.DEVICE) {
        continue;
      }
      for (int up = tree.parent[n]; up >= 0; up = tree.parent[up]) {
        target[up] += target[n];
      }
    }
    return new ReplicaPlan(target, blend, required);
  }

  /** The plan with unlimited overload: the most dispersion the tiers allow. */
  static ReplicaPlan dispersed(TierTree tree, int replicas) {
    return of(tree, replicas, Double.POSITIVE_INFINITY);
  }

  private static double[] weighted(TierTree tree, int replicas) {
    double[] out = new double[tree.size];
    double total = tree.weight[TierTree.ROOT];
    for (int n = 0; n < tree.size; n++) {
      out[n] = total > 0 ? replicas * tree.weight[n] / total : 0;
    }
    return out;
  }

  private static double[] wanted(TierTree tree, int replicas) {
    double[] out = new double[tree.size];
    out[TierTree.ROOT] = tree.weight[TierTree.ROOT] > 0 ? replicas : 0;
    for (int n = 0; n < tree.size; n++) {
      if (tree.children[n].length > 0 && out[n] > 0) {
        fill(tree, n, out);
      }
    }
    return out;
  }

  /**
   * Spreads node {@code n}'s replicas over its children by weight. A child holds at most
   * {@code ceil(replicas of n / children with weight)} for dispersion, and never more than it has
   * devices with weight: one device holds at most one replica of a partition. Only when the
   * dispersion caps leave replicas over (too few devices elsewhere) may a child exceed its cap,
   * as Swift's "device limited" tiers do.
   */
  private static void fill(TierTree tree, int n, double[] out) {
    int[] kids = tree.children[n];
    int weighty = 0;
    for (int c : kids) {
      if (tree.weight[c] > 0) {
        weighty++;
      }
    }
    double cap = Math.max(1, Math.ceil(out[n] / weighty - EPSILON));
    double[] limit = new double[kids.length];
    double room = 0;
    for (int i = 0; i < kids.length; i++) {
      limit[i] = Math.min(cap, tree.weightedDevices[kids[i]]);
      room += limit[i];
    }
    if (room < out[n] - EPSILON) {
      for (int i = 0; i < kids.length; i++) {
        limit[i] = tree.weightedDevices[kids[i]];
      }
    }
    waterFill(tree, kids, limit, out[n], out);
  }

  /** Gives {@code kids} shares of {@code total} in proportion to weight, none above its limit. */
  private static void waterFill(TierTree tree, int[] kids, double[] limit, double total, double[] out) {
    boolean[] capped = new boolean[kids.length];
    double remaining = total;
    boolean changed = true;
    while (changed) {
      changed = false;
      double free = 0;
      for (int i = 0; i < kids.length; i++) {
        free += capped[i] ? 0 : tree.weight[kids[i]];
      }
      for (int i = 0; i < kids.length; i++) {
        if (!capped[i]) {
          out[kids[i]] = free > 0 ? remaining * tree.weight[kids[i]] / free : 0;
        }
      }
      for (int i = 0; i < kids.length; i++) {
        if (!capped[i] && out[kids[i]] > limit[i] + EPSILON) {
          capped[i] = true;
          out[kids[i]] = limit[i];
          remaining -= limit[i];
          changed = true;
        }
      }
    }
  }
}
