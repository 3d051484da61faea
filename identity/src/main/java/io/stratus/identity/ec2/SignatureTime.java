package io.stratus.identity.ec2;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Whether a signed S3 request is still valid, from what identity is shown of it (Keystone's fix of CVE-2020-12692:
 * a captured string to sign and signature must not yield a token forever). A SigV4 header-signed request's time
 * (the string to sign's second line) must be within fifteen minutes of ours; a SigV4 presigned URL is valid from its
 * X-Amz-Date (less the skew) until X-Amz-Date + X-Amz-Expires, read from its canonical request once that is proven
 * to hash to the string to sign; a SigV2 request by its Date (or x-amz-date) within fifteen minutes, a SigV2
 * presigned URL until its Expires; a POST policy (SigV4 scoped or SigV2) until its expiration.
 */
public final class SignatureTime {
  /** The most a request's time may differ from identity's clock. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(15);
  /** The longest a presigned URL may live: seven days. */
  public static final long MAX_EXPIRES = 604800;
  /** How an expired request's refusal starts (the gateway answers S3's AccessDenied "Request has expired"). */
  public static final String EXPIRED = "Request has expired";
  /** How a skewed request's refusal starts (the gateway answers S3's RequestTimeTooSkewed). */
  public static final String SKEWED = "The difference between the request time and the current time is too large";
  private static final String V4 = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  private SignatureTime() {
  }

  /**
   * Why a verified signature may not be honoured now, or null when it may.
   *
   * @param stringToSign what was signed: a SigV4 or SigV2 string to sign, or a POST policy (base64 JSON)
   * @param canonicalRequest a SigV4 request's canonical request, or null (then it is taken as header-signed)
   * @param scoped whether the signature is a SigV4 scoped one (of a POST policy)
   */
  public static String refusal(String stringToSign, String canonicalRequest, boolean scoped, Instant now) {
    if (scoped) return policy(stringToSign, now);
    if (stringToSign.startsWith(V4 + "\n")) return v4(stringToSign, canonicalRequest, now);
    if (stringToSign.indexOf('\n') < 0) return policy(stringToSign, now);
    return v2(stringToSign, now);
  }

  private static String v4(String stringToSign, String canonicalRequest, Instant now) {
    String[] lines = stringToSign.split("\n", -1);
    if (lines.length != 4) return "The string to sign is not a SigV4 one.";
    Instant time = amzDate(lines[1]);
    if (time == null) return "The string to sign has no valid request time.";
    if (canonicalRequest == null) return skew(time, now);
    if (!sha256Hex(canonicalRequest).equals(lines[3])) return "The canonical request does not match the string to sign.";
    String[] request = canonicalRequest.split("\n", -1);
    if (request.length < 3) return "The canonical request is malformed.";
    String credential = param(request[2], "X-Amz-Credential");
    if (credential == null) return skew(time, now);
    String expires = param(request[2], "X-Amz-Expires");
    if (!lines[1].equals(param(request[2], "X-Amz-Date")) || expires == null || !expires.matches("\\d{1,7}")) {
      return "The presigned request has no valid X-Amz-Date and X-Amz-Expires.";
    }
    long seconds = Long.parseLong(expires);
    if (seconds < 1 || seconds > MAX_EXPIRES) return "X-Amz-Expires must be between 1 and " + MAX_EXPIRES + " seconds.";
    if (time.isAfter(now.plus(MAX_SKEW))) return "Request is not valid yet.";
    return expiry(time.plusSeconds(seconds), now);
  }

  /** The SigV2 string to sign: method, Content-MD5, Content-Type, Date or Expires, x-amz-* headers, resource. */
  private static String v2(String stringToSign, Instant now) {
    String[] lines = stringToSign.split("\n", -1);
    if (lines.length < 5) return "The string to sign is not a SigV2 one.";
    String date = lines[3];
    for (int i = 4; i < lines.length - 1; i++) {
      if (lines[i].toLowerCase(Locale.ROOT).startsWith("x-amz-date:")) date = lines[i].substring("x-amz-date:".length());
    }
    if (date.matches("\\d{1,12}") && date.equals(lines[3])) return expiry(Instant.ofEpochSecond(Long.parseLong(date)), now);
    Instant time = httpDate(date.trim());
    if (time == null) return "The string to sign has no valid Date or x-amz-date.";
    return skew(time, now);
  }

  /** A POST policy: the base64 of a JSON document whose "expiration" is an ISO 8601 instant still to come. */
  private static String policy(String base64, Instant now) {
    JsonObject document;
    try {
      document = new JsonObject(new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return "The signed data is not a POST policy.";
    }
    if (!(document.getValue("expiration") instanceof String expiration)) return "The POST policy has no expiration.";
    try {
      Instant expires = Instant.parse(expiration);
      return now.isBefore(expires) ? null : EXPIRED + ": the POST policy expired at " + expires + ".";
    } catch (DateTimeParseException e) {
      return "The POST policy has no valid expiration.";
    }
  }

  private static String skew(Instant time, Instant now) {
    if (Duration.between(time, now).abs().compareTo(MAX_SKEW) <= 0) return null;
    return SKEWED + ": the request time " + time + " is more than 15 minutes from " + now.truncatedTo(ChronoUnit.SECONDS) + ".";
  }

  private static String expiry(Instant expires, Instant now) {
    return now.isAfter(expires) ? EXPIRED + ": it expired at " + expires + "." : null;
  }

  /** A parameter's value in a canonical query string (names and values are URI-encoded there), or null. */
  private static String param(String canonicalQuery, String name) {
    for (String p : canonicalQuery.split("&")) {
      if (p.startsWith(name + "=")) return p.substring(name.length() + 1);
    }
    return null;
  }

  private static Instant amzDate(String value) {
    try {
      return LocalDateTime.parse(value, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** An RFC 1123 date (as SigV2 clients send Date and x-amz-date), or the ISO 8601 basic form; null if neither. */
  private static Instant httpDate(String value) {
    try {
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return amzDate(value);
    }
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
