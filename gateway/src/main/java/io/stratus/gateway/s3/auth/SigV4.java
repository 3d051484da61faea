package io.stratus.gateway.s3.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 as pure functions: S3's URI encoding, the canonical request, the string to sign,
 * the signing key derived from a secret and a scope, and signatures (lowercase hex).
 */
public final class SigV4 {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  private static final HexFormat HEX = HexFormat.of();
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

  private SigV4() {
  }

  /** The credential scope: a date (yyyyMMdd), a region and a service; rendered "date/region/service/aws4_request". */
  public record Scope(String date, String region, String service) {
    @Override
    public String toString() {
      return date + "/" + region + "/" + service + "/aws4_request";
    }
  }

  /**
   * AWS's URI encoding: every byte but the unreserved characters (A-Z a-z 0-9 - . _ ~) as %XX in upper case;
   * a slash stays as it is when {@code keepSlash} (a path), else it is %2F (a query name or value).
   */
  public static String uriEncode(String decoded, boolean keepSlash) {
    byte[] bytes = decoded.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
          || c == '~' || (c == '/' && keepSlash)) {
        out.append(c);
      } else {
        out.append('%').append(UPPER_HEX[(b >> 4) & 0xf]).append(UPPER_HEX[b & 0xf]);
      }
    }
    return out.toString();
  }

  /**
   * Decodes %XX escapes (UTF-8) of a raw path or query component; '+' is a space only when {@code plusIsSpace}
   * (query strings; in an S3 path it is a plus). A malformed escape is kept as it is.
   */
  public static String percentDecode(String raw, boolean plusIsSpace) {
    if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) return raw;
    byte[] out = new byte[raw.length() * 3];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && hexValue(raw.charAt(i + 1)) >= 0 && hexValue(raw.charAt(i + 2)) >= 0) {
        out[n++] = (byte) (hexValue(raw.charAt(i + 1)) * 16 + hexValue(raw.charAt(i + 2)));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out[n++] = ' ';
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          b = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        System.arraycopy(b, 0, out, n, b.length);
        n += b.length;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static int hexValue(char c) {
    return Character.digit(c, 16);
  }

  /** S3's canonical URI: the raw path decoded once and encoded once (S3 does not double-encode); "/" if empty. */
  public static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) return "/";
    return uriEncode(percentDecode(rawPath, false), true);
  }

  /**
   * The canonical query string of a raw query: each name and value decoded and encoded again, sorted by name then
   * value, "name=value" joined with '&'; {@code exclude} (e.g. X-Amz-Signature) is left out.
   */
  public static String canonicalQuery(String rawQuery, String exclude) {
    if (rawQuery == null || rawQuery.isEmpty()) return "";
    List<String[]> params = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) continue;
      int eq = part.indexOf('=');
      String name = percentDecode(eq < 0 ? part : part.substring(0, eq), true);
      String value = eq < 0 ? "" : percentDecode(part.substring(eq + 1), true);
      if (name.equals(exclude)) continue;
      params.add(new String[] {uriEncode(name, false), uriEncode(value, false)});
    }
    params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] p : params) {
      if (out.length() > 0) out.append('&');
      out.append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /** A header value as SigV4 signs it: trimmed, runs of spaces made one. */
  public static String canonicalHeaderValue(String value) {
    return value.trim().replaceAll(" {2,}", " ");
  }

  /**
   * The canonical request.
   *
   * @param headers the signed headers' values by lowercase name (several values of one name joined with ',')
   * @param signedHeaders the signed header names, lowercase and sorted
   */
  public static String canonicalRequest(String method, String canonicalUri, String canonicalQuery, Map<String, String> headers,
      List<String> signedHeaders, String payloadHash) {
    StringBuilder out = new StringBuilder(512);
    out.append(method).append('\n').append(canonicalUri).append('\n').append(canonicalQuery).append('\n');
    for (String name : signedHeaders) out.append(name).append(':').append(headers.getOrDefault(name, "")).append('\n');
    out.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
    return out.toString();
  }

  /** The string to sign of a canonical request made at {@code amzDate} (yyyyMMdd'T'HHmmss'Z'). */
  public static String stringToSign(String amzDate, Scope scope, String canonicalRequest) {
    return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /** The key derived from a secret for a scope (what identity hands the gateway; never the secret itself). */
  public static byte[] signingKey(String secret, Scope scope) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope.date());
    key = hmac(key, scope.region());
    key = hmac(key, scope.service());
    return hmac(key, "aws4_request");
  }

  /** The signature (lowercase hex) of a string under a derived signing key. */
  public static String sign(byte[] signingKey, String stringToSign) {
    return HEX.formatHex(hmac(signingKey, stringToSign));
  }

  /** Whether two signatures are equal, in time independent of where they differ. */
  public static boolean sameSignature(String expected, String provided) {
    if (expected == null || provided == null) return false;
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), provided.getBytes(StandardCharsets.US_ASCII));
  }

  public static String sha256Hex(byte[] data) {
    return HEX.formatHex(sha256().digest(data));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Whether a string is 64 hex digits (a SHA-256 payload hash). */
  static boolean isSha256Hex(String s) {
    if (s == null || s.length() != 64) return false;
    for (int i = 0; i < 64; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) return false;
    }
    return true;
  }
}
