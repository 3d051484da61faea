package io.stratus.gateway.s3;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.proxy.ReplicatedPut;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 dialect of the error model: every failure as {@code <Error><Code/><Message/><Resource/><RequestId/></Error>}
 * (no body for HEAD), with the S3 code's status. Failures of the Swift layer are mapped by status and by what
 * the request was about: 404 is NoSuchKey for an object and NoSuchBucket otherwise, 409 BucketNotEmpty for a
 * bucket delete, 412 PreconditionFailed, 416 InvalidRange, 413 EntityTooLarge, 422 BadDigest, 503 ServiceUnavailable;
 * any other 4xx is the request's fault (InvalidRequest), any other status InternalError (or ServiceUnavailable for a
 * 5xx that is not an internal error), so every status has an S3 code. InternalErrors, and failures that are not
 * known at all, are logged once with the request id.
 */
final class S3Errors {
  private static final Logger LOG = LoggerFactory.getLogger(S3Errors.class);

  private S3Errors() {
  }

  /** The S3 exception for any failure of a request about {@code bucket} / {@code key} (either may be null). */
  static S3Exception map(Throwable failure, String bucket, String key) {
    if (failure instanceof S3Exception e) return e;
    if (failure instanceof ReplicatedPut.ClientDisconnected) {
      return new S3Exception(S3ErrorCode.INCOMPLETE_BODY, S3ErrorCode.INCOMPLETE_BODY.message(), resource(bucket, key));
    }
    if (failure instanceof StratusException e) return forStatus(e.code().status(), e.code() == ErrorCode.INTERNAL, bucket, key);
    return null;
  }

  /**
   * The S3 exception for a Swift status of a request about {@code bucket} / {@code key}; never null: a status
   * without a code of its own is InvalidRequest when 4xx (the request's fault, e.g. a backend's 414 for a marker
   * too long), ServiceUnavailable for a 5xx other than 500 that is not {@code internal}, else InternalError.
   */
  static S3Exception forStatus(int status, boolean internal, String bucket, String key) {
    String resource = resource(bucket, key);
    S3ErrorCode code = switch (status) {
      case 400 -> S3ErrorCode.INVALID_REQUEST;
      case 401, 403 -> S3ErrorCode.ACCESS_DENIED;
      case 404 -> key != null ? S3ErrorCode.NO_SUCH_KEY : S3ErrorCode.NO_SUCH_BUCKET;
      case 405 -> S3ErrorCode.METHOD_NOT_ALLOWED;
      case 409 -> key == null ? S3ErrorCode.BUCKET_NOT_EMPTY : S3ErrorCode.SERVICE_UNAVAILABLE;
      case 411 -> S3ErrorCode.MISSING_CONTENT_LENGTH;
      case 412 -> S3ErrorCode.PRECONDITION_FAILED;
      case 413 -> S3ErrorCode.ENTITY_TOO_LARGE;
      case 416 -> S3ErrorCode.INVALID_RANGE;
      case 422 -> S3ErrorCode.BAD_DIGEST;
      case 499 -> S3ErrorCode.INCOMPLETE_BODY;
      default -> otherwise(status, internal);
    };
    S3Exception e = new S3Exception(code, code.message(), resource);
    if (code == S3ErrorCode.NO_SUCH_BUCKET) e.with("BucketName", bucket);
    if (code == S3ErrorCode.NO_SUCH_KEY) e.with("Key", key);
    return e;
  }

  private static S3ErrorCode otherwise(int status, boolean internal) {
    if (status >= 400 && status < 500) return S3ErrorCode.INVALID_REQUEST;
    if (status > 500 && status < 600 && !internal) return S3ErrorCode.SERVICE_UNAVAILABLE;
    return S3ErrorCode.INTERNAL_ERROR;
  }

  static String resource(String bucket, String key) {
    if (bucket == null) return "/";
    return key == null ? "/" + bucket : "/" + bucket + "/" + key;
  }

  /** Renders a failed request; a response already under way is cut off instead. */
  static void send(HttpServerRequest request, Throwable failure, String transId, String bucket, String key) {
    S3Exception e = map(failure, bucket, key);
    if (e == null) {
      e = new S3Exception(S3ErrorCode.INTERNAL_ERROR, S3ErrorCode.INTERNAL_ERROR.message(), resource(bucket, key));
    }
    if (e.code() == S3ErrorCode.INTERNAL_ERROR) {
      LOG.error("S3 {} {} failed (request id {})", request.method(), request.path(), transId, failure);
    }
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) return;
    if (response.headWritten()) {
      request.connection().close();
      return;
    }
    send(request, e, transId);
  }

  private static void send(HttpServerRequest request, S3Exception e, String transId) {
    HttpServerResponse response = request.response();
    response.setStatusCode(e.code().status());
    response.headers().remove("Content-Length").remove("ETag").remove("Last-Modified").remove("Content-Range");
    XmlWriter xml = XmlWriter.plain("Error").element("Code", e.code().code()).element("Message", e.getMessage());
    for (Map.Entry<String, String> d : e.details().entrySet()) xml.element(d.getKey(), d.getValue());
    xml.element("Resource", e.resource()).element("RequestId", transId).element("HostId", transId);
    String body = xml.toString();
    response.putHeader("Content-Type", "application/xml");
    if (!request.isEnded()) {
      // An unread body would be taken for the next request: read it away, or close if it was never sent.
      if (request.headers().contains("Expect", "100-continue", true)) response.putHeader("Connection", "close");
      try {
        request.handler(b -> { });
        request.resume();
      } catch (IllegalStateException ignored) {
        // Its body was already being read: the reader will end it.
      }
    }
    if (request.method() == HttpMethod.HEAD) {
      response.putHeader("Content-Length", "0").end();
    } else {
      response.end(body);
    }
  }
}
