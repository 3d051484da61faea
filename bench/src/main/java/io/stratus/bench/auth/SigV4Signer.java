package io.stratus.bench.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3 requests in the Authorization header (path-style addressing);
 * payloads are sent as {@code UNSIGNED-PAYLOAD} so bodies can stream without hashing them first.
 */
public final class SigV4Signer {

  /** The payload hash value for bodies that are not hashed. */
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  /** SHA-256 of the empty string, the payload hash of a request without a body. */
  public static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private final String accessKey;
  private final String secretKey;
  private final String region;
  private final String service;

  /** A signer for one credential pair, region (e.g. us-east-1) and service (s3). */
  public SigV4Signer(String accessKey, String secretKey, String region, String service) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
    this.service = service;
  }

  /** The value of the x-amz-date header for a time. */
  public static String amzDate(Instant time) {
    return AMZ_DATE.format(time);
  }

  /**
   * The Authorization header value for a request.
   *
   * @param method HTTP method
   * @param path the decoded path (e.g. {@code /bucket/my key}); it is URI-encoded here
   * @param query decoded query parameters (a parameter without value maps to "")
   * @param headers every header to sign, including host and x-amz-date (values as sent)
   * @param payloadHash hex SHA-256 of the body, or {@link #UNSIGNED_PAYLOAD}
   * @param time the request time, equal to the x-amz-date header
   */
  public String authorization(String method, String path, Map<String, String> query,
      Map<String, String> headers, String payloadHash, Instant time) {
    TreeMap<String, String> canonicalHeaders = new TreeMap<>();
    headers.forEach((k, v) -> canonicalHeaders.put(k.toLowerCase(Locale.ROOT), v.trim().replaceAll(" +", " ")));
    String signedHeaders = String.join(";", canonicalHeaders.keySet());
    String canonicalRequest = canonicalRequest(method, path, query, canonicalHeaders, signedHeaders, payloadHash);
    String date = amzDate(time);
    String scope = date.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
    byte[] key = signingKey(date.substring(0, 8));
    String signature = HEX.formatHex(hmac(key, stringToSign));
    return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
        + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature;
  }

  static String canonicalRequest(String method, String path, Map<String, String> query,
      TreeMap<String, String> canonicalHeaders, String signedHeaders, String payloadHash) {
    StringBuilder sb = new StringBuilder(256);
    sb.append(method).append('\n').append(uriEncode(path, false)).append('\n');
    TreeMap<String, String> sortedQuery = new TreeMap<>();
    query.forEach((k, v) -> sortedQuery.put(uriEncode(k, true), uriEncode(v, true)));
    boolean first = true;
    for (Map.Entry<String, String> e : sortedQuery.entrySet()) {
      sb.append(first ? "" : "&").append(e.getKey()).append('=').append(e.getValue());
      first = false;
    }
    sb.append('\n');
    canonicalHeaders.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
    sb.append('\n').append(signedHeaders).append('\n').append(payloadHash);
    return sb.toString();
  }

  private byte[] signingKey(String day) {
    byte[] kDate = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
    byte[] kRegion = hmac(kDate, region);
    byte[] kService = hmac(kRegion, service);
    return hmac(kService, "aws4_request");
  }

  /**
   * URI-encodes per SigV4: every byte except A-Z a-z 0-9 - _ . ~ becomes %XY (upper-case hex);
   * '/' is kept unless {@code encodeSlash}.
   */
  public static String uriEncode(String text, boolean encodeSlash) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
        sb.append(c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /** Hex SHA-256 of a UTF-8 string. */
  public static String sha256Hex(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HEX.formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
