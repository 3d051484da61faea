package io.stratus.gateway.s3.auth;

import io.stratus.gateway.s3.S3ErrorCode;
import io.stratus.gateway.s3.S3Exception;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * TEMPORARY stand-in for the seam of shared/notes/s3-plan.md, so that the S3 API compiles before the real
 * authentication (branch s3-auth) is merged, which replaces this file. It recognises S3 requests but
 * authenticates nobody: every request and form POST is refused with AccessDenied.
 */
public final class S3Auth {
  public S3Auth(Vertx vertx, HttpClient identityClient, String identityUrl, Clock clock, Duration cacheTtl, int cacheSize) {
    // The stand-in keeps nothing.
  }

  /** True when the request carries an AWS signature (header or query). */
  public static boolean isS3(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && (authorization.startsWith("AWS4-HMAC-SHA256 ") || authorization.startsWith("AWS "))) {
      return true;
    }
    return request.getParam("X-Amz-Algorithm") != null || request.getParam("X-Amz-Signature") != null
        || request.getParam("AWSAccessKeyId") != null && request.getParam("Signature") != null;
  }

  /** Refuses: the stand-in checks no signature. */
  public Future<S3Caller> authenticate(HttpServerRequest request) {
    return Future.failedFuture(new S3Exception(S3ErrorCode.ACCESS_DENIED, "S3 authentication is not available in this build."));
  }

  /** The request's body as it comes (the stand-in decodes nothing). */
  public S3Body body(HttpServerRequest request, S3Caller caller) {
    String length = request.getHeader("Content-Length");
    long n = length == null ? -1 : Long.parseLong(length.trim());
    return new S3Body() {
      @Override
      public ReadStream<Buffer> stream() {
        return request;
      }

      @Override
      public long length() {
        return n;
      }
    };
  }

  /** Refuses: the stand-in checks no policy. */
  public Future<S3Caller> authenticatePost(Map<String, String> formFields) {
    return Future.failedFuture(new S3Exception(S3ErrorCode.ACCESS_DENIED, "S3 authentication is not available in this build."));
  }
}
