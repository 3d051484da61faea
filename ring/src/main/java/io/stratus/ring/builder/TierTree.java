package io.stratus.ring.builder;

import io.stratus.ring.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failure domains of a set of devices as a tree: root, regions, zones, hosts (by ip), devices.
 * Nodes are numbered; node 0 is the root. Built in a fixed order so that rebalances repeat.
 */
final class TierTree {

  static final int ROOT = 0;
  static final int REGION = 1;
  static final int ZONE = 2;
  static final int HOST = 3;
  static final int DEVICE = 4;
  static final String[] TIER_NAMES = {"root", "region", "zone", "host", "device"};

  final int size;
  final int[] parent;
  final int[] depth;
  final int[][] children;
  final String[] label;
  /** Sum of device weights under each node. */
  final double[] weight;
  /** Devices with weight under each node: the most replicas of one partition the node can hold. */
  final int[] weightedDevices;
  /** Device id of a leaf node, -1 for inner nodes. */
  final int[] deviceOfNode;
  /** {@code id * DEVICE + (depth - 1)}: the region, zone, host and device node of each device id. */
  private final int[] pathById;
  private final int idLimit;

  /** Builds the tree of {@code devices} (any order; none null). */
  TierTree(List<Device> devices) {
    List<Device> sorted = new ArrayList<>(devices);
    sorted.sort(Comparator.comparingInt(Device::region).thenComparingInt(Device::zone)
        .thenComparing(Device::ip).thenComparingInt(Device::id));
    Map<String, Integer> index = new LinkedHashMap<>();
    List<Integer> parents = new ArrayList<>();
    List<Integer> depths = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Integer> leaves = new ArrayList<>();
    index.put("", ROOT);
    parents.add(-1);
    depths.add(0);
    labels.add("");
    leaves.add(-1);
    int maxId = -1;
    for (Device d : sorted) {
      maxId = Math.max(maxId, d.id());
    }
    idLimit = maxId + 1;
    pathById = new int[idLimit * DEVICE];
    Arrays.fill(pathById, -1);
    for (Device d : sorted) {
      String[] keys = {
          "r" + d.region(),
          "r" + d.region() + "z" + d.zone(),
          "r" + d.region() + "z" + d.zone() + "-" + Device.hostForm(d.ip()),
          "r" + d.region() + "z" + d.zone() + "-" + Device.hostForm(d.ip()) + "/d" + d.id()};
      int up = ROOT;
      for (int level = 0; level < keys.length; level++) {
        Integer node = index.get(keys[level]);
        if (node == null) {
          node = parents.size();
          index.put(keys[level], node);
          parents.add(up);
          depths.add(level + 1);
          labels.add(keys[level]);
          leaves.add(level + 1 == DEVICE ? d.id() : -1);
        }
        pathById[d.id() * DEVICE + level] = node;
        up = node;
      }
    }
    size = parents.size();
    parent = parents.stream().mapToInt(Integer::intValue).toArray();
    depth = depths.stream().mapToInt(Integer::intValue).toArray();
    label = labels.toArray(new String[0]);
    deviceOfNode = leaves.stream().mapToInt(Integer::intValue).toArray();
    children = childrenOf(parent);
    weight = new double[size];
    weightedDevices = new int[size];
    for (Device d : sorted) {
      int withWeight = d.weight() > 0 ? 1 : 0;
      for (int level = 0; level < DEVICE; level++) {
        weight[pathById[d.id() * DEVICE + level]] += d.weight();
        weightedDevices[pathById[d.id() * DEVICE + level]] += withWeight;
      }
      weight[ROOT] += d.weight();
      weightedDevices[ROOT] += withWeight;
    }
  }

  /** The node of {@code id}'s tier at {@code depth} (1 region .. 4 device), or -1 if not in the tree. */
  int node(int id, int tierDepth) {
    if (id < 0 || id >= idLimit) {
      return -1;
    }
    return pathById[id * DEVICE + tierDepth - 1];
  }

  boolean contains(int id) {
    return node(id, DEVICE) >= 0;
  }

  private static int[][] childrenOf(int[] parent) {
    int[] counts = new int[parent.length];
    for (int n = 1; n < parent.length; n++) {
      counts[parent[n]]++;
    }
    int[][] out = new int[parent.length][];
    for (int n = 0; n < parent.length; n++) {
      out[n] = new int[counts[n]];
      counts[n] = 0;
    }
    for (int n = 1; n < parent.length; n++) {
      out[parent[n]][counts[parent[n]]++] = n;
    }
    return out;
  }
}
