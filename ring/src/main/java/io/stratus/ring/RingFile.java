package io.stratus.ring;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ring file: what storage nodes and proxies load. Inside the {@link ChecksummedFile} envelope
 * (magic {@code STRR}):
 *
 * <pre>
 *   u64 ring version  u8 part power  u8 replicas  u8 device-id width (2 or 4)
 *   u32 device slots, each: u8 present [device]
 *   table: for each replica, for each partition, the device id (big-endian, id-width bytes)
 * </pre>
 */
public final class RingFile {

  /** Ring files: magic and format version. */
  public static final ChecksummedFile.Kind KIND = new ChecksummedFile.Kind("STRR", 1, "ring file");

  private RingFile() {
  }

  /** Writes {@code ring} to {@code file} atomically. */
  public static void write(Path file, RingData ring) throws IOException {
    ChecksummedFile.write(file, KIND, out -> {
      int idWidth = ring.devicesById().size() <= 0xFFFF ? 2 : 4;
      out.writeLong(ring.version());
      out.writeByte(ring.partPower());
      out.writeByte(ring.replicaCount());
      out.writeByte(idWidth);
      writeDevices(out, ring.devicesById());
      for (int r = 0; r < ring.replicaCount(); r++) {
        for (int part = 0; part < ring.partitionCount(); part++) {
          int id = ring.deviceId(r, part);
          if (idWidth == 2) {
            out.writeShort(id);
          } else {
            out.writeInt(id);
          }
        }
      }
    });
  }

  /** Reads a ring file, refusing one that is truncated, corrupt or inconsistent. */
  public static RingData read(Path file) throws IOException {
    return ChecksummedFile.read(file, KIND, in -> {
      long version = in.readLong();
      int partPower = in.readUnsignedByte();
      int replicas = in.readUnsignedByte();
      int idWidth = in.readUnsignedByte();
      if (partPower > RingData.MAX_PART_POWER || replicas < 1 || replicas > RingData.MAX_REPLICAS
          || (idWidth != 2 && idWidth != 4)) {
        throw new RingFormatException(file, "corrupt header: part power " + partPower + ", " + replicas
            + " replicas, id width " + idWidth);
      }
      List<Device> devices = readDevices(in);
      return new RingData(version, partPower, devices, readTable(in, partPower, replicas, idWidth));
    });
  }

  /** Writes one device in the form both ring and builder files use. */
  public static void writeDevice(DataOutput out, Device d) throws IOException {
    out.writeInt(d.id());
    out.writeInt(d.region());
    out.writeInt(d.zone());
    out.writeUTF(d.ip());
    out.writeShort(d.port());
    out.writeUTF(d.replicationIp());
    out.writeShort(d.replicationPort());
    out.writeUTF(d.name());
    out.writeDouble(d.weight());
    out.writeUTF(d.meta());
  }

  /** Reads what {@link #writeDevice} wrote. */
  public static Device readDevice(DataInput in) throws IOException {
    int id = in.readInt();
    int region = in.readInt();
    int zone = in.readInt();
    String ip = in.readUTF();
    int port = in.readUnsignedShort();
    String replicationIp = in.readUTF();
    int replicationPort = in.readUnsignedShort();
    String name = in.readUTF();
    double weight = in.readDouble();
    String meta = in.readUTF();
    return new Device(id, region, zone, ip, port, replicationIp, replicationPort, name, weight, meta);
  }

  /** Writes the device slots by id (a null slot is an unused id), as ring and builder files keep them. */
  public static void writeDevices(DataOutput out, List<Device> devicesById) throws IOException {
    out.writeInt(devicesById.size());
    for (Device d : devicesById) {
      out.writeBoolean(d != null);
      if (d != null) {
        writeDevice(out, d);
      }
    }
  }

  /** Reads what {@link #writeDevices} wrote; a device must sit in the slot of its id. */
  public static List<Device> readDevices(DataInput in) throws IOException {
    int slots = in.readInt();
    if (slots < 0 || slots > Device.MAX_ID + 1) {
      throw new IllegalArgumentException(slots + " device slots");
    }
    List<Device> devices = new ArrayList<>(Math.min(slots, 1 << 16));
    for (int i = 0; i < slots; i++) {
      Device d = in.readBoolean() ? readDevice(in) : null;
      if (d != null && d.id() != i) {
        throw new IllegalArgumentException("device in slot " + i + " has id " + d.id());
      }
      devices.add(d);
    }
    return devices;
  }

  private static int[][] readTable(DataInputStream in, int partPower, int replicas, int idWidth) throws IOException {
    int parts = 1 << partPower;
    int[][] table = new int[replicas][parts];
    byte[] row = new byte[parts * idWidth];
    for (int r = 0; r < replicas; r++) {
      in.readFully(row);
      int[] dst = table[r];
      for (int p = 0, i = 0; p < parts; p++, i += idWidth) {
        dst[p] = idWidth == 2
            ? ((row[i] & 0xFF) << 8) | (row[i + 1] & 0xFF)
            : ((row[i] & 0xFF) << 24) | ((row[i + 1] & 0xFF) << 16) | ((row[i + 2] & 0xFF) << 8) | (row[i + 3] & 0xFF);
      }
    }
    return table;
  }
}
