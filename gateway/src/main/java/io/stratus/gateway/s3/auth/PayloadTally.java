package io.stratus.gateway.s3.auth;

import io.stratus.gateway.s3.S3ErrorCode;
import io.stratus.gateway.s3.S3Exception;
import java.security.MessageDigest;

/**
 * What is checked over the decoded payload as a whole: its length, a declared SHA-256
 * (x-amz-content-sha256) and an additional checksum (x-amz-checksum-* as a header or a trailer).
 */
final class PayloadTally {
  private final String declaredSha256;
  private final MessageDigest sha256;
  private final long declaredLength;
  private PayloadChecksum checksum;
  private String expectedChecksum;
  private long length;

  /**
   * @param declaredSha256 the hex SHA-256 to check at the end, or null
   * @param declaredLength the decoded length the client announced, or -1
   */
  PayloadTally(String declaredSha256, long declaredLength) {
    this.declaredSha256 = declaredSha256;
    this.sha256 = declaredSha256 == null ? null : SigV4.sha256();
    this.declaredLength = declaredLength;
  }

  /** Also computes this checksum; the expected value (base64) may come now or later with {@link #expect}. */
  void track(PayloadChecksum checksum, String expected) {
    this.checksum = checksum;
    this.expectedChecksum = expected;
  }

  PayloadChecksum checksum() {
    return checksum;
  }

  void expect(String expected) {
    this.expectedChecksum = expected;
  }

  void update(byte[] data) {
    length += data.length;
    if (declaredLength >= 0 && length > declaredLength) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The payload is longer than its declared length.");
    }
    if (sha256 != null) sha256.update(data);
    if (checksum != null) checksum.update(data);
  }

  long length() {
    return length;
  }

  /** At the end of the payload: everything declared matches, or the S3 failure that says what does not. */
  void finish() {
    if (declaredLength >= 0 && length != declaredLength) throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY);
    if (sha256 != null && !SigV4.hex(sha256.digest()).equalsIgnoreCase(declaredSha256)) {
      throw new S3Exception(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH).with("ClientComputedContentSHA256", declaredSha256);
    }
    if (checksum != null) {
      if (expectedChecksum == null) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The trailer " + checksum.header() + " was announced but not sent.");
      }
      if (!checksum.base64().equals(expectedChecksum)) {
        throw new S3Exception(S3ErrorCode.BAD_DIGEST, "The " + checksum.algorithmName()
            + " you specified did not match the calculated checksum.");
      }
    }
  }
}
