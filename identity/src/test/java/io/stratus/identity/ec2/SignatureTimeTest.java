package io.stratus.identity.ec2;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The validity windows of signed S3 requests (CVE-2020-12692): SigV4 header and presigned, SigV2 header (Date,
 * x-amz-date) and presigned (Expires), POST policies. Times from AWS's examples (2013-05-24T00:00:00Z).
 */
class SignatureTimeTest {
  private static final Instant T = Instant.parse("2013-05-24T00:00:00Z");
  private static final String HEADER_CANONICAL = "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\n"
      + "x-amz-date:20130524T000000Z\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD";
  private static final String PRESIGNED_CANONICAL = "GET\n/test.txt\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
      + "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400"
      + "&X-Amz-SignedHeaders=host\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD";

  private static String v4(String canonical) {
    return "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n" + SignatureTime.sha256Hex(canonical);
  }

  @Test
  void aHeaderSignedRequestIsValidFifteenMinutesAroundItsTime() {
    String sts = v4(HEADER_CANONICAL);
    assertNull(SignatureTime.refusal(sts, HEADER_CANONICAL, false, T.plusSeconds(899)));
    assertNull(SignatureTime.refusal(sts, null, false, T.minusSeconds(899)));
    assertTrue(SignatureTime.refusal(sts, HEADER_CANONICAL, false, T.plusSeconds(901)).startsWith(SignatureTime.SKEWED));
    assertTrue(SignatureTime.refusal(sts, null, false, T.minusSeconds(901)).startsWith(SignatureTime.SKEWED));
  }

  @Test
  void aPresignedUrlIsValidUntilItsExpiresOnlyWithItsCanonicalRequest() {
    String sts = v4(PRESIGNED_CANONICAL);
    assertNull(SignatureTime.refusal(sts, PRESIGNED_CANONICAL, false, T.plusSeconds(86400)));
    assertTrue(SignatureTime.refusal(sts, PRESIGNED_CANONICAL, false, T.plusSeconds(86401)).startsWith(SignatureTime.EXPIRED));
    assertNotNull(SignatureTime.refusal(sts, PRESIGNED_CANONICAL, false, T.minusSeconds(3600)), "not valid yet");
    // without its canonical request it is only as good as a header-signed one
    assertTrue(SignatureTime.refusal(sts, null, false, T.plusSeconds(3600)).startsWith(SignatureTime.SKEWED));
    // a canonical request that is not the signed one does not lend its X-Amz-Expires
    String longer = PRESIGNED_CANONICAL.replace("X-Amz-Expires=86400", "X-Amz-Expires=604800");
    assertNotNull(SignatureTime.refusal(sts, longer, false, T.plusSeconds(3600)));
    String later = PRESIGNED_CANONICAL.replace("X-Amz-Expires=86400", "X-Amz-Expires=999999");
    assertNotNull(SignatureTime.refusal(v4(later), later, false, T.plusSeconds(60)), "beyond seven days");
    String otherDate = PRESIGNED_CANONICAL.replace("X-Amz-Date=20130524T000000Z", "X-Amz-Date=20130530T000000Z");
    assertNotNull(SignatureTime.refusal(v4(otherDate), otherDate, false, T.plusSeconds(60)), "dates disagree");
  }

  @Test
  void sigV2ByDateXAmzDateOrExpires() {
    String header = "GET\n\n\nFri, 24 May 2013 00:00:00 GMT\n/johnsmith/photos/puppy.jpg";
    assertNull(SignatureTime.refusal(header, null, false, T.plusSeconds(600)));
    assertTrue(SignatureTime.refusal(header, null, false, T.plusSeconds(3600)).startsWith(SignatureTime.SKEWED));
    String amzDate = "PUT\n\ntext/plain\n\nx-amz-date:Fri, 24 May 2013 00:00:00 +0000\nx-amz-meta-a:b\n/bkt/key";
    assertNull(SignatureTime.refusal(amzDate, null, false, T.minusSeconds(600)));
    assertTrue(SignatureTime.refusal(amzDate, null, false, T.plusSeconds(3600)).startsWith(SignatureTime.SKEWED));
    String query = "GET\n\n\n" + T.plusSeconds(300).getEpochSecond() + "\n/bkt/key";
    assertNull(SignatureTime.refusal(query, null, false, T.plusSeconds(300)));
    assertTrue(SignatureTime.refusal(query, null, false, T.plusSeconds(301)).startsWith(SignatureTime.EXPIRED));
    assertNotNull(SignatureTime.refusal("GET\n\n\n\n/bkt/key", null, false, T), "no time at all");
  }

  @Test
  void postPoliciesUntilTheirExpiration() {
    String policy = Base64.getEncoder().encodeToString("{\"expiration\": \"2013-05-24T01:00:00Z\", \"conditions\": []}"
        .getBytes(StandardCharsets.UTF_8));
    assertNull(SignatureTime.refusal(policy, null, true, T));
    assertNull(SignatureTime.refusal(policy, null, false, T), "SigV2-signed policy");
    assertTrue(SignatureTime.refusal(policy, null, true, T.plusSeconds(3600)).startsWith(SignatureTime.EXPIRED));
    // a scoped signature over anything but a policy (e.g. an old string to sign) is refused
    assertNotNull(SignatureTime.refusal(v4(HEADER_CANONICAL), null, true, T));
    String noExpiration = Base64.getEncoder().encodeToString("{\"conditions\": []}".getBytes(StandardCharsets.UTF_8));
    assertNotNull(SignatureTime.refusal(noExpiration, null, true, T));
  }
}
