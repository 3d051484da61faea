package io.stratus.ring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable ring snapshot for lookups: path to partition, partition to primary devices, and the
 * handoff order. Safe to share between any number of threads; reloading builds a new snapshot.
 */
public final class Ring {

  private final long version;
  private final int partPower;
  private final int partShift;
  private final int replicas;
  private final PathHasher hasher;
  private final Device[] byId;
  private final List<Device> devices;
  /** {@code part * replicas + replica -> device id}: a partition's replicas sit side by side. */
  private final int[] part2devs;
  private final Tiers tiers;

  public Ring(RingData data, PathHasher hasher) {
    this.version = data.version();
    this.partPower = data.partPower();
    this.partShift = 32 - partPower;
    this.replicas = data.replicaCount();
    this.hasher = hasher;
    this.byId = data.devicesById().toArray(new Device[0]);
    List<Device> present = new ArrayList<>();
    for (Device d : byId) {
      if (d != null) {
        present.add(d);
      }
    }
    this.devices = Collections.unmodifiableList(present);
    int parts = data.partitionCount();
    this.part2devs = new int[parts * replicas];
    for (int r = 0; r < replicas; r++) {
      for (int part = 0; part < parts; part++) {
        part2devs[part * replicas + r] = data.deviceId(r, part);
      }
    }
    this.tiers = new Tiers(byId, part2devs);
  }

  /** Loads a ring file. */
  public static Ring load(Path ringFile, PathHasher hasher) throws IOException {
    return new Ring(RingFile.read(ringFile), hasher);
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
    return replicas;
  }

  /** The ring's devices, ordered by id. */
  public List<Device> devices() {
    return devices;
  }

  public PathHasher hasher() {
    return hasher;
  }

  /** The partition of an account ({@code container} and {@code object} null), container or object. */
  public int partition(String account, String container, String object) {
    return (int) (hasher.top32(account, container, object) >>> partShift);
  }

  /** The primary devices of a partition, in replica order. */
  public List<Device> primaries(int partition) {
    checkPartition(partition);
    return new Primaries(partition * replicas);
  }

  /** A read-only view of one partition's row of the table: no copying per lookup. */
  private final class Primaries extends AbstractList<Device> implements RandomAccess {
    private final int base;

    Primaries(int base) {
      this.base = base;
    }

    @Override
    public Device get(int replica) {
      Objects.checkIndex(replica, replicas);
      return byId[part2devs[base + replica]];
    }

    @Override
    public int size() {
      return replicas;
    }
  }

  /** A path's partition and primary devices: Swift's {@code get_nodes}. */
  public Placement nodes(String account, String container, String object) {
    int part = partition(account, container, object);
    return new Placement(part, primaries(part));
  }

  /**
   * The devices to try when primaries of {@code partition} fail, best first: devices in regions the
   * primaries do not use, then in unused zones, then on unused hosts, then any other device. No
   * device appears twice and no primary appears at all. The order is fixed for a ring and partition.
   */
  public Iterator<Device> handoffs(int partition) {
    checkPartition(partition);
    return new Handoffs(partition);
  }

  /** A partition and its primary devices. */
  public record Placement(int partition, List<Device> primaries) {
  }

  private void checkPartition(int partition) {
    if (partition < 0 || partition >= (1 << partPower)) {
      throw new IllegalArgumentException("partition " + partition + " is not in 0.." + ((1 << partPower) - 1));
    }
  }

  /** Region, zone and host index of every device that holds partitions. */
  private static final class Tiers {
    final int[] region;
    final int[] zone;
    final int[] host;
    final int regions;
    final int zones;
    final int hosts;
    final int devicesWithParts;

    Tiers(Device[] byId, int[] part2devs) {
      boolean[] hasParts = new boolean[byId.length];
      for (int id : part2devs) {
        hasParts[id] = true;
      }
      region = new int[byId.length];
      zone = new int[byId.length];
      host = new int[byId.length];
      Map<String, Integer> regionIdx = new HashMap<>();
      Map<String, Integer> zoneIdx = new HashMap<>();
      Map<String, Integer> hostIdx = new HashMap<>();
      int withParts = 0;
      for (int id = 0; id < byId.length; id++) {
        if (!hasParts[id]) {
          region[id] = zone[id] = host[id] = -1;
          continue;
        }
        withParts++;
        Device d = byId[id];
        String r = Integer.toString(d.region());
        String z = r + "z" + d.zone();
        String h = z + "-" + d.ip();
        region[id] = regionIdx.computeIfAbsent(r, k -> regionIdx.size());
        zone[id] = zoneIdx.computeIfAbsent(z, k -> zoneIdx.size());
        host[id] = hostIdx.computeIfAbsent(h, k -> hostIdx.size());
      }
      regions = regionIdx.size();
      zones = zoneIdx.size();
      hosts = hostIdx.size();
      devicesWithParts = withParts;
    }
  }

  /** Walks the table from a point derived from the partition, one pass per tier, as Swift does. */
  private final class Handoffs implements Iterator<Device> {
    private static final int MAX_VISITS = 1 << 16;
    private static final int PASS_REGION = 0;
    private static final int PASS_ZONE = 1;
    private static final int PASS_HOST = 2;
    private static final int PASS_DEVICE = 3;

    private final boolean[] usedDevice = new boolean[byId.length];
    private final boolean[] usedRegion = new boolean[tiers.regions];
    private final boolean[] usedZone = new boolean[tiers.zones];
    private final boolean[] usedHost = new boolean[tiers.hosts];
    private int usedDevices;
    private int usedRegions;
    private int usedZones;
    private int usedHosts;
    private final int start;
    private final int stride;
    private final int visits;
    private int pass = PASS_REGION;
    private int step;
    private int replica;
    private int sweep;
    private Device next;

    Handoffs(int partition) {
      int parts = 1 << partPower;
      this.visits = Math.min(parts, MAX_VISITS);
      // An odd stride visits distinct partitions and cannot fall in step with a table whose
      // placement repeats every 2^k partitions.
      this.stride = (parts / visits) | 1;
      this.start = mix(partition) & (parts - 1);
      for (int r = 0; r < replicas; r++) {
        use(part2devs[partition * replicas + r]);
      }
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        next = advance();
      }
      return next != null;
    }

    @Override
    public Device next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Device d = next;
      next = null;
      return d;
    }

    private Device advance() {
      while (pass <= PASS_DEVICE && usedDevices < tiers.devicesWithParts) {
        if (passExhausted()) {
          pass++;
          step = 0;
          replica = 0;
          continue;
        }
        int part = (start + step * stride) & ((1 << partPower) - 1);
        int id = part2devs[part * replicas + replica];
        if (++replica == replicas) {
          replica = 0;
          step++;
        }
        if (wanted(id)) {
          use(id);
          return byId[id];
        }
      }
      // A large ring's sampled passes may miss a device with few partitions: sweep them up by id.
      while (usedDevices < tiers.devicesWithParts && sweep < byId.length) {
        int id = sweep++;
        if (tiers.region[id] >= 0 && !usedDevice[id]) {
          use(id);
          return byId[id];
        }
      }
      return null;
    }

    private boolean passExhausted() {
      if (step >= visits) {
        return true;
      }
      return switch (pass) {
        case PASS_REGION -> usedRegions == tiers.regions;
        case PASS_ZONE -> usedZones == tiers.zones;
        case PASS_HOST -> usedHosts == tiers.hosts;
        default -> false;
      };
    }

    private boolean wanted(int id) {
      if (usedDevice[id]) {
        return false;
      }
      return switch (pass) {
        case PASS_REGION -> !usedRegion[tiers.region[id]];
        case PASS_ZONE -> !usedZone[tiers.zone[id]];
        case PASS_HOST -> !usedHost[tiers.host[id]];
        default -> true;
      };
    }

    private void use(int id) {
      if (usedDevice[id]) {
        return;
      }
      usedDevice[id] = true;
      usedDevices++;
      if (!usedRegion[tiers.region[id]]) {
        usedRegion[tiers.region[id]] = true;
        usedRegions++;
      }
      if (!usedZone[tiers.zone[id]]) {
        usedZone[tiers.zone[id]] = true;
        usedZones++;
      }
      if (!usedHost[tiers.host[id]]) {
        usedHost[tiers.host[id]] = true;
        usedHosts++;
      }
    }
  }

  /** Murmur3's finaliser: spreads partition numbers over the table. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
