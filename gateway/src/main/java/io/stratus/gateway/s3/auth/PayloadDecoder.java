package io.stratus.gateway.s3.auth;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Turns the bytes on the wire into the payload the client means, checking it on the way; a failure is an
 * S3Exception thrown from {@link #decode} or {@link #finish}.
 */
interface PayloadDecoder {
  /** Decodes the next piece of the request body, handing decoded pieces to {@code out}. */
  void decode(Buffer wire, Consumer<Buffer> out);

  /** The request body has ended: throws if the payload is incomplete or does not match what was declared. */
  void finish();

  /** A payload sent as it is (UNSIGNED-PAYLOAD, a hex SHA-256, SigV2, presigned URLs), checked by the tally. */
  static PayloadDecoder plain(PayloadTally tally) {
    return new PayloadDecoder() {
      @Override
      public void decode(Buffer wire, Consumer<Buffer> out) {
        tally.update(wire.getBytes());
        out.accept(wire);
      }

      @Override
      public void finish() {
        tally.finish();
      }
    };
  }

  /** A payload that is refused whatever it holds: fails on its first piece, or at its end. */
  static PayloadDecoder failing(RuntimeException failure) {
    return new PayloadDecoder() {
      @Override
      public void decode(Buffer wire, Consumer<Buffer> out) {
        throw failure;
      }

      @Override
      public void finish() {
        throw failure;
      }
    };
  }
}
