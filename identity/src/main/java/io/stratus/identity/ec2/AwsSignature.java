package io.stratus.identity.ec2;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS request signatures from a string-to-sign and a secret, as Keystone's s3tokens computes them:
 * SigV4 (HMAC-SHA256 with the key derived from the scope line "date/region/service/aws4_request")
 * and SigV2 (base64 HMAC-SHA1).
 */
public final class AwsSignature {
  private static final String V4_ALGORITHM = "AWS4-HMAC-SHA256";

  private AwsSignature() {
  }

  /** Whether the signature is the right one for the string-to-sign under the secret (constant-time). */
  public static boolean verify(String secret, String stringToSign, String signature) {
    if (secret == null || stringToSign == null || signature == null) return false;
    String expected;
    try {
      expected = stringToSign.startsWith(V4_ALGORITHM) ? signV4(secret, stringToSign) : signV2(secret, stringToSign);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
  }

  /** The SigV4 signature (lowercase hex); the scope is the third line of the string-to-sign. */
  public static String signV4(String secret, String stringToSign) {
    String[] lines = stringToSign.split("\n");
    if (lines.length < 4) throw new IllegalArgumentException("not a SigV4 string to sign");
    return signV4Scoped(secret, lines[2], stringToSign);
  }

  /**
   * The SigV4 signature of any string under the key of an explicit scope "date/region/service/aws4_request" (a
   * presigned POST's policy is signed so).
   */
  public static String signV4Scoped(String secret, String scopeLine, String data) {
    String[] scope = scopeLine.split("/");
    if (scope.length != 4 || !scope[3].equals("aws4_request")) throw new IllegalArgumentException("bad credential scope");
    return HexFormat.of().formatHex(hmac("HmacSHA256", signingKeyV4(secret, scope[0], scope[1], scope[2]), data));
  }

  /** Whether the signature of data under the scope's key is the given one (constant-time). */
  public static boolean verifyScoped(String secret, String scopeLine, String data, String signature) {
    if (secret == null || scopeLine == null || data == null || signature == null) return false;
    String expected;
    try {
      expected = signV4Scoped(secret, scopeLine, data);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
  }

  /** The SigV4 signing key derived from a secret for a date (yyyyMMdd), region and service. */
  public static byte[] signingKeyV4(String secret, String date, String region, String service) {
    byte[] key = hmac("HmacSHA256", ("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac("HmacSHA256", key, region);
    key = hmac("HmacSHA256", key, service);
    return hmac("HmacSHA256", key, "aws4_request");
  }

  /** The SigV2 signature: base64 of HMAC-SHA1. */
  public static String signV2(String secret, String stringToSign) {
    return Base64.getEncoder().encodeToString(hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), stringToSign));
  }

  private static byte[] hmac(String algorithm, byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }
}
