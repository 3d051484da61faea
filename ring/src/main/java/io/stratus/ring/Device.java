package io.stratus.ring;

import java.util.Objects;

/**
 * One storage device of a ring: where it is (region, zone, host), how to reach it, and its weight.
 *
 * <p>The {@code ip} is the tier a device shares with the other devices of its host; the port tells
 * servers on one host apart. {@code replicationIp}/{@code replicationPort} carry replication
 * traffic and default to {@code ip}/{@code port}.
 */
public record Device(
    int id,
    int region,
    int zone,
    String ip,
    int port,
    String replicationIp,
    int replicationPort,
    String name,
    double weight,
    String meta) {

  /** Largest device id a ring can hold. */
  public static final int MAX_ID = 0x7FFF_FFFE;

  public Device {
    if (id < 0 || id > MAX_ID) {
      throw new IllegalArgumentException("device id must be in 0.." + MAX_ID + ", got " + id);
    }
    if (region < 0 || zone < 0) {
      throw new IllegalArgumentException("region and zone must be >= 0, got r" + region + "z" + zone);
    }
    requireText(ip, "ip");
    requirePort(port, "port");
    requireText(name, "device name");
    if (name.contains("/")) {
      throw new IllegalArgumentException("device name must not contain '/': " + name);
    }
    replicationIp = replicationIp == null || replicationIp.isEmpty() ? ip : replicationIp;
    replicationPort = replicationPort == 0 ? port : replicationPort;
    requirePort(replicationPort, "replication port");
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be a finite number >= 0, got " + weight);
    }
    meta = Objects.requireNonNullElse(meta, "");
  }

  /** A device with no separate replication network and no meta. */
  public static Device of(int id, int region, int zone, String ip, int port, String name, double weight) {
    return new Device(id, region, zone, ip, port, ip, port, name, weight, "");
  }

  public Device withWeight(double newWeight) {
    return new Device(id, region, zone, ip, port, replicationIp, replicationPort, name, newWeight, meta);
  }

  public Device withMeta(String newMeta) {
    return new Device(id, region, zone, ip, port, replicationIp, replicationPort, name, weight, newMeta);
  }

  /** Swift's device notation: {@code d1r1z2-10.0.0.1:6200R10.0.1.1:6300/sdb1_meta}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append('d').append(id).append('r').append(region).append('z').append(zone)
        .append('-').append(hostForm(ip)).append(':').append(port);
    if (!replicationIp.equals(ip) || replicationPort != port) {
      sb.append('R').append(hostForm(replicationIp)).append(':').append(replicationPort);
    }
    sb.append('/').append(name);
    if (!meta.isEmpty()) {
      sb.append('_').append(meta);
    }
    return sb.toString();
  }

  /** An IPv6 literal in brackets, anything else as it is. */
  public static String hostForm(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }

  private static void requirePort(int port, String what) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " must be in 1..65535, got " + port);
    }
  }
}
