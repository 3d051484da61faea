package io.stratus.objectserver.http;

import io.stratus.objectserver.store.ObjectUpload;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Streams a request body into an upload with back-pressure: bytes gather into chunks; a full chunk
 * is written on the store's workers; the request is paused while two chunks are in flight. Memory
 * per upload stays at about three chunks whatever the body's size.
 */
final class BodyIngest {
  private static final int MAX_IN_FLIGHT = 2;

  private final HttpServerRequest request;
  private final ObjectUpload upload;
  private final Future<Void> clientGone;
  private final Promise<Long> done = Promise.promise();
  private Buffer pending = Buffer.buffer();
  private Future<Void> tail = Future.succeededFuture();
  private int inFlight;
  private long received;

  BodyIngest(HttpServerRequest request, ObjectUpload upload, Future<Void> clientGone) {
    this.request = request;
    this.upload = upload;
    this.clientGone = clientGone;
  }

  /** Reads the body to its end; the future holds the bytes received, or fails if the client went away. */
  Future<Long> run() {
    request.handler(this::onData);
    request.endHandler(v -> onEnd());
    clientGone.onFailure(done::tryFail);
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) request.response().writeContinue();
    request.resume();
    return done.future();
  }

  /** Completes once no chunk write is in flight: then an abort cannot race a write. */
  Future<Void> settled() {
    return tail.transform(ar -> Future.succeededFuture());
  }

  private void onData(Buffer data) {
    if (done.future().isComplete()) return;
    received += data.length();
    pending.appendBuffer(data);
    int size = upload.chunkSize();
    if (pending.length() < size) return;
    int whole = pending.length() / size * size;
    for (int at = 0; at < whole; at += size) {
      submit(pending.getBytes(at, at + size));
    }
    pending = pending.getBuffer(whole, pending.length());
  }

  private void onEnd() {
    if (pending.length() > 0) submit(pending.getBytes());
    pending = Buffer.buffer();
    tail.onComplete(ar -> {
      if (ar.succeeded()) done.tryComplete(received);
      else done.tryFail(ar.cause());
    });
  }

  private void submit(byte[] chunk) {
    inFlight++;
    if (inFlight >= MAX_IN_FLIGHT) request.pause();
    tail = tail.compose(v -> upload.append(chunk)).andThen(ar -> {
      inFlight--;
      if (ar.failed()) {
        done.tryFail(ar.cause());
      } else if (inFlight < MAX_IN_FLIGHT && !done.future().isComplete()) {
        request.resume();
      }
    });
  }
}
