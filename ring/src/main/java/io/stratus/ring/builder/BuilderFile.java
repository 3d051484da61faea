package io.stratus.ring.builder;

import io.stratus.ring.ChecksummedFile;
import io.stratus.ring.Device;
import io.stratus.ring.RingData;
import io.stratus.ring.RingFile;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The builder file: everything a {@link RingBuilder} knows, including its history, inside the
 * {@link ChecksummedFile} envelope (magic {@code STRB}).
 *
 * <pre>
 *   u8 part power  u8 replicas  u8 min_part_hours  f64 overload  u64 version
 *   u32 device slots, each: u8 present [device]   u32 count, u32 ids marked for removal
 *   u8 devices changed  u8 has table [replicas x partitions x i32 device id]
 *   partitions x u8 hours since moved  i64 epoch second of those hours
 *   u32 history entries, each: i64 epoch second, i32 nanos, u64 version, utf event
 * </pre>
 */
final class BuilderFile {

  static final ChecksummedFile.Kind KIND = new ChecksummedFile.Kind("STRB", 1, "builder file");

  private BuilderFile() {
  }

  static void write(Path file, RingBuilder builder) throws IOException {
    RingBuilder.State s = builder.state();
    ChecksummedFile.write(file, KIND, out -> {
      out.writeByte(s.partPower());
      out.writeByte(s.replicas());
      out.writeByte(s.minPartHours());
      out.writeDouble(s.overload());
      out.writeLong(s.version());
      RingFile.writeDevices(out, s.devicesById());
      out.writeInt(s.removing().cardinality());
      for (int id = s.removing().nextSetBit(0); id >= 0; id = s.removing().nextSetBit(id + 1)) {
        out.writeInt(id);
      }
      out.writeBoolean(s.devicesChanged());
      writeTable(out, s.table());
      out.write(s.lastPartMoves());
      out.writeLong(s.lastPartMovesEpoch());
      out.writeInt(s.history().size());
      for (HistoryEntry h : s.history()) {
        out.writeLong(h.at().getEpochSecond());
        out.writeInt(h.at().getNano());
        out.writeLong(h.version());
        out.writeUTF(h.event());
      }
    });
  }

  static RingBuilder read(Path file, InstantSource clock) throws IOException {
    return ChecksummedFile.read(file, KIND, in -> {
      int partPower = in.readUnsignedByte();
      int replicas = in.readUnsignedByte();
      int minPartHours = in.readUnsignedByte();
      if (partPower > RingData.MAX_PART_POWER || replicas < 1 || replicas > RingData.MAX_REPLICAS) {
        throw new IllegalArgumentException("part power " + partPower + ", " + replicas + " replicas");
      }
      double overload = in.readDouble();
      long version = in.readLong();
      List<Device> devices = RingFile.readDevices(in);
      BitSet removing = new BitSet();
      int removingCount = in.readInt();
      for (int i = 0; i < removingCount; i++) {
        int id = in.readInt();
        if (id < 0 || id >= devices.size() || devices.get(id) == null) {
          throw new IllegalArgumentException("device " + id + " is marked for removal but does not exist");
        }
        removing.set(id);
      }
      boolean devicesChanged = in.readBoolean();
      int[][] table = readTable(in, replicas, 1 << partPower, devices);
      byte[] lastPartMoves = new byte[1 << partPower];
      in.readFully(lastPartMoves);
      long epoch = in.readLong();
      List<HistoryEntry> history = readHistory(in);
      return RingBuilder.restore(new RingBuilder.State(partPower, replicas, minPartHours, overload, version,
          devices, removing, devicesChanged, table, lastPartMoves, epoch, history), clock);
    });
  }

  private static void writeTable(DataOutputStream out, int[][] table) throws IOException {
    out.writeBoolean(table != null);
    if (table == null) {
      return;
    }
    for (int[] row : table) {
      for (int id : row) {
        out.writeInt(id);
      }
    }
  }

  private static int[][] readTable(DataInputStream in, int replicas, int parts, List<Device> devices)
      throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    int[][] table = new int[replicas][parts];
    for (int r = 0; r < replicas; r++) {
      for (int p = 0; p < parts; p++) {
        int id = in.readInt();
        if (id < -1 || id >= devices.size() || (id >= 0 && devices.get(id) == null)) {
          throw new IllegalArgumentException("replica " + r + " of partition " + p + " is on unknown device " + id);
        }
        table[r][p] = id;
      }
    }
    return table;
  }

  private static List<HistoryEntry> readHistory(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0) {
      throw new IllegalArgumentException(count + " history entries");
    }
    List<HistoryEntry> history = new ArrayList<>(Math.min(count, 1 << 14));
    for (int i = 0; i < count; i++) {
      Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
      history.add(new HistoryEntry(at, in.readLong(), in.readUTF()));
    }
    return history;
  }
}
