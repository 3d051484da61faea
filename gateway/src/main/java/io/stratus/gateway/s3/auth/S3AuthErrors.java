package io.stratus.gateway.s3.auth;

import io.stratus.gateway.s3.S3ErrorCode;
import io.stratus.gateway.s3.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The authentication failures with the extra elements AWS puts in their error bodies. */
final class S3AuthErrors {
  /** The most a request's time may differ from ours: fifteen minutes. */
  static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private S3AuthErrors() {
  }

  static S3Exception signatureMismatch(String accessKey, String stringToSign, String signature, String canonicalRequest) {
    S3Exception e = new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH).with("AWSAccessKeyId", accessKey)
        .with("StringToSign", stringToSign).with("SignatureProvided", signature)
        .with("StringToSignBytes", bytes(stringToSign));
    if (canonicalRequest != null) {
      e.with("CanonicalRequest", canonicalRequest).with("CanonicalRequestBytes", bytes(canonicalRequest));
    }
    return e;
  }

  static S3Exception invalidAccessKey(String accessKey) {
    return new S3Exception(S3ErrorCode.INVALID_ACCESS_KEY_ID).with("AWSAccessKeyId", accessKey);
  }

  static S3Exception skewed(String requestTime, Instant now) {
    return new S3Exception(S3ErrorCode.REQUEST_TIME_TOO_SKEWED).with("RequestTime", requestTime)
        .with("ServerTime", now.truncatedTo(ChronoUnit.SECONDS).toString())
        .with("MaxAllowedSkewMilliseconds", Long.toString(MAX_SKEW.toMillis()));
  }

  /** Whether a request time is more than fifteen minutes from now. */
  static boolean tooSkewed(Instant requestTime, Instant now) {
    return Duration.between(requestTime, now).abs().compareTo(MAX_SKEW) > 0;
  }

  static S3Exception expired(String xAmzExpires, Instant expires, Instant now) {
    return new S3Exception(S3ErrorCode.EXPIRED_REQUEST).with("X-Amz-Expires", xAmzExpires)
        .with("Expires", expires.truncatedTo(ChronoUnit.SECONDS).toString())
        .with("ServerTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
  }

  static S3Exception notYetValid() {
    return new S3Exception(S3ErrorCode.ACCESS_DENIED, "Request is not valid yet");
  }

  /** AWS's "StringToSignBytes": the UTF-8 bytes as two-digit hex, space-separated. */
  private static String bytes(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(b.length * 3);
    for (int i = 0; i < b.length; i++) {
      if (i > 0) out.append(' ');
      out.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
    }
    return out.toString();
  }
}
