package io.stratus.identity.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The signing key is handed out only for a fresh header-signed request whose canonical request matches its string to
 * sign; pinned to AWS's S3 "Example: GET Object" (whose signature, under that key, is f0e8bd...).
 */
class S3SigningKeyTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String CANONICAL = "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
      + "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:20130524T000000Z\n\n"
      + "host;range;x-amz-content-sha256;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final Instant THEN = Instant.parse("2013-05-24T00:05:00Z");

  private static String stringToSign(String canonical) throws Exception {
    return "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aFreshHeaderRequestYieldsItsScopesKey() throws Exception {
    String sts = stringToSign(CANONICAL);
    String key = S3SigningKey.keyFor(SECRET, sts, CANONICAL, THEN);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(HexFormat.of().parseHex(key), "HmacSHA256"));
    assertEquals("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
        HexFormat.of().formatHex(mac.doFinal(sts.getBytes(StandardCharsets.UTF_8))));
    assertEquals(AwsSignature.signV4(SECRET, sts), "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  }

  @Test
  void noKeyForStaleMismatchedOrPresignedRequests() throws Exception {
    String sts = stringToSign(CANONICAL);
    assertNull(S3SigningKey.keyFor(SECRET, sts, CANONICAL, THEN.plusSeconds(3600)));
    assertNull(S3SigningKey.keyFor(SECRET, sts, CANONICAL.replace("bytes=0-9", "bytes=0-10"), THEN));
    assertNull(S3SigningKey.keyFor(SECRET, sts, null, THEN));
    String presigned = "GET\n/test.txt\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20130524%2Fus-east-1%2Fs3"
        + "%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\n"
        + "host:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD";
    assertNull(S3SigningKey.keyFor(SECRET, stringToSign(presigned), presigned, THEN));
  }

  @Test
  void scopedSignaturesOfAPolicy() {
    String policy = "eyJleHBpcmF0aW9uIjogIjIwMTMtMDUtMjVUMDA6MDA6MDBaIn0=";
    String scope = "20130524/us-east-1/s3/aws4_request";
    String signature = AwsSignature.signV4Scoped(SECRET, scope, policy);
    assertTrue(AwsSignature.verifyScoped(SECRET, scope, policy, signature));
    assertFalse(AwsSignature.verifyScoped(SECRET, "20130525/us-east-1/s3/aws4_request", policy, signature));
    assertFalse(AwsSignature.verifyScoped(SECRET, "bad", policy, signature));
  }
}
