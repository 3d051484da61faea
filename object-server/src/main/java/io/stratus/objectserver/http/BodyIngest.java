package io.stratus.objectserver.http;

import io.stratus.objectserver.store.ObjectUpload;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;

/**
 * Streams a request body into an upload with back-pressure: bytes are copied once, straight from
 * the request's buffers into the upload's block; a full block is written on the store's workers
 * while the next one fills; the request is paused while two blocks are in flight. Memory per upload
 * stays at about three blocks whatever the body's size.
 */
final class BodyIngest {
  private static final int MAX_IN_FLIGHT = 2;

  private final HttpServerRequest request;
  private final ObjectUpload upload;
  private final Future<Void> clientGone;
  private final Promise<Long> done = Promise.promise();
  private final byte[] held;
  private int heldLength;
  private ByteBuffer block;
  private Future<Void> tail = Future.succeededFuture();
  private int inFlight;
  private long received;

  /** Reads the whole body into the upload. */
  BodyIngest(HttpServerRequest request, ObjectUpload upload, Future<Void> clientGone) {
    this(request, upload, clientGone, 0);
  }

  /** Reads the body into the upload but its last {@code holdBack} bytes (a footer), kept for {@link #tail()}. */
  BodyIngest(HttpServerRequest request, ObjectUpload upload, Future<Void> clientGone, int holdBack) {
    this.request = request;
    this.upload = upload;
    this.clientGone = clientGone;
    this.held = new byte[holdBack];
  }

  /** The held-back last bytes (fewer if the body was shorter than the hold-back). */
  byte[] tail() {
    return java.util.Arrays.copyOf(held, heldLength);
  }

  /** Reads the body to its end; the future holds the body bytes received (without the tail), or fails if the client went away. */
  Future<Long> run() {
    request.handler(this::onData);
    request.endHandler(v -> onEnd());
    clientGone.onFailure(done::tryFail);
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) request.response().writeContinue();
    request.resume();
    return done.future();
  }

  /** Completes once no block write is in flight: then an abort cannot race a write. */
  Future<Void> settled() {
    return tail.transform(ar -> Future.succeededFuture());
  }

  private void onData(Buffer data) {
    if (done.future().isComplete()) return;
    received += data.length();
    ByteBuffer src = ((BufferInternal) data).getByteBuf().nioBuffer();
    if (held.length == 0) {
      feed(src);
      return;
    }
    // Of the held bytes and the new bytes, all but the last held.length bytes are surely body.
    int body = heldLength + src.remaining() - held.length;
    if (body > 0) {
      int fromTail = Math.min(heldLength, body);
      feed(ByteBuffer.wrap(held, 0, fromTail));
      System.arraycopy(held, fromTail, held, 0, heldLength - fromTail);
      heldLength -= fromTail;
      int fromSrc = body - fromTail;
      feed(src.slice(src.position(), fromSrc));
      src.position(src.position() + fromSrc);
    }
    int keep = src.remaining();
    src.get(held, heldLength, keep);
    heldLength += keep;
  }

  private void feed(ByteBuffer src) {
    while (src.hasRemaining()) {
      if (block == null) block = upload.block();
      int n = Math.min(src.remaining(), block.remaining());
      block.put(block.position(), src, src.position(), n).position(block.position() + n);
      src.position(src.position() + n);
      if (!block.hasRemaining()) {
        submit(block.flip(), false);
        block = null;
      }
    }
  }

  private void onEnd() {
    if (done.future().isComplete()) return;
    submit((block == null ? upload.block() : block).flip(), true);
    block = null;
    tail.onComplete(ar -> {
      if (ar.succeeded()) done.tryComplete(received - heldLength);
      else done.tryFail(ar.cause());
    });
  }

  private void submit(ByteBuffer full, boolean last) {
    inFlight++;
    if (inFlight >= MAX_IN_FLIGHT) request.pause();
    tail = tail.compose(v -> upload.write(full, last)).andThen(ar -> {
      inFlight--;
      if (ar.failed()) {
        done.tryFail(ar.cause());
      } else if (inFlight < MAX_IN_FLIGHT && !done.future().isComplete()) {
        request.resume();
      }
    });
  }
}
