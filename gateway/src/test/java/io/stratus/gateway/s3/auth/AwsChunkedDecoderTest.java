package io.stratus.gateway.s3.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.gateway.s3.S3ErrorCode;
import io.stratus.gateway.s3.S3Exception;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * aws-chunked decoding pinned to AWS's "Example: PUT Object" of the chunked-upload documentation (seed signature
 * 4f232c..., 64 KiB and 1 KiB chunks of 'a'), fed in random pieces; tampering, truncation, trailers and checksums;
 * and DecodingStream's back-pressure and fail-instead-of-end.
 */
class AwsChunkedDecoderTest {
  static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
  static final String[] CHUNK_SIGNATURES = {"ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
      "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
      "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"};
  private static final byte[] KEY = SigV4.signingKey(SigV4Test.S3_SECRET, SigV4Test.S3_SCOPE);

  /** The example's seed request, checked first: its canonical request and seed signature. */
  @Test
  void seedSignatureOfTheExample() {
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("content-encoding", "aws-chunked");
    headers.put("content-length", "66824");
    headers.put("host", "s3.amazonaws.com");
    headers.put("x-amz-content-sha256", PayloadPlan.STREAMING_SIGNED);
    headers.put("x-amz-date", SigV4Test.S3_DATE);
    headers.put("x-amz-decoded-content-length", "66560");
    headers.put("x-amz-storage-class", "REDUCED_REDUNDANCY");
    String creq = SigV4.canonicalRequest("PUT", SigV4.canonicalUri("/examplebucket/chunkObject.txt"), "", headers,
        java.util.List.copyOf(headers.keySet()), PayloadPlan.STREAMING_SIGNED);
    String stringToSign = SigV4.stringToSign(SigV4Test.S3_DATE, SigV4Test.S3_SCOPE, creq);
    assertTrue(stringToSign.endsWith("cee3fed04b70f867d036f722359b0b1f2f0e5dc0efadbc082b76c4c60e316455"));
    assertEquals(SEED, SigV4.sign(KEY, stringToSign));
  }

  static byte[] exampleBody(String[] signatures) {
    String a64k = "a".repeat(65536);
    String body = "10000;chunk-signature=" + signatures[0] + "\r\n" + a64k + "\r\n"
        + "400;chunk-signature=" + signatures[1] + "\r\n" + "a".repeat(1024) + "\r\n"
        + "0;chunk-signature=" + signatures[2] + "\r\n\r\n";
    return body.getBytes(StandardCharsets.US_ASCII);
  }

  private static AwsChunkedDecoder signed(PayloadTally tally) {
    return new AwsChunkedDecoder(tally, KEY, SEED, SigV4Test.S3_DATE, SigV4Test.S3_SCOPE, false);
  }

  /** Feeds the wire bytes in random pieces; answers the decoded bytes. */
  private static byte[] feed(PayloadDecoder decoder, byte[] wire, long seed) {
    Random random = new Random(seed);
    Buffer out = Buffer.buffer();
    int pos = 0;
    while (pos < wire.length) {
      int n = Math.min(wire.length - pos, 1 + random.nextInt(random.nextBoolean() ? 20 : 9000));
      decoder.decode(Buffer.buffer(Arrays.copyOfRange(wire, pos, pos + n)), out::appendBuffer);
      pos += n;
    }
    decoder.finish();
    return out.getBytes();
  }

  @Test
  void decodesTheExampleInAnyPieces() {
    assertEquals(66824, exampleBody(CHUNK_SIGNATURES).length);
    for (long seed = 0; seed < 20; seed++) {
      PayloadTally tally = new PayloadTally(null, 66560);
      byte[] decoded = feed(signed(tally), exampleBody(CHUNK_SIGNATURES), seed);
      assertEquals(66560, decoded.length);
      for (byte b : decoded) assertEquals('a', b);
    }
  }

  @Test
  void aTamperedChunkOrSignatureFails() {
    byte[] wire = exampleBody(CHUNK_SIGNATURES);
    wire[60000] = (byte) 0x62;
    S3Exception e = assertThrows(S3Exception.class, () -> feed(signed(new PayloadTally(null, 66560)), wire, 1));
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, e.code());
    String[] swapped = {CHUNK_SIGNATURES[1], CHUNK_SIGNATURES[0], CHUNK_SIGNATURES[2]};
    e = assertThrows(S3Exception.class, () -> feed(signed(new PayloadTally(null, 66560)), exampleBody(swapped), 1));
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, e.code());
    AwsChunkedDecoder wrongSeed = new AwsChunkedDecoder(new PayloadTally(null, 66560), KEY, SEED.replace('4', '5'),
        SigV4Test.S3_DATE, SigV4Test.S3_SCOPE, false);
    e = assertThrows(S3Exception.class, () -> feed(wrongSeed, exampleBody(CHUNK_SIGNATURES), 1));
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, e.code());
  }

  @Test
  void aTruncatedBodyIsIncomplete() {
    byte[] wire = exampleBody(CHUNK_SIGNATURES);
    for (int cut : new int[] {10, 40000, wire.length - 3}) {
      S3Exception e = assertThrows(S3Exception.class,
          () -> feed(signed(new PayloadTally(null, 66560)), Arrays.copyOf(wire, cut), 2));
      assertEquals(S3ErrorCode.INCOMPLETE_BODY, e.code());
    }
  }

  @Test
  void unsignedChunksWithACrc32Trailer() {
    byte[] data = "hello, trailer".getBytes(StandardCharsets.US_ASCII);
    PayloadChecksum crc = PayloadChecksum.forHeader("x-amz-checksum-crc32");
    crc.update(data);
    String good = crc.base64();
    for (String sent : new String[] {good, "AAAAAA=="}) {
      String wire = Integer.toHexString(data.length) + "\r\n" + new String(data, StandardCharsets.US_ASCII) + "\r\n0\r\n"
          + "x-amz-checksum-crc32:" + sent + "\r\n\r\n";
      PayloadTally tally = new PayloadTally(null, data.length);
      tally.track(PayloadChecksum.forHeader("x-amz-checksum-crc32"), null);
      AwsChunkedDecoder decoder = new AwsChunkedDecoder(tally, null, null, null, null, true);
      if (sent.equals(good)) {
        assertEquals("hello, trailer", new String(feed(decoder, wire.getBytes(StandardCharsets.US_ASCII), 3),
            StandardCharsets.US_ASCII));
      } else {
        S3Exception e = assertThrows(S3Exception.class, () -> feed(decoder, wire.getBytes(StandardCharsets.US_ASCII), 3));
        assertEquals(S3ErrorCode.BAD_DIGEST, e.code());
      }
    }
  }

  /** CRC-64/NVME's check value (the CRC of "123456789"); CRC32C's too. */
  @Test
  void checksumCheckValues() {
    PayloadChecksum crc64 = PayloadChecksum.forHeader("x-amz-checksum-crc64nvme");
    crc64.update("123456789".getBytes(StandardCharsets.US_ASCII));
    assertEquals("rosUhgp5mIg=", crc64.base64());
    PayloadChecksum crc32c = PayloadChecksum.forHeader("X-Amz-Checksum-CRC32C");
    crc32c.update("123456789".getBytes(StandardCharsets.US_ASCII));
    assertEquals("4waSgw==", crc32c.base64());
    assertNull(PayloadChecksum.forHeader("x-amz-checksum-algorithm"));
  }

  @Test
  void aDeclaredSha256IsCheckedAtTheEnd() {
    byte[] data = "payload".getBytes(StandardCharsets.US_ASCII);
    PayloadDecoder ok = PayloadDecoder.plain(new PayloadTally(SigV4.sha256Hex(data), -1));
    assertEquals(7, feed(ok, data, 4).length);
    PayloadDecoder bad = PayloadDecoder.plain(new PayloadTally(SigV4.EMPTY_SHA256, -1));
    S3Exception e = assertThrows(S3Exception.class, () -> feed(bad, data, 4));
    assertEquals(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH, e.code());
  }

  @Test
  void theStreamKeepsItsSourcePausedAndFailsInsteadOfEnding() {
    byte[] wire = exampleBody(CHUNK_SIGNATURES);
    BufferSource source = new BufferSource();
    for (int pos = 0; pos < wire.length; pos += 4096) {
      source.add(Buffer.buffer(Arrays.copyOfRange(wire, pos, Math.min(wire.length, pos + 4096))));
    }
    source.end();
    DecodingStream stream = new DecodingStream(source, signed(new PayloadTally(null, 66560)), null);
    Buffer got = Buffer.buffer();
    boolean[] ended = {false};
    stream.handler(got::appendBuffer).endHandler(v -> ended[0] = true);
    assertEquals(0, source.delivered, "nothing is read before the reader asks");
    stream.fetch(1);
    assertTrue(source.delivered >= 1 && source.delivered <= 2, "one piece asked for: " + source.delivered);
    assertFalse(ended[0]);
    stream.resume();
    assertTrue(ended[0]);
    assertEquals(66560, got.length());

    byte[] tampered = exampleBody(CHUNK_SIGNATURES);
    tampered[100] = 'z';
    BufferSource bad = new BufferSource();
    bad.add(Buffer.buffer(tampered));
    bad.end();
    Throwable[] failure = {null};
    boolean[] badEnded = {false};
    new DecodingStream(bad, signed(new PayloadTally(null, 66560)), null).exceptionHandler(t -> failure[0] = t)
        .endHandler(v -> badEnded[0] = true).handler(b -> { }).resume();
    assertFalse(badEnded[0]);
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, ((S3Exception) failure[0]).code());

    BufferSource lost = new BufferSource();
    lost.add(Buffer.buffer(Arrays.copyOf(wire, 1000)));
    lost.fail(new java.io.IOException("connection reset"));
    Throwable[] lostFailure = {null};
    new DecodingStream(lost, signed(new PayloadTally(null, 66560)), null).exceptionHandler(t -> lostFailure[0] = t)
        .handler(b -> { }).resume();
    assertEquals(S3ErrorCode.INCOMPLETE_BODY, ((S3Exception) lostFailure[0]).code());
  }
}
