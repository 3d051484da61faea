package io.stratus.gateway.s3.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * One of S3's additional checksums ({@code x-amz-checksum-crc32}, {@code -crc32c}, {@code -crc64nvme},
 * {@code -sha1}, {@code -sha256}), computed over a payload as it streams by and rendered in base64 as S3 does.
 */
final class PayloadChecksum {
  private static final long CRC64_NVME_POLY = 0x9A6C9329AC4BC9B5L;
  private static final long[] CRC64_TABLE = crc64Table();

  private final String algorithm;
  private final Checksum crc;
  private final MessageDigest digest;
  private long crc64 = -1L;

  private PayloadChecksum(String algorithm, Checksum crc, MessageDigest digest) {
    this.algorithm = algorithm;
    this.crc = crc;
    this.digest = digest;
  }

  /** The checksum a header or trailer name stands for (e.g. "x-amz-checksum-crc32"), or null if not one we know. */
  static PayloadChecksum forHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("x-amz-checksum-")) return null;
    String algorithm = lower.substring("x-amz-checksum-".length());
    try {
      return switch (algorithm) {
        case "crc32" -> new PayloadChecksum(algorithm, new CRC32(), null);
        case "crc32c" -> new PayloadChecksum(algorithm, new CRC32C(), null);
        case "crc64nvme" -> new PayloadChecksum(algorithm, null, null);
        case "sha1" -> new PayloadChecksum(algorithm, null, MessageDigest.getInstance("SHA-1"));
        case "sha256" -> new PayloadChecksum(algorithm, null, MessageDigest.getInstance("SHA-256"));
        default -> null;
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }

  /** The header name, e.g. "x-amz-checksum-crc32". */
  String header() {
    return "x-amz-checksum-" + algorithm;
  }

  /** The algorithm as S3 names it in messages, e.g. "CRC32". */
  String algorithmName() {
    return algorithm.toUpperCase(Locale.ROOT);
  }

  void update(byte[] data) {
    if (crc != null) {
      crc.update(data, 0, data.length);
    } else if (digest != null) {
      digest.update(data);
    } else {
      long c = crc64;
      for (byte b : data) c = CRC64_TABLE[(int) ((c ^ b) & 0xff)] ^ (c >>> 8);
      crc64 = c;
    }
  }

  /** The checksum so far, base64 of its big-endian bytes. */
  String base64() {
    byte[] value;
    if (crc != null) {
      value = ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
    } else if (digest != null) {
      value = digest.digest();
    } else {
      value = ByteBuffer.allocate(8).putLong(~crc64).array();
    }
    return Base64.getEncoder().encodeToString(value);
  }

  private static long[] crc64Table() {
    long[] table = new long[256];
    for (int i = 0; i < 256; i++) {
      long c = i;
      for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ CRC64_NVME_POLY : c >>> 1;
      table[i] = c;
    }
    return table;
  }
}
