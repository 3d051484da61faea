package io.stratus.gateway.s3;

import io.stratus.gateway.s3.auth.S3Body;
import io.stratus.gateway.s3.auth.S3Caller;
import io.stratus.gateway.swift.SwiftRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * One authenticated S3 request: the HTTP request, its request id, the caller, its decoded body, the bucket and
 * key it names (either may be null) and the Swift context of the caller's account ({@code AUTH_<project>}).
 */
record S3Request(HttpServerRequest http, String transId, S3Caller caller, S3Body body, String bucket, String key,
    SwiftRequest swift) {

  String header(String name) {
    return http.getHeader(name);
  }

  String param(String name) {
    return http.getParam(name);
  }

  boolean has(String param) {
    return http.params().contains(param);
  }

  /** The caller's project id (its account is {@code AUTH_<project>}). */
  String project() {
    return caller.auth().projectId();
  }

  /** The caller's project name, for Owner's DisplayName. */
  String ownerName() {
    String name = caller.auth().projectName();
    return name == null ? project() : name;
  }

  /** Tells a client waiting for {@code 100 Continue} to send its body. */
  void continueIfExpected() {
    if (http.headers().contains("Expect", "100-continue", true) && !http.response().headWritten()) {
      http.response().writeContinue();
    }
  }

  /**
   * The whole (small) body, for the XML documents of bucket configurations, DeleteObjects and
   * CompleteMultipartUpload: at most {@code limit} bytes (else {@code tooLarge}), its Content-MD5 checked when sent.
   */
  Future<Buffer> readBody(int limit, S3ErrorCode tooLarge) {
    Promise<Buffer> done = Promise.promise();
    Buffer all = Buffer.buffer();
    ReadStream<Buffer> in = body.stream();
    in.handler(chunk -> {
      if (all.length() + chunk.length() > limit) {
        done.tryFail(new S3Exception(tooLarge));
      } else {
        all.appendBuffer(chunk);
      }
    });
    in.exceptionHandler(done::tryFail);
    in.endHandler(v -> done.tryComplete(all));
    continueIfExpected();
    in.resume();
    return done.future().map(b -> {
      checkMd5(b);
      return b;
    });
  }

  /** InvalidDigest for a Content-MD5 that is not 16 base64 bytes, BadDigest when it is not the body's. */
  private void checkMd5(Buffer b) {
    byte[] expected = md5Header(header("Content-MD5"));
    if (expected == null) return;
    if (!MessageDigest.isEqual(expected, Digests.md5(b.getBytes()))) throw new S3Exception(S3ErrorCode.BAD_DIGEST);
  }

  /** The 16 bytes of a Content-MD5 header (null when absent); InvalidDigest when malformed. */
  static byte[] md5Header(String value) {
    if (value == null) return null;
    try {
      byte[] md5 = Base64.getDecoder().decode(value.trim());
      if (md5.length != 16) throw new S3Exception(S3ErrorCode.INVALID_DIGEST);
      return md5;
    } catch (IllegalArgumentException e) {
      throw new S3Exception(S3ErrorCode.INVALID_DIGEST);
    }
  }
}
