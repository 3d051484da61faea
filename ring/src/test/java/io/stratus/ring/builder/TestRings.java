package io.stratus.ring.builder;

import io.stratus.ring.Device;
import io.stratus.ring.MutableClock;
import java.time.InstantSource;
import java.util.Locale;

/**
 * Builds the test clusters of the ring tests: a regular layout of regions, zones, hosts and
 * devices, with device weights taken in turn from a list.
 */
public final class TestRings {

  private TestRings() {
  }

  /** The shape of a cluster: how many of each tier under one of the tier above. */
  public record Layout(int regions, int zonesPerRegion, int hostsPerZone, int devicesPerHost) {
    public int devices() {
      return regions * zonesPerRegion * hostsPerZone * devicesPerHost;
    }
  }

  /** An empty builder on a fresh mutable clock. */
  public static RingBuilder builder(int partPower, int replicas, int minPartHours) {
    return RingBuilder.create(partPower, replicas, minPartHours, MutableClock.start());
  }

  /**
   * A builder holding {@code layout}'s devices, ids from 0 in region, zone, host, device order.
   * Host {@code h} of zone {@code z} in region {@code r} has ip {@code 10.r.z.h}; device {@code k}
   * of a host is {@code sd<a+k>}. The i-th device gets {@code weights[i % weights.length]}.
   */
  public static RingBuilder cluster(int partPower, int replicas, int minPartHours, InstantSource clock,
      Layout layout, double... weights) {
    RingBuilder b = RingBuilder.create(partPower, replicas, minPartHours, clock);
    addDevices(b, layout, weights);
    return b;
  }

  /** A builder on a fresh clock with min_part_hours 0. */
  public static RingBuilder cluster(int partPower, int replicas, Layout layout, double... weights) {
    return cluster(partPower, replicas, 0, MutableClock.start(), layout, weights);
  }

  /** Adds {@code layout}'s devices to {@code b}, with the next free ids. */
  public static void addDevices(RingBuilder b, Layout layout, double... weights) {
    int i = 0;
    for (int r = 1; r <= layout.regions(); r++) {
      for (int z = 1; z <= layout.zonesPerRegion(); z++) {
        for (int h = 1; h <= layout.hostsPerZone(); h++) {
          for (int k = 0; k < layout.devicesPerHost(); k++) {
            b.addDevice(device(b.nextDeviceId(), r, z, h, k, weights[i++ % weights.length]));
          }
        }
      }
    }
  }

  /** Device {@code k} of host {@code h} in zone {@code z} of region {@code r}. */
  public static Device device(int id, int region, int zone, int host, int k, double weight) {
    String ip = String.format(Locale.ROOT, "10.%d.%d.%d", region, zone, host);
    return Device.of(id, region, zone, ip, 6200, "sd" + (char) ('a' + k), weight);
  }

  /** A copy of the builder's table: {@code [replica][partition] -> device id}. */
  public static int[][] table(RingBuilder b) {
    int[][] t = new int[b.replicas()][b.partitionCount()];
    for (int r = 0; r < t.length; r++) {
      for (int p = 0; p < t[r].length; p++) {
        t[r][p] = b.deviceId(r, p);
      }
    }
    return t;
  }

  /** Partition-replicas whose device differs between two tables. */
  public static int movedReplicas(int[][] before, int[][] after) {
    int moved = 0;
    for (int r = 0; r < before.length; r++) {
      for (int p = 0; p < before[r].length; p++) {
        moved += before[r][p] != after[r][p] ? 1 : 0;
      }
    }
    return moved;
  }

  /** How many replicas of {@code partition} are on a different device. */
  public static int movedReplicas(int[][] before, int[][] after, int partition) {
    int moved = 0;
    for (int r = 0; r < before.length; r++) {
      moved += before[r][partition] != after[r][partition] ? 1 : 0;
    }
    return moved;
  }
}
