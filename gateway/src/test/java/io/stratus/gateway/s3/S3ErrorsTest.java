package io.stratus.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import org.junit.jupiter.api.Test;

/** The S3 code a failure of the Swift layer is answered with: every status has one. */
class S3ErrorsTest {
  @Test
  void everyStatusHasAnS3Code() {
    assertEquals(S3ErrorCode.NO_SUCH_KEY, S3Errors.forStatus(404, false, "b", "k").code());
    assertEquals(S3ErrorCode.NO_SUCH_BUCKET, S3Errors.forStatus(404, false, "b", null).code());
    // A backend's 414 for a marker too long for its request line (the probe's 500: no code at all) is the request's fault.
    for (int status : new int[] {402, 414, 418, 431, 451}) {
      assertEquals(S3ErrorCode.INVALID_REQUEST, S3Errors.forStatus(status, false, "b", null).code(), "status " + status);
    }
    assertEquals(S3ErrorCode.SERVICE_UNAVAILABLE, S3Errors.forStatus(504, false, "b", "k").code());
    for (int status : new int[] {500, 200, 304, 0, 600}) {
      assertEquals(S3ErrorCode.INTERNAL_ERROR, S3Errors.forStatus(status, false, "b", "k").code(), "status " + status);
    }
    assertEquals(S3ErrorCode.INTERNAL_ERROR, S3Errors.forStatus(503, true, "b", "k").code());
    assertEquals(S3ErrorCode.INTERNAL_ERROR, S3Errors.map(new StratusException(ErrorCode.INTERNAL, "boom"), "b", "k").code());
  }
}
