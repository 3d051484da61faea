package io.stratus.gateway.s3.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SigV4 pinned to published vectors: AWS's Signature Version 4 test suite (service "service", 2015-08-30) and the
 * S3 examples of AWS's SigV4 documentation (2013-05-24, AKIAIOSFODNN7EXAMPLE).
 */
class SigV4Test {
  private static final String SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final SigV4.Scope SUITE_SCOPE = new SigV4.Scope("20150830", "us-east-1", "service");
  private static final String SUITE_DATE = "20150830T123600Z";
  static final String S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final SigV4.Scope S3_SCOPE = new SigV4.Scope("20130524", "us-east-1", "s3");
  static final String S3_DATE = "20130524T000000Z";

  /** Builds the canonical request as the gateway does from a raw path, raw query and headers (name, value pairs). */
  private static String canonical(String method, String rawPath, String rawQuery, String payloadHash, List<String> signed,
      String... headers) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      String name = headers[i].toLowerCase(Locale.ROOT);
      String value = SigV4.canonicalHeaderValue(headers[i + 1]);
      values.merge(name, value, (a, b) -> a + "," + b);
    }
    List<String> names = new ArrayList<>(signed);
    names.sort(null);
    return SigV4.canonicalRequest(method, SigV4.canonicalUri(rawPath), SigV4.canonicalQuery(rawQuery, null), values, names,
        payloadHash);
  }

  private static void suite(String expectedCanonical, String expectedSignature, String canonical) {
    assertEquals(expectedCanonical, canonical);
    String stringToSign = SigV4.stringToSign(SUITE_DATE, SUITE_SCOPE, canonical);
    assertEquals(expectedSignature, SigV4.sign(SigV4.signingKey(SUITE_SECRET, SUITE_SCOPE), stringToSign));
  }

  private static final List<String> HOST_DATE = List.of("host", "x-amz-date");
  private static final String[] VANILLA = {"Host", "example.amazonaws.com", "X-Amz-Date", SUITE_DATE};

  @Test
  void getVanilla() {
    String creq = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + SigV4.EMPTY_SHA256;
    assertEquals("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
        + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", SigV4.stringToSign(SUITE_DATE, SUITE_SCOPE, creq));
    suite(creq, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        canonical("GET", "/", "", SigV4.EMPTY_SHA256, HOST_DATE, VANILLA));
  }

  @Test
  void getVanillaQueryOrderKeyCase() {
    suite("GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        + SigV4.EMPTY_SHA256, "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        canonical("GET", "/", "Param2=value2&Param1=value1", SigV4.EMPTY_SHA256, HOST_DATE, VANILLA));
  }

  @Test
  void getVanillaQueryOrderValue() {
    suite("GET\n/\nParam1=value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        + SigV4.EMPTY_SHA256, "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694",
        canonical("GET", "/", "Param1=value2&Param1=value1", SigV4.EMPTY_SHA256, HOST_DATE, VANILLA));
  }

  @Test
  void getVanillaEmptyQueryKey() {
    suite("GET\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        + SigV4.EMPTY_SHA256, "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
        canonical("GET", "/", "Param1=value1", SigV4.EMPTY_SHA256, HOST_DATE, VANILLA));
  }

  @Test
  void getVanillaUtf8Query() {
    suite("GET\n/\n%E1%88%B4=bar\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        + SigV4.EMPTY_SHA256, "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04",
        canonical("GET", "/", "%E1%88%B4=bar", SigV4.EMPTY_SHA256, HOST_DATE, VANILLA));
  }

  @Test
  void getUnreservedAndQueryUnreserved() {
    String unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    suite("GET\n/" + unreserved + "\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        + SigV4.EMPTY_SHA256, "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
        canonical("GET", "/" + unreserved, "", SigV4.EMPTY_SHA256, HOST_DATE, VANILLA));
    suite("GET\n/\n" + unreserved + "=" + unreserved + "\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
        + "host;x-amz-date\n" + SigV4.EMPTY_SHA256, "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
        canonical("GET", "/", unreserved + "=" + unreserved, SigV4.EMPTY_SHA256, HOST_DATE, VANILLA));
  }

  @Test
  void getHeaderValueTrimAndKeyDuplicate() {
    suite("GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\n"
        + "host;my-header1;my-header2;x-amz-date\n" + SigV4.EMPTY_SHA256,
        "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
        canonical("GET", "/", "", SigV4.EMPTY_SHA256, List.of("host", "my-header1", "my-header2", "x-amz-date"),
            "Host", "example.amazonaws.com", "My-Header1", " value1", "My-Header2", " \"a   b   c\"", "X-Amz-Date", SUITE_DATE));
    suite("GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n\n"
        + "host;my-header1;x-amz-date\n" + SigV4.EMPTY_SHA256, "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
        canonical("GET", "/", "", SigV4.EMPTY_SHA256, List.of("host", "my-header1", "x-amz-date"), "Host",
            "example.amazonaws.com", "My-Header1", "value2", "My-Header1", "value2", "My-Header1", "value1", "X-Amz-Date", SUITE_DATE));
  }

  @Test
  void postHeaderValueCaseAndVanillaQuery() {
    suite("POST\n/\n\nhost:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n"
        + SigV4.EMPTY_SHA256, "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d",
        canonical("POST", "/", "", SigV4.EMPTY_SHA256, List.of("host", "my-header1", "x-amz-date"), "Host",
            "example.amazonaws.com", "My-Header1", "VALUE1", "X-Amz-Date", SUITE_DATE));
    suite("POST\n/\nParam1=value1\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        + SigV4.EMPTY_SHA256, "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
        canonical("POST", "/", "Param1=value1", SigV4.EMPTY_SHA256, HOST_DATE, VANILLA));
  }

  @Test
  void postXWwwFormUrlencoded() {
    String body = SigV4.sha256Hex("Param1=value1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e", body);
    suite("POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
        + "content-type;host;x-amz-date\n" + body, "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
        canonical("POST", "/", "", body, List.of("content-type", "host", "x-amz-date"), "Content-Type",
            "application/x-www-form-urlencoded", "Host", "example.amazonaws.com", "X-Amz-Date", SUITE_DATE, "Content-Length", "13"));
    // post-x-www-form-urlencoded-parameters is left out: the suite's own files disagree (its string to sign is not
    // the hash of its canonical request).
  }

  /** AWS S3 documentation, "Example: GET Object" (a range request to a virtual-hosted bucket). */
  @Test
  void s3GetObjectWithRange() {
    String creq = canonical("GET", "/test.txt", "", SigV4.EMPTY_SHA256, List.of("host", "range", "x-amz-content-sha256",
        "x-amz-date"), "Host", "examplebucket.s3.amazonaws.com", "Range", "bytes=0-9", "x-amz-content-sha256", SigV4.EMPTY_SHA256,
        "x-amz-date", S3_DATE);
    assertEquals("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\nx-amz-content-sha256:"
        + SigV4.EMPTY_SHA256 + "\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
        + SigV4.EMPTY_SHA256, creq);
    assertEquals("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
        + "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972", SigV4.stringToSign(S3_DATE, S3_SCOPE, creq));
    assertEquals("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
        SigV4.sign(SigV4.signingKey(S3_SECRET, S3_SCOPE), SigV4.stringToSign(S3_DATE, S3_SCOPE, creq)));
  }

  /** "Example: PUT Object": a '$' in the key is encoded once in the canonical URI. */
  @Test
  void s3PutObjectEncodesTheKeyOnce() {
    String payload = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    for (String rawPath : new String[] {"/test$file.text", "/test%24file.text"}) {
      String creq = canonical("PUT", rawPath, "", payload, List.of("date", "host", "x-amz-content-sha256", "x-amz-date",
          "x-amz-storage-class"), "Host", "examplebucket.s3.amazonaws.com", "Date", "Fri, 24 May 2013 00:00:00 GMT",
          "x-amz-date", S3_DATE, "x-amz-storage-class", "REDUCED_REDUNDANCY", "x-amz-content-sha256", payload);
      assertTrue(creq.startsWith("PUT\n/test%24file.text\n\n"), creq);
      assertEquals("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
          SigV4.sign(SigV4.signingKey(S3_SECRET, S3_SCOPE), SigV4.stringToSign(S3_DATE, S3_SCOPE, creq)));
    }
  }

  /** "Example: GET Bucket Lifecycle" and "Example: Get Bucket (List Objects)": sub-resources and sorted parameters. */
  @Test
  void s3BucketQueries() {
    String lifecycle = canonical("GET", "/", "lifecycle", SigV4.EMPTY_SHA256, List.of("host", "x-amz-content-sha256",
        "x-amz-date"), "Host", "examplebucket.s3.amazonaws.com", "x-amz-date", S3_DATE, "x-amz-content-sha256", SigV4.EMPTY_SHA256);
    assertTrue(lifecycle.startsWith("GET\n/\nlifecycle=\n"), lifecycle);
    assertEquals("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
        SigV4.sign(SigV4.signingKey(S3_SECRET, S3_SCOPE), SigV4.stringToSign(S3_DATE, S3_SCOPE, lifecycle)));
    String list = canonical("GET", "/", "prefix=J&max-keys=2", SigV4.EMPTY_SHA256, List.of("host", "x-amz-content-sha256",
        "x-amz-date"), "Host", "examplebucket.s3.amazonaws.com", "x-amz-date", S3_DATE, "x-amz-content-sha256", SigV4.EMPTY_SHA256);
    assertTrue(list.startsWith("GET\n/\nmax-keys=2&prefix=J\n"), list);
    assertEquals("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
        SigV4.sign(SigV4.signingKey(S3_SECRET, S3_SCOPE), SigV4.stringToSign(S3_DATE, S3_SCOPE, list)));
  }

  /** "Example: Presigned URL" (query-string authentication, 86400 s, UNSIGNED-PAYLOAD). */
  @Test
  void s3PresignedUrl() {
    String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"
        + "aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
        + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
    String creq = SigV4.canonicalRequest("GET", SigV4.canonicalUri("/test.txt"), SigV4.canonicalQuery(query, "X-Amz-Signature"),
        Map.of("host", "examplebucket.s3.amazonaws.com"), List.of("host"), SigV4.UNSIGNED_PAYLOAD);
    assertEquals("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
        SigV4.sign(SigV4.signingKey(S3_SECRET, S3_SCOPE), SigV4.stringToSign(S3_DATE, S3_SCOPE, creq)));
    V4Signed signed = V4Signed.fromQuery(name -> S3Auth.query(query).get(name));
    assertEquals("AKIAIOSFODNN7EXAMPLE", signed.accessKey());
    assertEquals(S3_SCOPE, signed.scope());
    assertEquals(86400, signed.expiresSeconds());
  }

  @Test
  void encodingRules() {
    assertEquals("/a%20b/c%2Bd/%E2%82%AC~", SigV4.canonicalUri("/a%20b/c+d/%E2%82%AC~"));
    assertEquals("/a%20b", SigV4.canonicalUri("/a b"));
    assertEquals("a=b%20c&a=b%2Fc", SigV4.canonicalQuery("a=b/c&a=b+c", null));
    assertEquals("empty=&x=1", SigV4.canonicalQuery("x=1&empty", null));
    assertEquals("/", SigV4.canonicalUri(""));
  }

  @Test
  void signaturesCompareInConstantTime() {
    assertTrue(SigV4.sameSignature("abc", "abc"));
    assertFalse(SigV4.sameSignature("abc", "abd"));
    assertFalse(SigV4.sameSignature("abc", null));
  }
}
