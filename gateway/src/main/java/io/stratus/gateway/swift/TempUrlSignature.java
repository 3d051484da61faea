package io.stratus.gateway.swift;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The arithmetic of Swift's tempurl and formpost signatures: reading a signature (hex, its digest
 * told by its length, or {@code <digest>:<base64>}), the HMAC of a body under a key, expiry times
 * (epoch seconds or ISO 8601), the client address check of {@code temp_url_ip_range}, and the
 * Content-Disposition value of a download.
 */
final class TempUrlSignature {
  /** The digests signatures may use, as /info lists them. */
  static final List<String> DIGESTS = List.of("sha1", "sha256", "sha512");
  private static final Pattern ISO_8601 = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

  private TempUrlSignature() {
  }

  /** A signature: its digest algorithm (sha1, sha256, sha512) and its bytes. */
  record Digest(String algorithm, byte[] value) {
  }

  /** Reads a signature as Swift's {@code extract_digest_and_algorithm}; null when it is not one. */
  static Digest parse(String sig) {
    if (sig == null) return null;
    int colon = sig.indexOf(':');
    if (colon >= 0) {
      String algorithm = sig.substring(0, colon);
      String value = sig.substring(colon + 1);
      if (!DIGESTS.contains(algorithm)) return null;
      if ((value.contains("-") || value.contains("_")) && !(value.contains("+") || value.contains("/"))) {
        value = value.replace('-', '+').replace('_', '/');
      }
      int end = value.length();
      while (end > 0 && value.charAt(end - 1) == '=') end--;
      try {
        return new Digest(algorithm, Base64.getDecoder().decode(value.substring(0, end)));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    String algorithm = switch (sig.length()) {
      case 40 -> "sha1";
      case 64 -> "sha256";
      case 128 -> "sha512";
      default -> null;
    };
    if (algorithm == null) return null;
    try {
      return new Digest(algorithm, HexFormat.of().parseHex(sig));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** HMAC-{@code algorithm} of {@code body} under {@code key} (both UTF-8). */
  static byte[] hmac(String algorithm, String key, String body) {
    String name = switch (algorithm) {
      case "sha1" -> "HmacSHA1";
      case "sha256" -> "HmacSHA256";
      case "sha512" -> "HmacSHA512";
      default -> throw new IllegalArgumentException("unsupported digest " + algorithm);
    };
    try {
      Mac mac = Mac.getInstance(name);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), name));
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + name, e);
    }
  }

  /** The body a temp URL signs: {@code [ip=<range>\n]METHOD\nexpires\npath}. */
  static String tempUrlBody(String method, long expires, String path, String ipRange) {
    return (ipRange != null ? "ip=" + ipRange + "\n" : "") + method + "\n" + expires + "\n" + path;
  }

  /** Whether a signature matches the HMAC of {@code body} under {@code key}, compared in constant time. */
  static boolean matches(Digest sig, String key, String body) {
    if (key == null || key.isEmpty()) return false;
    return MessageDigest.isEqual(sig.value(), hmac(sig.algorithm(), key, body));
  }

  /** An expiry time in epoch seconds from its decimal or {@code YYYY-MM-DDThh:mm:ssZ} form; -1 when neither. */
  static long expires(String value) {
    if (value == null) return -1;
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      if (!ISO_8601.matcher(value).matches()) return -1;
      try {
        return Instant.parse(value).getEpochSecond();
      } catch (DateTimeParseException bad) {
        return -1;
      }
    }
  }

  /** Whether the client address lies in an address or CIDR range (IPv4 or IPv6); false for nonsense. */
  static boolean inRange(String client, String range) {
    try {
      int slash = range.indexOf('/');
      byte[] net = literal(slash < 0 ? range : range.substring(0, slash));
      byte[] ip = literal(client);
      if (net == null || ip == null || net.length != ip.length) return false;
      int bits = slash < 0 ? net.length * 8 : Integer.parseInt(range.substring(slash + 1));
      if (bits < 0 || bits > net.length * 8) return false;
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((net[i / 8] & mask) != (ip[i / 8] & mask)) return false;
      }
      return true;
    } catch (NumberFormatException | UnknownHostException e) {
      return false;
    }
  }

  /** The bytes of an IP literal, never a name lookup; null when it is not a literal. */
  private static byte[] literal(String s) throws UnknownHostException {
    String v = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    boolean literal = v.contains(":") ? v.matches("[0-9A-Fa-f:.]+") : v.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    return literal ? InetAddress.getByName(v).getAddress() : null;
  }

  /** Swift's {@code disposition_format}: {@code type; filename="<quoted>"; filename*=UTF-8''<quoted>}. */
  static String disposition(String type, String filename) {
    return type + "; filename=\"" + quote(filename, " /") + "\"; filename*=UTF-8''" + quote(filename, "/");
  }

  /** Python's {@code urllib.parse.quote} with {@code safe} characters kept besides letters, digits and {@code _.-~}. */
  static String quote(String s, String safe) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "_.-~".indexOf(c) >= 0 || safe.indexOf(c) >= 0)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }
}
