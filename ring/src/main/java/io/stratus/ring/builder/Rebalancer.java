package io.stratus.ring.builder;

import java.util.Arrays;
import java.util.BitSet;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * One rebalance of a builder's table: gathers the partition-replicas that must or should move, then
 * places each on the device with the most room among those that keep the partition dispersed.
 *
 * <p>Replicas on removed devices always move. Any other replica moves only if its partition has not
 * moved for {@code minPartHours}, and at most one replica of a partition moves per rebalance.
 * Partitions placed for the first time hold no data yet, so their replicas may be placed again
 * while the first rebalance balances the table.
 */
final class Rebalancer {

  private static final int MAX_BALANCE_ROUNDS = 8;

  private final int[][] table;
  private final byte[] lastMoves;
  private final int minPartHours;
  private final TierTree tree;
  private final ReplicaPlan plan;
  private final int replicas;
  private final int parts;
  private final Random random;
  private final BitSet moved = new BitSet();
  private final BitSet changed = new BitSet();
  /** Partitions without any placed replica when the rebalance started. */
  private final BitSet unplaced = new BitSet();
  /** The gathered replicas as a set, for quick exclusion while counting a partition. */
  private final BitSet gatheredSet = new BitSet();
  private final double[] wanted;
  private final int[] assigned;
  private final int[] rank;
  private final int[] count;
  /** Per tier node, the counted replicas that sit on devices with weight. */
  private final int[] occupied;
  /** Gathered replicas as {@code part * replicas + replica}; their table entries hold the old device. */
  private int[] gathered = new int[64];
  private int gatheredCount;

  Rebalancer(int[][] table, byte[] lastMoves, int minPartHours, TierTree tree, ReplicaPlan plan, Random random) {
    this.table = table;
    this.lastMoves = lastMoves;
    this.minPartHours = minPartHours;
    this.tree = tree;
    this.plan = plan;
    this.replicas = table.length;
    this.parts = table[0].length;
    this.random = random;
    this.wanted = new double[tree.size];
    this.assigned = new int[tree.size];
    this.count = new int[tree.size];
    this.occupied = new int[tree.size];
    this.rank = new int[tree.size];
    for (int n = 0; n < tree.size; n++) {
      wanted[n] = plan.target[n] * parts;
      rank[n] = n;
    }
    for (int i = tree.size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = rank[i];
      rank[i] = rank[j];
      rank[j] = t;
    }
  }

  /** Runs the rebalance and returns how many partition-replicas changed device. */
  int run() {
    int[][] before = new int[replicas][];
    for (int r = 0; r < replicas; r++) {
      before[r] = table[r].clone();
    }
    unplaced.set(0, parts);
    for (int r = 0; r < replicas; r++) {
      for (int p = 0; p < parts; p++) {
        if (table[r][p] >= 0) {
          unplaced.clear(p);
        }
        if (tree.contains(table[r][p])) {
          add(table[r][p], 1);
        } else {
          gather(p, r, true);
        }
      }
    }
    gatherForDispersion();
    placeGathered();
    for (int round = 0; round < MAX_BALANCE_ROUNDS && gatherForBalance() > 0; round++) {
      placeGathered();
    }
    int movedReplicas = 0;
    for (int r = 0; r < replicas; r++) {
      for (int p = 0; p < parts; p++) {
        if (table[r][p] != before[r][p]) {
          movedReplicas++;
          changed.set(p);
        }
      }
    }
    return movedReplicas;
  }

  /** Partitions with a replica now on a different device than before this rebalance. */
  BitSet changedParts() {
    return changed;
  }

  private boolean canMove(int part) {
    return unplaced.get(part) || (!moved.get(part) && (lastMoves[part] & 0xFF) >= minPartHours);
  }

  /** Takes one replica out of the table for placement; {@code forced} ignores min_part_hours. */
  private void gather(int part, int replica, boolean forced) {
    int dev = table[replica][part];
    if (tree.contains(dev)) {
      add(dev, -1);
    }
    if (!forced || dev >= 0) {
      moved.set(part);
    }
    if (gatheredCount == gathered.length) {
      gathered = Arrays.copyOf(gathered, gathered.length * 2);
    }
    gathered[gatheredCount++] = part * replicas + replica;
  }

  /** Adds {@code delta} replicas to a device and every tier above it. */
  private void add(int dev, int delta) {
    for (int level = 1; level <= TierTree.DEVICE; level++) {
      assigned[tree.node(dev, level)] += delta;
    }
    assigned[TierTree.ROOT] += delta;
  }

  /** Counts, per tier node, the replicas of {@code part} other than {@code skip}; {@code sign} -1 undoes. */
  private void countPart(int part, int skip, int sign) {
    for (int r = 0; r < replicas; r++) {
      int dev = table[r][part];
      if (r == skip || !tree.contains(dev) || isGathered(part, r)) {
        continue;
      }
      int weighted = tree.weightedDevices[tree.node(dev, TierTree.DEVICE)] * sign;
      for (int level = 1; level <= TierTree.DEVICE; level++) {
        count[tree.node(dev, level)] += sign;
        occupied[tree.node(dev, level)] += weighted;
      }
      occupied[TierTree.ROOT] += weighted;
    }
  }

  private boolean isGathered(int part, int replica) {
    return gatheredSet.get(part * replicas + replica);
  }

  private void gatherForDispersion() {
    markGathered();
    for (int p = 0; p < parts; p++) {
      if (!canMove(p)) {
        continue;
      }
      countPart(p, -1, 1);
      int worst = -1;
      double worstRoom = Double.POSITIVE_INFINITY;
      for (int r = 0; r < replicas; r++) {
        int dev = table[r][p];
        if (isGathered(p, r) || !overfull(dev)) {
          continue;
        }
        double room = room(tree.node(dev, TierTree.DEVICE));
        if (room < worstRoom) {
          worst = r;
          worstRoom = room;
        }
      }
      countPart(p, -1, -1);
      if (worst >= 0) {
        gather(p, worst, false);
      }
    }
  }

  /** True if some tier of {@code dev} holds more replicas of the counted part than the plan allows. */
  private boolean overfull(int dev) {
    for (int level = 1; level <= TierTree.DEVICE; level++) {
      int n = tree.node(dev, level);
      if (count[n] > plan.max[n]) {
        return true;
      }
    }
    return false;
  }

  private double room(int node) {
    return wanted[node] - assigned[node];
  }

  /**
   * Gathers replicas from devices above their share so that devices below theirs can fill up.
   * Returns how many it gathered.
   */
  private int gatherForBalance() {
    markGathered();
    int devices = 0;
    int deficit = 0;
    PriorityQueue<int[]> over = new PriorityQueue<>((a, b) -> Double.compare(excess(b[0], b[1]), excess(a[0], a[1])));
    int[] shed = new int[tree.size];
    for (int n = 0; n < tree.size; n++) {
      if (tree.depth[n] != TierTree.DEVICE) {
        continue;
      }
      devices++;
      deficit += Math.max(0, (int) Math.floor(wanted[n] + 1e-9) - assigned[n]);
      shed[n] = Math.max(0, assigned[n] - (int) Math.ceil(wanted[n] - 1e-9));
      deficit -= shed[n];
      over.add(new int[] {n, shed[n]});
    }
    while (deficit > 0 && !over.isEmpty() && excess(over.peek()[0], over.peek()[1]) > 0) {
      int[] top = over.poll();
      shed[top[0]]++;
      top[1]++;
      deficit--;
      over.add(top);
    }
    int before = gatheredCount;
    int[] under = underDevices();
    if (devices > 0 && under.length > 0) {
      int[][] held = replicasOn(shed);
      for (int n = 0; n < tree.size; n++) {
        if (shed[n] > 0) {
          shedFrom(held[n], shed[n], under);
        }
      }
    }
    return gatheredCount - before;
  }

  private double excess(int node, int alreadyShed) {
    return assigned[node] - alreadyShed - wanted[node];
  }

  private int[] underDevices() {
    int[] out = new int[tree.size];
    int k = 0;
    for (int n = 0; n < tree.size; n++) {
      if (tree.depth[n] == TierTree.DEVICE && room(n) >= 1 - 1e-9) {
        out[k++] = n;
      }
    }
    return Arrays.copyOf(out, k);
  }

  /** For each device node with something to shed, the replicas it holds as {@code part * replicas + r}. */
  private int[][] replicasOn(int[] shed) {
    int[][] held = new int[tree.size][];
    int[] fill = new int[tree.size];
    for (int n = 0; n < tree.size; n++) {
      if (shed[n] > 0) {
        held[n] = new int[assigned[n]];
      }
    }
    for (int r = 0; r < replicas; r++) {
      for (int p = 0; p < parts; p++) {
        int n = tree.node(table[r][p], TierTree.DEVICE);
        if (n >= 0 && held[n] != null && !isGathered(p, r)) {
          held[n][fill[n]++] = p * replicas + r;
        }
      }
    }
    for (int n = 0; n < tree.size; n++) {
      if (held[n] != null) {
        held[n] = Arrays.copyOf(held[n], fill[n]);
      }
    }
    return held;
  }

  /**
   * Gathers up to {@code quota} movable replicas out of {@code held}, in random order: first those
   * that could go to a device below its share, then, as Swift's forced gather does, any movable
   * replica. Those may land on a device no better than this one, but that frees replicas there
   * which can reach the devices below their share in the next round.
   */
  private void shedFrom(int[] held, int quota, int[] under) {
    int left = quota;
    for (int i = held.length - 1; i >= 0 && left > 0; i--) {
      int j = random.nextInt(i + 1);
      int pick = held[j];
      held[j] = held[i];
      held[i] = pick;
      if (canMove(pick / replicas) && fitsSomewhere(pick / replicas, pick % replicas, under)) {
        gatherToShed(pick);
        left--;
      }
    }
    for (int i = 0; i < held.length && left > 0; i++) {
      if (!gatheredSet.get(held[i]) && canMove(held[i] / replicas)) {
        gatherToShed(held[i]);
        left--;
      }
    }
  }

  private void gatherToShed(int pick) {
    gather(pick / replicas, pick % replicas, false);
    gatheredSet.set(pick);
  }

  /** True if replica {@code r} of {@code p} could go to one of the {@code under} devices. */
  private boolean fitsSomewhere(int p, int r, int[] under) {
    countPart(p, r, 1);
    boolean fits = false;
    for (int i = 0; i < under.length && i < 64 && !fits; i++) {
      fits = allowed(under[i]);
    }
    countPart(p, r, -1);
    return fits;
  }

  /** True if one more replica of the counted part may go to device node {@code n}. */
  private boolean allowed(int n) {
    if (count[n] > 0) {
      return false;
    }
    for (int node = n; node > 0; node = tree.parent[node]) {
      if (count[node] >= plan.max[node]) {
        return false;
      }
    }
    return true;
  }

  private void markGathered() {
    gatheredSet.clear();
    for (int i = 0; i < gatheredCount; i++) {
      gatheredSet.set(gathered[i]);
    }
  }

  /** Places every gathered replica, in random order as Swift does, then clears the gathered list. */
  private void placeGathered() {
    markGathered();
    for (int i = gatheredCount - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = gathered[i];
      gathered[i] = gathered[j];
      gathered[j] = t;
    }
    for (int i = 0; i < gatheredCount; i++) {
      int p = gathered[i] / replicas;
      int r = gathered[i] % replicas;
      int old = table[r][p];
      countPart(p, r, 1);
      int node = choose();
      countPart(p, r, -1);
      int dev = tree.deviceOfNode[node];
      table[r][p] = dev;
      add(dev, 1);
      gatheredSet.clear(gathered[i]);
      if (dev != old) {
        lastMoves[p] = 0;
      }
    }
    gatheredCount = 0;
  }

  /**
   * Walks down from the root to the roomiest device the counted part may still use. Only nodes
   * with a device free of the part are entered, so no device ever holds two replicas of a partition.
   */
  private int choose() {
    int node = TierTree.ROOT;
    while (tree.depth[node] < TierTree.DEVICE) {
      int best = -1;
      boolean bestFits = false;
      for (int c : tree.children[node]) {
        if (plan.max[c] == 0 || occupied[c] >= tree.weightedDevices[c]) {
          continue;
        }
        boolean fits = count[c] < plan.max[c];
        if (best < 0 || better(c, fits, best, bestFits)) {
          best = c;
          bestFits = fits;
        }
      }
      if (best < 0) {
        throw new IllegalStateException("no device with weight is free of the partition under "
            + (node == TierTree.ROOT ? "the root" : tree.label[node]));
      }
      node = best;
    }
    return node;
  }

  private boolean better(int c, boolean fits, int best, boolean bestFits) {
    if (fits != bestFits) {
      return fits;
    }
    if (!fits && count[c] != count[best]) {
      return count[c] < count[best];
    }
    boolean needy = count[c] < plan.min[c];
    if (needy != count[best] < plan.min[best]) {
      return needy;
    }
    double diff = room(c) - room(best);
    if (Math.abs(diff) > 1e-9) {
      return diff > 0;
    }
    return rank[c] < rank[best];
  }
}
