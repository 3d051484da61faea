package io.stratus.gateway.s3.auth;

import io.stratus.gateway.s3.S3ErrorCode;
import io.stratus.gateway.s3.S3Exception;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a SigV4 request says about its own signature, from the Authorization header or a presigned URL's query:
 * the access key and scope, the signed header names, the signature, the request time as written (amzDate) and
 * parsed, and for a presigned URL its lifetime in seconds (0 for a header).
 */
record V4Signed(String accessKey, SigV4.Scope scope, List<String> signedHeaders, String signature, String amzDate,
    Instant time, long expiresSeconds) {
  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
  /** The longest a presigned URL may live: seven days. */
  static final long MAX_EXPIRES = 604800;

  boolean presigned() {
    return expiresSeconds > 0;
  }

  /**
   * Parses "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date,
   * Signature=..."; the request time is x-amz-date, else Date.
   */
  static V4Signed fromHeader(String authorization, Function<String, String> header) {
    String rest = authorization.substring(SigV4.ALGORITHM.length()).trim();
    String credential = null;
    String signedHeaders = null;
    String signature = null;
    for (String part : rest.split(",")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq < 0) continue;
      String name = p.substring(0, eq).trim();
      String value = p.substring(eq + 1).trim();
      switch (name) {
        case "Credential" -> credential = value;
        case "SignedHeaders" -> signedHeaders = value;
        case "Signature" -> signature = value;
        default -> throw malformed("the authorization header has an unknown component: " + name);
      }
    }
    if (credential == null || signedHeaders == null || signature == null) {
      throw malformed("the authorization header needs Credential, SignedHeaders and Signature");
    }
    String amzDate = header.apply("x-amz-date");
    if (amzDate == null) amzDate = fromHttpDate(header.apply("date"));
    if (amzDate == null) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "AWS authentication requires a valid Date or x-amz-date header");
    }
    return build(credential, signedHeaders, signature, amzDate, 0, false);
  }

  /** Parses a presigned URL's X-Amz-* parameters (decoded values, looked up by exact name). */
  static V4Signed fromQuery(Function<String, String> param) {
    String algorithm = param.apply("X-Amz-Algorithm");
    if (!SigV4.ALGORITHM.equals(algorithm)) {
      throw queryError("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    }
    String credential = param.apply("X-Amz-Credential");
    String amzDate = param.apply("X-Amz-Date");
    String expires = param.apply("X-Amz-Expires");
    String signedHeaders = param.apply("X-Amz-SignedHeaders");
    String signature = param.apply("X-Amz-Signature");
    if (credential == null || amzDate == null || expires == null || signedHeaders == null || signature == null) {
      throw queryError("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential,"
          + " X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
    }
    long seconds;
    try {
      seconds = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      throw queryError("X-Amz-Expires should be a number");
    }
    if (seconds <= 0) throw queryError("X-Amz-Expires must be non-negative");
    if (seconds > MAX_EXPIRES) throw queryError("X-Amz-Expires must be less than a week (in seconds) that is 604800");
    return build(credential, signedHeaders, signature, amzDate, seconds, true);
  }

  private static V4Signed build(String credential, String signedHeaders, String signature, String amzDate, long expires,
      boolean query) {
    Function<String, S3Exception> error = query ? V4Signed::queryError : V4Signed::malformed;
    String[] c = credential.split("/");
    if (c.length != 5 || c[0].isEmpty()) {
      throw error.apply("the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
    }
    if (!c[4].equals("aws4_request")) throw error.apply("the credential has a wrong terminator: '" + c[4] + "'.");
    if (!c[3].equals("s3")) throw error.apply("the credential is for the wrong service: '" + c[3] + "', expected 's3'.");
    Instant time;
    try {
      time = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      if (query) throw queryError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "AWS authentication requires a valid Date or x-amz-date header");
    }
    if (!amzDate.startsWith(c[1])) {
      throw error.apply("the date in the credential scope, " + c[1] + ", does not match the request date, "
          + amzDate.substring(0, 8) + ".");
    }
    List<String> names = new ArrayList<>(Arrays.asList(signedHeaders.toLowerCase(Locale.ROOT).split(";")));
    if (!names.contains("host")) throw error.apply("the host header must be signed.");
    names.sort(null);
    return new V4Signed(c[0], new SigV4.Scope(c[1], c[2], c[3]), List.copyOf(names), signature, amzDate, time, expires);
  }

  /** An RFC 1123 Date header in the x-amz-date form, or null. */
  private static String fromHttpDate(String date) {
    if (date == null) return null;
    try {
      return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).withZoneSameInstant(ZoneOffset.UTC).format(AMZ_DATE);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static S3Exception malformed(String why) {
    return new S3Exception(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED, "The authorization header is malformed; " + why);
  }

  static S3Exception queryError(String why) {
    return new S3Exception(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR, why);
  }
}
