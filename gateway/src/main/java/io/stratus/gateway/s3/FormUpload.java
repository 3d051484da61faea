package io.stratus.gateway.s3;

import io.stratus.gateway.s3.auth.S3Auth;
import io.stratus.gateway.s3.auth.S3Body;
import io.stratus.gateway.s3.auth.S3Caller;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.BiFunction;

/** S3's browser form upload (presigned POST). */
final class FormUpload {
  private final ObjectHandler objects;

  FormUpload(ObjectHandler objects) {
    this.objects = objects;
  }

  Future<Void> handle(HttpServerRequest http, String transId, String bucket, S3Auth auth,
      BiFunction<S3Caller, S3Body, S3Request> request) {
    throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "Browser form uploads are not implemented.");
  }
}
