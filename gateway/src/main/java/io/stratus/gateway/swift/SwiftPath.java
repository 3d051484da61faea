package io.stratus.gateway.swift;

import io.stratus.common.error.StratusException;
import io.stratus.common.http.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A Swift API path, {@code /v1/account[/container[/object]]}, percent-decoded as Swift's
 * {@code split_path(unquote(path), 1, 4, True)}: the object keeps its slashes, a trailing slash
 * leaves the lower level empty (null), and an empty name in the middle is invalid.
 */
public record SwiftPath(String version, String account, String container, String object) {

  /** Parses a raw request path; 400 when it is not valid UTF-8, holds a NUL or an empty middle name. */
  public static SwiftPath parse(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) throw StratusException.badRequest("Invalid path");
    String path = decode(rawPath);
    if (path.indexOf('\0') >= 0) throw StratusException.badRequest("Invalid UTF8 or contains NULL");
    String[] parts = path.substring(1).split("/", 4);
    String version = parts[0];
    String account = part(parts, 1);
    String container = part(parts, 2);
    String object = part(parts, 3);
    if (account == null && (container != null || object != null) || container == null && object != null) {
      throw StratusException.badRequest("Invalid path: " + path);
    }
    return new SwiftPath(version, account, container, object);
  }

  private static String part(String[] parts, int i) {
    return i < parts.length && !parts[i].isEmpty() ? parts[i] : null;
  }

  /** Swift's top level: account, container or object. */
  public Level level() {
    if (object != null) return Level.OBJECT;
    return container != null ? Level.CONTAINER : Level.ACCOUNT;
  }

  /** The level of a request. */
  public enum Level {
    ACCOUNT, CONTAINER, OBJECT
  }

  /**
   * Percent-decoding of a path or header value as it came off the wire ('+' stays '+'); the bytes
   * must be UTF-8. The HTTP decoder hands over each byte of a request line or header as one char
   * (ISO-8859-1), so a char from 0x80 to 0xFF is a byte of unescaped UTF-8 (a raw {@code é} is the
   * two chars {@code Ã©}): it is taken as that byte, as Swift reads such a path.
   */
  public static String decode(String raw) {
    if (raw.indexOf('%') < 0 && ascii(raw)) return raw;
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
          && Character.digit(raw.charAt(i + 2), 16) >= 0) {
        out.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 2;
      } else if (c <= 0xFF) {
        out.write(c);
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    String decoded = Utf8.decode(out.toByteArray());
    if (decoded == null) throw StratusException.badRequest("Invalid UTF8 or contains NULL");
    return decoded;
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) return false;
    }
    return true;
  }
}
