package io.stratus.gateway.s3.auth;

import io.stratus.gateway.s3.S3ErrorCode;
import io.stratus.gateway.s3.S3Exception;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;

/**
 * How an authenticated request's body is to be read, from its x-amz-content-sha256: as it is (UNSIGNED-PAYLOAD,
 * or a hex SHA-256 checked at the end) or aws-chunked (STREAMING-AWS4-HMAC-SHA256-PAYLOAD with chunk signatures,
 * its -TRAILER variant, or STREAMING-UNSIGNED-PAYLOAD-TRAILER); x-amz-checksum-* (header or announced trailer)
 * checked too.
 */
record PayloadPlan(String payloadHash, V4Signed signed, byte[] signingKey, String checksumHeader, String checksumValue,
    long length) {
  static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
  static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

  /** The x-amz-content-sha256 of a SigV4 header request, which it must have and which must be one S3 knows. */
  static String declaredPayloadHash(HttpServerRequest request) {
    String value = request.getHeader("x-amz-content-sha256");
    if (value == null) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Missing required header for this request: x-amz-content-sha256");
    }
    if (SigV4.isSha256Hex(value) || value.equals(SigV4.UNSIGNED_PAYLOAD) || value.equals(STREAMING_SIGNED)
        || value.equals(STREAMING_SIGNED_TRAILER) || value.equals(STREAMING_UNSIGNED_TRAILER)) {
      return value;
    }
    if (value.startsWith("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD")) {
      throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "SigV4a (" + value + ") is not implemented.");
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
        + STREAMING_SIGNED + ", " + STREAMING_SIGNED_TRAILER + ", " + STREAMING_UNSIGNED_TRAILER
        + ", or a valid sha256 value.").with("ArgumentName", "x-amz-content-sha256").with("ArgumentValue", value);
  }

  /** The plan of a SigV4 request: {@code signingKey} is what the scope's chunk signatures are checked with. */
  static PayloadPlan of(HttpServerRequest request, String payloadHash, V4Signed signed, byte[] signingKey) {
    boolean streaming = payloadHash.startsWith("STREAMING-");
    if (streaming && !payloadHash.equals(STREAMING_UNSIGNED_TRAILER) && signingKey == null) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "The chunk signatures of this request cannot be checked.");
    }
    String checksumHeader = null;
    String checksumValue = null;
    if (streaming) {
      String trailer = request.getHeader("x-amz-trailer");
      if (trailer != null) checksumHeader = trailer.trim().toLowerCase(Locale.ROOT);
      if (payloadHash.endsWith("-TRAILER") && checksumHeader == null) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "A " + payloadHash + " request needs x-amz-trailer.");
      }
      if (checksumHeader != null && PayloadChecksum.forHeader(checksumHeader) == null) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The trailer " + checksumHeader + " is not supported.");
      }
    } else if (!completesUpload(request)) {
      for (String name : request.headers().names()) {
        if (PayloadChecksum.forHeader(name) != null) {
          checksumHeader = name.toLowerCase(Locale.ROOT);
          checksumValue = request.getHeader(name);
        }
      }
    }
    return new PayloadPlan(payloadHash, signed, signingKey, checksumHeader, checksumValue, length(request, streaming));
  }

  /** The plan of a request without a SigV4 payload hash (SigV2): as it is, a sent x-amz-content-sha256 checked. */
  static PayloadPlan unsigned(HttpServerRequest request) {
    String declared = request.getHeader("x-amz-content-sha256");
    String hash = SigV4.isSha256Hex(declared) ? declared : SigV4.UNSIGNED_PAYLOAD;
    return of(request, hash, null, null);
  }

  /** CompleteMultipartUpload's x-amz-checksum-* is the whole object's, not its body's. */
  private static boolean completesUpload(HttpServerRequest request) {
    return request.method().name().equals("POST") && S3Auth.query(request.query()).containsKey("uploadId");
  }

  private static long length(HttpServerRequest request, boolean streaming) {
    String value = request.getHeader(streaming ? "x-amz-decoded-content-length" : "Content-Length");
    if (value == null) {
      if (streaming) throw new S3Exception(S3ErrorCode.MISSING_CONTENT_LENGTH, "You must provide the"
          + " x-amz-decoded-content-length header with an aws-chunked payload.");
      return -1;
    }
    try {
      long length = Long.parseLong(value.trim());
      if (length < 0) throw new NumberFormatException(value);
      return length;
    } catch (NumberFormatException e) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The content length is not a number: " + value);
    }
  }

  /** A fresh decoder for the request body. */
  PayloadDecoder decoder() {
    boolean streaming = payloadHash.startsWith("STREAMING-");
    PayloadTally tally = new PayloadTally(SigV4.isSha256Hex(payloadHash) ? payloadHash : null, streaming ? length : -1);
    if (checksumHeader != null) tally.track(PayloadChecksum.forHeader(checksumHeader), checksumValue);
    if (!streaming) return PayloadDecoder.plain(tally);
    byte[] key = payloadHash.equals(STREAMING_UNSIGNED_TRAILER) ? null : signingKey;
    return new AwsChunkedDecoder(tally, key, signed == null ? null : signed.signature(),
        signed == null ? null : signed.amzDate(), signed == null ? null : signed.scope(), payloadHash.endsWith("-TRAILER"));
  }
}
