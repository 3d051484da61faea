package io.stratus.identity.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SigV4 against the AWS documentation's example; SigV2 against an independent HMAC. */
class AwsSignatureTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String V4_STRING_TO_SIGN = "AWS4-HMAC-SHA256\n"
      + "20150830T123600Z\n"
      + "20150830/us-east-1/iam/aws4_request\n"
      + "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59";

  @Test
  void sigV4MatchesThePublishedExample() {
    String expected = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    assertEquals(expected, AwsSignature.signV4(SECRET, V4_STRING_TO_SIGN));
    assertTrue(AwsSignature.verify(SECRET, V4_STRING_TO_SIGN, expected));
    assertFalse(AwsSignature.verify(SECRET, V4_STRING_TO_SIGN, expected.replace('5', '6')));
    assertFalse(AwsSignature.verify("other", V4_STRING_TO_SIGN, expected));
  }

  /** Expected value from Python's hmac module (an independent implementation), not from this code. */
  @Test
  void sigV2IsBase64HmacSha1() {
    String stringToSign = "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg";
    assertEquals("bWq2s1WEIj+Ydj0vQ697zp+IXMU=", AwsSignature.signV2("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", stringToSign));
  }

  @Test
  void malformedV4StringsDoNotVerify() {
    assertFalse(AwsSignature.verify(SECRET, "AWS4-HMAC-SHA256\nx", "00"));
    assertFalse(AwsSignature.verify(SECRET, "AWS4-HMAC-SHA256\na\nb/c\nd", "00"));
    assertFalse(AwsSignature.verify(null, V4_STRING_TO_SIGN, "00"));
  }
}
