package io.stratus.objectserver.http;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The sums a gateway sends after an object's body (it hashes each body once, not each replica):
 * with {@code X-Backend-Body-Footer: md5-crc32c} the request body is the object's bytes followed by
 * 40 ASCII characters, the MD5 (32 hex) and the CRC32C (8 hex) of those bytes. The node computes
 * only the cheap CRC32C, and stores the MD5 as the ETag if the CRCs agree. Mirrors the gateway's
 * {@code io.stratus.gateway.proxy.BodyFooter}.
 */
record BodyFooter(String md5, long crc32c) {
  static final String HEADER = "X-Backend-Body-Footer";
  static final String KIND = "md5-crc32c";
  static final int LENGTH = 40;

  /** The footer in {@code bytes} (exactly LENGTH ASCII hex characters); null if malformed. */
  static BodyFooter parse(byte[] bytes) {
    if (bytes.length != LENGTH) return null;
    String text = new String(bytes, StandardCharsets.US_ASCII);
    for (int i = 0; i < LENGTH; i++) {
      if (Character.digit(text.charAt(i), 16) < 0) return null;
    }
    return new BodyFooter(text.substring(0, 32).toLowerCase(java.util.Locale.ROOT), HexFormat.fromHexDigitsToLong(text.substring(32)));
  }
}
