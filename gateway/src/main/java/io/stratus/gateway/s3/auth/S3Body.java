package io.stratus.gateway.s3.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** The request's payload as the client means it. */
public interface S3Body {
  /**
   * The decoded bytes: aws-chunked decoded with every chunk signature checked; a declared SHA-256 checked at the
   * end — on a mismatch the stream FAILS (exceptionHandler gets an S3Exception) instead of ending.
   */
  ReadStream<Buffer> stream();

  /** The decoded length (x-amz-decoded-content-length for aws-chunked, else Content-Length), or -1 if unknown. */
  long length();
}
