package io.stratus.objectserver.http;

import io.stratus.common.error.StratusException;
import io.stratus.common.http.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A storage-node path, {@code /device/partition/account[/container[/object]]}, percent-decoded and
 * checked as Swift's {@code split_and_validate_path} does. The object name keeps its slashes.
 */
public record RequestPath(String device, int partition, String account, String container, String object) {

  /** Parses the raw request path; 400 for anything malformed. */
  public static RequestPath parse(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) throw StratusException.badRequest("Invalid path");
    String path = decode(rawPath);
    String[] parts = path.substring(1).split("/", 5);
    if (parts.length < 3) throw StratusException.badRequest("Invalid path: " + path);
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].isEmpty()) throw StratusException.badRequest("Invalid path: " + path);
    }
    String device = parts[0];
    if (device.equals(".") || device.equals("..")) throw StratusException.badRequest("Invalid device: " + device);
    return new RequestPath(device, partition(parts[1]), parts[2], parts.length > 3 ? parts[3] : null,
        parts.length > 4 ? parts[4] : null);
  }

  static int partition(String text) {
    if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw StratusException.badRequest("Invalid partition: " + text);
    }
    long p = Long.parseLong(text);
    if (p > Integer.MAX_VALUE) throw StratusException.badRequest("Invalid partition: " + text);
    return (int) p;
  }

  /** Percent-decoding of a path ('+' stays '+'); the bytes must be UTF-8. */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) return raw;
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) throw StratusException.badRequest("Invalid percent-encoding in path");
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) throw StratusException.badRequest("Invalid percent-encoding in path");
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    String decoded = Utf8.decode(out.toByteArray());
    if (decoded == null) throw StratusException.badRequest("Path is not valid UTF-8");
    return decoded;
  }
}
