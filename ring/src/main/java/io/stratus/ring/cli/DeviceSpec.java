package io.stratus.ring.cli;

import io.stratus.ring.Device;

/**
 * Swift's device notation, for adding and for searching:
 * {@code d<id>r<region>z<zone>-<ip>:<port>R<replication ip>:<replication port>/<device>_<meta>}.
 * Every part is optional in a search; {@code add} needs zone, ip, port and device.
 */
record DeviceSpec(Integer id, Integer region, Integer zone, String ip, Integer port, String replicationIp,
    Integer replicationPort, String name, String meta) {

  /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is wrong. */
  static DeviceSpec parse(String text) {
    Scanner s = new Scanner(text);
    Integer id = s.number('d');
    Integer region = s.number('r');
    Integer zone = s.number('z');
    String ip = null;
    Integer port = null;
    if (s.take('-') || s.startsHost()) {
      ip = s.host();
      port = s.take(':') ? s.digits("port") : null;
    }
    String replicationIp = null;
    Integer replicationPort = null;
    if (s.take('R')) {
      replicationIp = s.host();
      replicationPort = s.take(':') ? s.digits("replication port") : null;
    }
    String name = null;
    String meta = null;
    if (s.take('/')) {
      name = s.until('_');
      if (name.isEmpty()) {
        throw new IllegalArgumentException("no device name after '/' in '" + text + "'");
      }
    }
    if (s.take('_')) {
      meta = s.rest();
    }
    if (!s.atEnd()) {
      throw new IllegalArgumentException("cannot parse '" + text + "' at '" + s.rest()
          + "': expected d<id>r<region>z<zone>-<ip>:<port>/<device>_<meta>");
    }
    return new DeviceSpec(id, region, zone, ip, port, replicationIp, replicationPort, name, meta);
  }

  /** The device {@code add} creates from this spec. */
  Device toDevice(int newId, double weight) {
    if (zone == null || ip == null || port == null || name == null) {
      throw new IllegalArgumentException("a new device needs zone, ip, port and device name:"
          + " r<region>z<zone>-<ip>:<port>/<device>");
    }
    return new Device(id != null ? id : newId, region != null ? region : 1, zone, ip, port, replicationIp,
        replicationPort != null ? replicationPort : 0, name, weight, meta);
  }

  boolean matches(Device d) {
    return (id == null || id == d.id())
        && (region == null || region == d.region())
        && (zone == null || zone == d.zone())
        && (ip == null || sameHost(ip, d.ip()))
        && (port == null || port == d.port())
        && (replicationIp == null || sameHost(replicationIp, d.replicationIp()))
        && (replicationPort == null || replicationPort == d.replicationPort())
        && (name == null || name.equals(d.name()))
        && (meta == null || d.meta().contains(meta));
  }

  private static boolean sameHost(String a, String b) {
    return strip(a).equalsIgnoreCase(strip(b));
  }

  private static String strip(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** A cursor over the notation. */
  private static final class Scanner {
    private final String text;
    private int pos;

    Scanner(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return pos >= text.length();
    }

    boolean take(char c) {
      if (!atEnd() && text.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    boolean startsHost() {
      return !atEnd() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '[');
    }

    Integer number(char tag) {
      if (pos + 1 < text.length() && text.charAt(pos) == tag && Character.isDigit(text.charAt(pos + 1))) {
        pos++;
        return digits(String.valueOf(tag));
      }
      return null;
    }

    int digits(String what) {
      int start = pos;
      while (!atEnd() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (start == pos || pos - start > 9) {
        throw new IllegalArgumentException("expected a number for " + what + " in '" + text + "'");
      }
      return Integer.parseInt(text.substring(start, pos));
    }

    String host() {
      int start = pos;
      if (take('[')) {
        int close = text.indexOf(']', pos);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed '[' in '" + text + "'");
        }
        pos = close + 1;
        return text.substring(start + 1, close);
      }
      while (!atEnd() && ":/R_".indexOf(text.charAt(pos)) < 0) {
        pos++;
      }
      if (start == pos) {
        throw new IllegalArgumentException("expected an ip address in '" + text + "'");
      }
      return text.substring(start, pos);
    }

    String until(char stop) {
      int start = pos;
      while (!atEnd() && text.charAt(pos) != stop) {
        pos++;
      }
      return text.substring(start, pos);
    }

    String rest() {
      String r = text.substring(pos);
      pos = text.length();
      return r;
    }
  }
}
