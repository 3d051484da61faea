package io.stratus.identity.ec2;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * When identity may hand the gateway the SigV4 signing key of a request's scope (the key derived from the secret
 * for one date, region and service; never the secret): only for a header-signed request that is fresh (its time
 * within fifteen minutes of ours) and whose canonical request, hashed, is the one its string to sign names — so a
 * presigned URL, meant to be passed around, or an old request seen by someone else does not yield the key.
 */
public final class S3SigningKey {
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  private S3SigningKey() {
  }

  /** The derived key (lowercase hex) for the string to sign's scope, or null when it is not to be handed out. */
  public static String keyFor(String secret, String stringToSign, String canonicalRequest, Instant now) {
    if (secret == null || stringToSign == null || canonicalRequest == null) return null;
    String[] lines = stringToSign.split("\n", -1);
    if (lines.length != 4 || !lines[0].equals("AWS4-HMAC-SHA256")) return null;
    if (!sha256Hex(canonicalRequest).equals(lines[3])) return null;
    String[] request = canonicalRequest.split("\n", -1);
    if (request.length < 3 || presigned(request[2])) return null;
    try {
      Instant time = LocalDateTime.parse(lines[1], AMZ_DATE).toInstant(ZoneOffset.UTC);
      if (Duration.between(time, now).abs().compareTo(MAX_SKEW) > 0) return null;
    } catch (DateTimeParseException e) {
      return null;
    }
    String[] scope = lines[2].split("/");
    if (scope.length != 4 || !scope[3].equals("aws4_request") || !lines[1].startsWith(scope[0])) return null;
    return HexFormat.of().formatHex(AwsSignature.signingKeyV4(secret, scope[0], scope[1], scope[2]));
  }

  private static boolean presigned(String canonicalQuery) {
    for (String param : canonicalQuery.split("&")) {
      if (param.startsWith("X-Amz-Signature=") || param.startsWith("X-Amz-Credential=")) return true;
    }
    return false;
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
