package io.stratus.bench.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins SigV4 to the published examples of the AWS S3 documentation (sig-v4-header-based-auth). */
class SigV4SignerTest {

  private static final SigV4Signer SIGNER = new SigV4Signer("AKIAIOSFODNN7EXAMPLE",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1", "s3");
  private static final Instant TIME = Instant.parse("2013-05-24T00:00:00Z");
  private static final String HOST = "examplebucket.s3.amazonaws.com";

  private static Map<String, String> headers(String... kv) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Host", HOST);
    for (int i = 0; i < kv.length; i += 2) {
      h.put(kv[i], kv[i + 1]);
    }
    h.put("x-amz-date", SigV4Signer.amzDate(TIME));
    return h;
  }

  @Test
  void getObjectExample() {
    String auth = SIGNER.authorization("GET", "/test.txt", Map.of(),
        headers("Range", "bytes=0-9", "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256),
        SigV4Signer.EMPTY_SHA256, TIME);

    assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", auth);
  }

  @Test
  void putObjectExampleEncodesTheDollarInThePath() {
    String payloadHash = SigV4Signer.sha256Hex("Welcome to Amazon S3.");
    assertEquals("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", payloadHash);

    String auth = SIGNER.authorization("PUT", "/test$file.text", Map.of(),
        headers("Date", "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class", "REDUCED_REDUNDANCY",
            "x-amz-content-sha256", payloadHash), payloadHash, TIME);

    assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        + "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
        + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd", auth);
  }

  @Test
  void listObjectsExampleSortsTheQuery() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("prefix", "J");
    query.put("max-keys", "2");

    String auth = SIGNER.authorization("GET", "/", query,
        headers("x-amz-content-sha256", SigV4Signer.EMPTY_SHA256), SigV4Signer.EMPTY_SHA256, TIME);

    assertEquals("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
        auth.substring(auth.indexOf("Signature=") + 10));
  }

  @Test
  void lifecycleExampleHasAQueryParameterWithoutValue() {
    String auth = SIGNER.authorization("GET", "/", Map.of("lifecycle", ""),
        headers("x-amz-content-sha256", SigV4Signer.EMPTY_SHA256), SigV4Signer.EMPTY_SHA256, TIME);

    assertEquals("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
        auth.substring(auth.indexOf("Signature=") + 10));
  }

  @Test
  void uriEncodingKeepsUnreservedCharactersOnly() {
    assertEquals("/a%20b/c~d_e.f-g", SigV4Signer.uriEncode("/a b/c~d_e.f-g", false));
    assertEquals("a%2Fb%3D%26%C3%A9", SigV4Signer.uriEncode("a/b=&é", true));
  }
}
