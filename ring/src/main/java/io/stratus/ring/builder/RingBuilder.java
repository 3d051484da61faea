package io.stratus.ring.builder;

import io.stratus.ring.Device;
import io.stratus.ring.RingData;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Swift's ring builder: devices, weights and the partition table, with rebalancing that follows
 * weight, keeps a partition's replicas in separate regions, zones and hosts, moves as little as it
 * can, and moves no more than one replica of a partition within {@code min_part_hours}.
 *
 * <p>Not thread-safe: a builder is edited by one operator command at a time.
 */
public final class RingBuilder {

  /** Overload that lets dispersion always win over weight. */
  public static final double UNLIMITED_OVERLOAD = Double.POSITIVE_INFINITY;
  private static final int MAX_HISTORY = 10_000;

  private final int partPower;
  private final int replicas;
  private final InstantSource clock;
  private int minPartHours;
  private double overload = UNLIMITED_OVERLOAD;
  private long version;
  private final List<Device> devices = new ArrayList<>();
  private final BitSet removing = new BitSet();
  private boolean devicesChanged;
  /** {@code [replica][partition] -> device id}; null until the first rebalance. */
  private int[][] table;
  /** Hours since each partition last moved, saturating at 255. */
  private byte[] lastPartMoves;
  private long lastPartMovesEpoch;
  private final List<HistoryEntry> history = new ArrayList<>();

  private RingBuilder(int partPower, int replicas, int minPartHours, InstantSource clock) {
    if (partPower < 0 || partPower > RingData.MAX_PART_POWER) {
      throw new IllegalArgumentException("partition power must be in 0.." + RingData.MAX_PART_POWER);
    }
    if (replicas < 1 || replicas > RingData.MAX_REPLICAS) {
      throw new IllegalArgumentException("replicas must be in 1.." + RingData.MAX_REPLICAS);
    }
    checkMinPartHours(minPartHours);
    this.partPower = partPower;
    this.replicas = replicas;
    this.minPartHours = minPartHours;
    this.clock = clock;
    this.lastPartMoves = new byte[1 << partPower];
    this.lastPartMovesEpoch = clock.instant().getEpochSecond();
  }

  /** A new, empty builder. */
  public static RingBuilder create(int partPower, int replicas, int minPartHours, InstantSource clock) {
    RingBuilder b = new RingBuilder(partPower, replicas, minPartHours, clock);
    b.record(String.format(Locale.ROOT, "create part_power=%d replicas=%d min_part_hours=%d",
        partPower, replicas, minPartHours));
    return b;
  }

  /** Loads a builder file written by {@link #save}. */
  public static RingBuilder load(Path file, InstantSource clock) throws IOException {
    return BuilderFile.read(file, clock);
  }

  /** Writes the builder file atomically. */
  public void save(Path file) throws IOException {
    BuilderFile.write(file, this);
  }

  // ---- devices -------------------------------------------------------------------------------

  /** The lowest id no device uses. */
  public int nextDeviceId() {
    int i = devices.indexOf(null);
    return i >= 0 ? i : devices.size();
  }

  /** Adds a device; its id must be free and its ip, port and name unused. */
  public void addDevice(Device d) {
    if (d.id() < devices.size() && devices.get(d.id()) != null) {
      throw new IllegalArgumentException("duplicate device id " + d.id());
    }
    for (Device other : devices()) {
      if (other.ip().equals(d.ip()) && other.port() == d.port() && other.name().equals(d.name())) {
        throw new IllegalArgumentException("device " + other.describe() + " already uses "
            + Device.hostForm(d.ip()) + ":" + d.port() + "/" + d.name());
      }
    }
    while (devices.size() <= d.id()) {
      devices.add(null);
    }
    devices.set(d.id(), d);
    devicesChanged = true;
    record("add " + d.describe() + " weight " + formatWeight(d.weight()));
  }

  /** Marks a device for removal; its partitions move and it disappears at the next rebalance. */
  public void removeDevice(int id) {
    Device d = device(id);
    if (removing.get(id)) {
      throw new IllegalArgumentException("device " + d.describe() + " is already marked for removal");
    }
    removing.set(id);
    devices.set(id, d.withWeight(0));
    devicesChanged = true;
    record("remove " + d.describe());
  }

  public void setWeight(int id, double weight) {
    Device d = device(id);
    if (removing.get(id)) {
      throw new IllegalArgumentException("device " + d.describe() + " is marked for removal");
    }
    devices.set(id, d.withWeight(weight));
    devicesChanged = true;
    record("set_weight " + d.describe() + " " + formatWeight(d.weight()) + " -> " + formatWeight(weight));
  }

  public void setMeta(int id, String meta) {
    Device d = device(id);
    devices.set(id, d.withMeta(meta));
    record("set_info " + d.describe() + " meta " + meta);
  }

  /** The device with {@code id}; throws if there is none. */
  public Device device(int id) {
    if (id < 0 || id >= devices.size() || devices.get(id) == null) {
      throw new IllegalArgumentException("no device with id " + id);
    }
    return devices.get(id);
  }

  /** All devices, by id, including those marked for removal. */
  public List<Device> devices() {
    List<Device> out = new ArrayList<>();
    for (Device d : devices) {
      if (d != null) {
        out.add(d);
      }
    }
    return Collections.unmodifiableList(out);
  }

  public boolean isMarkedForRemoval(int id) {
    return removing.get(id);
  }

  // ---- settings ------------------------------------------------------------------------------

  public void setMinPartHours(int hours) {
    checkMinPartHours(hours);
    minPartHours = hours;
    record("set_min_part_hours " + hours);
  }

  /** Sets the overload: 0.1 lets a device take 10% more than its weight's share for dispersion. */
  public void setOverload(double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException("overload must be >= 0, got " + value);
    }
    overload = value;
    record("set_overload " + formatOverload(value));
  }

  /** Lets every partition move at the next rebalance, as if min_part_hours had passed. */
  public void pretendMinPartHoursPassed() {
    Arrays.fill(lastPartMoves, (byte) 0xFF);
    record("pretend_min_part_hours_passed");
  }

  /** Seconds until partitions moved by the last rebalance may move again. */
  public long minPartSecondsLeft() {
    long elapsed = clock.instant().getEpochSecond() - lastPartMovesEpoch;
    return Math.max(0, minPartHours * 3600L - elapsed);
  }

  // ---- rebalance -----------------------------------------------------------------------------

  /** Rebalances with a random seed. */
  public RebalanceResult rebalance() {
    return rebalance(new Random().nextLong());
  }

  /** Rebalances; the same builder state and seed always give the same table. */
  public RebalanceResult rebalance(long seed) {
    List<Device> placeable = new ArrayList<>();
    int weighted = 0;
    for (Device d : devices()) {
      if (!removing.get(d.id())) {
        placeable.add(d);
        weighted += d.weight() > 0 ? 1 : 0;
      }
    }
    if (weighted == 0) {
      throw new IllegalStateException("no device has weight > 0: nothing to place "
          + partitionCount() + " partitions on");
    }
    if (weighted < replicas) {
      throw new IllegalStateException(replicas + " replicas need at least " + replicas
          + " devices with weight > 0, but only " + weighted + " have weight");
    }
    updateLastPartMoves();
    if (table == null) {
      table = new int[replicas][partitionCount()];
      for (int[] row : table) {
        Arrays.fill(row, -1);
      }
    }
    TierTree tree = new TierTree(placeable);
    ReplicaPlan plan = ReplicaPlan.of(tree, replicas, overload);
    Rebalancer rebalancer = new Rebalancer(table, lastPartMoves, minPartHours, tree, plan, new Random(seed));
    int changedReplicas = rebalancer.run();
    int removed = removing.cardinality();
    for (int id = removing.nextSetBit(0); id >= 0; id = removing.nextSetBit(id + 1)) {
      devices.set(id, null);
    }
    removing.clear();
    devicesChanged = false;
    RebalanceResult result = new RebalanceResult(seed, rebalancer.changedParts().cardinality(), changedReplicas,
        removed, balance(), DispersionReport.of(this).dispersion());
    record(String.format(Locale.ROOT, "rebalance seed=%d: %d partitions (%d replicas) moved, %d devices removed,"
            + " balance %.2f, dispersion %.2f", seed, result.changedPartitions(), result.changedReplicas(), removed,
        result.balance(), result.dispersion()));
    return result;
  }

  private void updateLastPartMoves() {
    long now = clock.instant().getEpochSecond();
    long hours = (now - lastPartMovesEpoch) / 3600;
    if (hours <= 0) {
      return;
    }
    for (int p = 0; p < lastPartMoves.length; p++) {
      lastPartMoves[p] = (byte) Math.min(0xFF, (lastPartMoves[p] & 0xFF) + hours);
    }
    lastPartMovesEpoch += hours * 3600;
  }

  // ---- state ---------------------------------------------------------------------------------

  public int partPower() {
    return partPower;
  }

  public int partitionCount() {
    return 1 << partPower;
  }

  public int replicas() {
    return replicas;
  }

  public int minPartHours() {
    return minPartHours;
  }

  public double overload() {
    return overload;
  }

  /** Bumped by every change; a ring file carries the version it was written at. */
  public long version() {
    return version;
  }

  /** True if devices changed since the last rebalance. */
  public boolean devicesChanged() {
    return devicesChanged;
  }

  public boolean isRebalanced() {
    return table != null;
  }

  public List<HistoryEntry> history() {
    return Collections.unmodifiableList(history);
  }

  /** The device id holding {@code replica} of {@code partition}, or -1 before the first rebalance. */
  public int deviceId(int replica, int partition) {
    return table == null ? -1 : table[replica][partition];
  }

  /** Partition-replicas per device id. */
  public int[] partsPerDevice() {
    int[] counts = new int[devices.size()];
    if (table != null) {
      for (int[] row : table) {
        for (int id : row) {
          if (id >= 0 && id < counts.length) {
            counts[id]++;
          }
        }
      }
    }
    return counts;
  }

  /** The ring a ring file should hold now. */
  public RingData toRingData() {
    if (table == null) {
      throw new IllegalStateException("the builder has not been rebalanced yet");
    }
    return new RingData(version, partPower, devices, table);
  }

  /** Partition-replicas a device would hold if placement followed weight alone. */
  public double weightedShare(Device d) {
    double total = 0;
    for (Device other : devices()) {
      total += other.weight();
    }
    return total > 0 ? d.weight() / total * partitionCount() * replicas : 0;
  }

  /**
   * How far a device is from its weight's share, in percent ({@code +10} = 10% too many). A device
   * without weight that still holds partitions reports {@value #MAX_BALANCE}.
   */
  public double balanceOf(Device d, int parts) {
    double share = weightedShare(d);
    if (share == 0) {
      return parts > 0 ? MAX_BALANCE : 0;
    }
    return 100.0 * parts / share - 100.0;
  }

  /** The balance of the worst device. */
  public double balance() {
    int[] parts = partsPerDevice();
    double worst = 0;
    for (Device d : devices()) {
      worst = Math.max(worst, Math.abs(balanceOf(d, parts[d.id()])));
    }
    return worst;
  }

  /** Balance reported for a device without weight that still holds partitions, as Swift does. */
  public static final double MAX_BALANCE = 999.99;

  /** Checks the builder's table; returns the problems found, none if it is sound. */
  public List<String> validate() {
    return BuilderValidation.problems(this, table, removing);
  }

  public static String formatOverload(double value) {
    return Double.isInfinite(value) ? "unlimited" : String.format(Locale.ROOT, "%.2f%%", value * 100);
  }

  private static String formatWeight(double w) {
    return String.format(Locale.ROOT, "%.2f", w);
  }

  private static void checkMinPartHours(int hours) {
    if (hours < 0 || hours > 0xFF) {
      throw new IllegalArgumentException("min_part_hours must be in 0..255, got " + hours);
    }
  }

  private void record(String event) {
    version++;
    history.add(new HistoryEntry(clock.instant(), version, event));
    if (history.size() > MAX_HISTORY) {
      history.remove(0);
    }
  }

  // ---- persistence (BuilderFile) -------------------------------------------------------------

  /** Everything a builder file holds, for {@link BuilderFile}. */
  record State(int partPower, int replicas, int minPartHours, double overload, long version,
      List<Device> devicesById, BitSet removing, boolean devicesChanged, int[][] table, byte[] lastPartMoves,
      long lastPartMovesEpoch, List<HistoryEntry> history) {
  }

  State state() {
    return new State(partPower, replicas, minPartHours, overload, version, devices, removing, devicesChanged,
        table, lastPartMoves, lastPartMovesEpoch, history);
  }

  static RingBuilder restore(State s, InstantSource clock) {
    RingBuilder b = new RingBuilder(s.partPower(), s.replicas(), s.minPartHours(), clock);
    b.overload = s.overload();
    b.version = s.version();
    b.devices.addAll(s.devicesById());
    b.removing.or(s.removing());
    b.devicesChanged = s.devicesChanged();
    b.table = s.table();
    b.lastPartMoves = s.lastPartMoves();
    b.lastPartMovesEpoch = s.lastPartMovesEpoch();
    b.history.addAll(s.history());
    return b;
  }

  /** When a partition last moved, for tests and reports: hours, saturating at 255. */
  int hoursSinceMoved(int partition) {
    return lastPartMoves[partition] & 0xFF;
  }

  Instant lastPartMovesEpoch() {
    return Instant.ofEpochSecond(lastPartMovesEpoch);
  }
}
