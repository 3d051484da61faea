package io.stratus.gateway.s3.auth;

import io.stratus.gateway.s3.S3ErrorCode;
import io.stratus.gateway.s3.S3Exception;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The aws-chunked content encoding: {@code hex-size[;chunk-signature=sig]\r\n data \r\n} ... a zero-size chunk,
 * then trailer lines ({@code x-amz-checksum-crc32:...}, {@code x-amz-trailer-signature:...}) and an empty line.
 * With a signing key every chunk's signature is checked, each chained from the one before it (the first from
 * the request's seed signature), and so is the trailer's. Chunk data is passed on as it arrives; a chunk whose
 * signature turns out wrong fails the stream, so what was passed on is thrown away by the reader.
 */
final class AwsChunkedDecoder implements PayloadDecoder {
  private static final int MAX_LINE = 4096;
  private static final String CHUNK_SIGNATURE = "chunk-signature=";

  /** Where in the encoding the next byte is. */
  private enum State { HEADER, DATA, DATA_END, TRAILER, DONE }

  private final PayloadTally tally;
  private final byte[] signingKey;
  private final String amzDate;
  private final SigV4.Scope scope;
  private final boolean trailerExpected;
  private final StringBuilder line = new StringBuilder();
  private final Map<String, String> trailers = new LinkedHashMap<>();
  private State state = State.HEADER;
  private String previousSignature;
  private String chunkSignature;
  private MessageDigest chunkHash;
  private long remaining;

  /**
   * @param signingKey the derived key for a signed payload, or null for STREAMING-UNSIGNED-PAYLOAD-TRAILER
   * @param seedSignature the request's own signature, which the first chunk's is chained from
   * @param trailerExpected whether the client announced trailers (x-amz-trailer)
   */
  AwsChunkedDecoder(PayloadTally tally, byte[] signingKey, String seedSignature, String amzDate, SigV4.Scope scope,
      boolean trailerExpected) {
    this.tally = tally;
    this.signingKey = signingKey;
    this.previousSignature = seedSignature;
    this.amzDate = amzDate;
    this.scope = scope;
    this.trailerExpected = trailerExpected;
  }

  @Override
  public void decode(Buffer wire, Consumer<Buffer> out) {
    int pos = 0;
    int length = wire.length();
    while (pos < length) {
      if (state == State.DATA) {
        int n = (int) Math.min(remaining, length - pos);
        byte[] piece = wire.getBytes(pos, pos + n);
        if (chunkHash != null) chunkHash.update(piece);
        tally.update(piece);
        out.accept(Buffer.buffer(piece));
        remaining -= n;
        pos += n;
        if (remaining == 0) state = State.DATA_END;
      } else if (state == State.DONE) {
        throw invalid("There are bytes after the end of the aws-chunked payload.");
      } else {
        pos = readLine(wire, pos, length);
      }
    }
  }

  /** Reads up to the end of a CRLF-terminated line; handles the line when it is complete. */
  private int readLine(Buffer wire, int pos, int length) {
    while (pos < length) {
      char c = (char) (wire.getByte(pos++) & 0xff);
      if (c == '\n') {
        if (line.length() == 0 || line.charAt(line.length() - 1) != '\r') throw invalid("An aws-chunked line must end in CRLF.");
        String text = line.substring(0, line.length() - 1);
        line.setLength(0);
        onLine(text);
        return pos;
      }
      if (line.length() >= MAX_LINE) throw invalid("An aws-chunked header line is too long.");
      line.append(c);
    }
    return pos;
  }

  private void onLine(String text) {
    switch (state) {
      case HEADER -> onChunkHeader(text);
      case DATA_END -> {
        if (!text.isEmpty()) throw invalid("A chunk is longer than its declared size.");
        checkChunkSignature();
        state = State.HEADER;
      }
      case TRAILER -> onTrailer(text);
      default -> throw new IllegalStateException(state.name());
    }
  }

  private void onChunkHeader(String text) {
    int semicolon = text.indexOf(';');
    String size = semicolon < 0 ? text : text.substring(0, semicolon);
    chunkSignature = null;
    if (semicolon >= 0) {
      for (String extension : text.substring(semicolon + 1).split(";")) {
        if (extension.startsWith(CHUNK_SIGNATURE)) chunkSignature = extension.substring(CHUNK_SIGNATURE.length());
      }
    }
    if (signingKey != null && chunkSignature == null) throw invalid("A chunk of a signed payload has no chunk-signature.");
    try {
      remaining = Long.parseLong(size.trim(), 16);
    } catch (NumberFormatException e) {
      throw invalid("A chunk size is not hexadecimal: " + size);
    }
    if (remaining < 0) throw invalid("A chunk size is negative.");
    chunkHash = signingKey == null ? null : SigV4.sha256();
    if (remaining == 0) {
      checkChunkSignature();
      state = State.TRAILER;
    } else {
      state = State.DATA;
    }
  }

  private void checkChunkSignature() {
    if (signingKey == null) return;
    String stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n"
        + SigV4.EMPTY_SHA256 + "\n" + SigV4.hex(chunkHash.digest());
    if (!SigV4.sameSignature(SigV4.sign(signingKey, stringToSign), chunkSignature)) {
      throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "The chunk signature we calculated does not match the"
          + " signature you provided.").with("StringToSign", stringToSign).with("SignatureProvided", chunkSignature);
    }
    previousSignature = chunkSignature;
  }

  private void onTrailer(String text) {
    if (text.isEmpty()) {
      finishTrailers();
      state = State.DONE;
      return;
    }
    if (!trailerExpected) throw invalid("A trailer was sent that x-amz-trailer did not announce.");
    int colon = text.indexOf(':');
    if (colon <= 0) throw invalid("A trailer line is not \"name:value\".");
    trailers.put(text.substring(0, colon).trim().toLowerCase(Locale.ROOT), text.substring(colon + 1).trim());
  }

  private void finishTrailers() {
    String trailerSignature = trailers.remove("x-amz-trailer-signature");
    if (signingKey != null && trailerExpected) {
      StringBuilder canonical = new StringBuilder();
      for (Map.Entry<String, String> t : trailers.entrySet()) canonical.append(t.getKey()).append(':').append(t.getValue()).append('\n');
      String stringToSign = "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n"
          + SigV4.sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
      if (!SigV4.sameSignature(SigV4.sign(signingKey, stringToSign), trailerSignature)) {
        throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "The trailer signature we calculated does not match"
            + " the signature you provided.").with("StringToSign", stringToSign).with("SignatureProvided", trailerSignature);
      }
    }
    PayloadChecksum checksum = tally.checksum();
    if (checksum != null && trailers.containsKey(checksum.header())) tally.expect(trailers.get(checksum.header()));
  }

  @Override
  public void finish() {
    if (state != State.DONE) throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "The aws-chunked payload ended early.");
    tally.finish();
  }

  private static S3Exception invalid(String message) {
    return new S3Exception(S3ErrorCode.INVALID_REQUEST, message);
  }
}
