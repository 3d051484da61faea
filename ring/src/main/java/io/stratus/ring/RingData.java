package io.stratus.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a ring file holds: the ring version, partition power, devices by id and the
 * replica-to-partition-to-device table. Immutable: the table is copied in and never handed out.
 * Two ring data are equal when all of that is equal.
 */
public final class RingData {

  /** Largest partition power a ring file may hold. */
  public static final int MAX_PART_POWER = 24;
  /** Largest replica count a ring file may hold. */
  public static final int MAX_REPLICAS = 16;

  private final long version;
  private final int partPower;
  private final List<Device> devicesById;
  private final int[][] replica2part2dev;

  /**
   * @param devicesById device at index {@code id}, or null where no device has that id
   * @param replica2part2dev {@code [replica][partition] -> device id}; every entry must name a device
   */
  public RingData(long version, int partPower, List<Device> devicesById, int[][] replica2part2dev) {
    if (partPower < 0 || partPower > MAX_PART_POWER) {
      throw new IllegalArgumentException("partition power must be in 0.." + MAX_PART_POWER + ", got " + partPower);
    }
    int replicas = replica2part2dev.length;
    if (replicas < 1 || replicas > MAX_REPLICAS) {
      throw new IllegalArgumentException("replica count must be in 1.." + MAX_REPLICAS + ", got " + replicas);
    }
    List<Device> devs = new ArrayList<>(devicesById);
    for (int i = 0; i < devs.size(); i++) {
      Device d = devs.get(i);
      if (d != null && d.id() != i) {
        throw new IllegalArgumentException("device " + d.describe() + " is at index " + i);
      }
    }
    int parts = 1 << partPower;
    int[][] table = new int[replicas][];
    for (int r = 0; r < replicas; r++) {
      if (replica2part2dev[r].length != parts) {
        throw new IllegalArgumentException("replica " + r + " has " + replica2part2dev[r].length
            + " partitions, expected " + parts);
      }
      table[r] = replica2part2dev[r].clone();
      for (int part = 0; part < parts; part++) {
        int id = table[r][part];
        if (id < 0 || id >= devs.size() || devs.get(id) == null) {
          throw new IllegalArgumentException("replica " + r + " of partition " + part
              + " is on device " + id + ", which is not in the ring");
        }
      }
    }
    this.version = version;
    this.partPower = partPower;
    this.devicesById = Collections.unmodifiableList(devs);
    this.replica2part2dev = table;
  }

  public long version() {
    return version;
  }

  public int partPower() {
    return partPower;
  }

  public int partitionCount() {
    return 1 << partPower;
  }

  public int replicaCount() {
    return replica2part2dev.length;
  }

  /** Devices indexed by id, with nulls for unused ids. */
  public List<Device> devicesById() {
    return devicesById;
  }

  /** The device id holding {@code replica} of {@code partition}. */
  public int deviceId(int replica, int partition) {
    return replica2part2dev[replica][partition];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RingData other && version == other.version && partPower == other.partPower
        && devicesById.equals(other.devicesById) && Arrays.deepEquals(replica2part2dev, other.replica2part2dev);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(version) + devicesById.hashCode()) + Arrays.deepHashCode(replica2part2dev);
  }

  @Override
  public String toString() {
    return "RingData[version " + version + ", part power " + partPower + ", " + replicaCount() + " replicas, "
        + devicesById.size() + " device slots]";
  }
}
