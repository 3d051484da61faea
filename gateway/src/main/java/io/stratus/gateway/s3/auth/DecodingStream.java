package io.stratus.gateway.s3.auth;

import io.stratus.gateway.s3.S3ErrorCode;
import io.stratus.gateway.s3.S3Exception;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;

/**
 * A request body read through a {@link PayloadDecoder}, with back-pressure: the request is kept paused and
 * asked for one more piece only when the reader wants data and nothing decoded is waiting. It starts paused.
 * It ends only when the decoder has checked the whole payload; any failure (a bad signature or digest, a body
 * cut short, the connection lost) goes to the exception handler instead, and nothing more is delivered.
 */
final class DecodingStream implements ReadStream<Buffer> {
  private final ReadStream<Buffer> upstream;
  private final PayloadDecoder decoder;
  private Runnable firstRead;
  private final ArrayDeque<Buffer> pending = new ArrayDeque<>();
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long demand;
  private boolean requested;
  private boolean decoded;
  private boolean done;
  private boolean draining;
  private boolean again;
  private Throwable failure;

  /**
   * @param firstRead run once, just before the request is first asked for data (e.g. to answer 100 Continue), or null
   */
  DecodingStream(ReadStream<Buffer> upstream, PayloadDecoder decoder, Runnable firstRead) {
    this.upstream = upstream;
    this.decoder = decoder;
    this.firstRead = firstRead;
    upstream.pause();
    upstream.handler(this::onData);
    upstream.endHandler(v -> onEnd());
    upstream.exceptionHandler(this::onError);
  }

  @Override
  public DecodingStream handler(Handler<Buffer> handler) {
    this.handler = handler;
    if (handler != null) drain();
    return this;
  }

  @Override
  public DecodingStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public DecodingStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public DecodingStream pause() {
    demand = 0;
    return this;
  }

  @Override
  public DecodingStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public DecodingStream fetch(long amount) {
    if (amount <= 0) return this;
    demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
    drain();
    return this;
  }

  private void onData(Buffer wire) {
    requested = false;
    if (done || failure != null) return;
    try {
      decoder.decode(wire, pending::add);
    } catch (S3Exception e) {
      failure = e;
    }
    drain();
  }

  private void onEnd() {
    requested = false;
    if (done || failure != null) return;
    try {
      decoder.finish();
      decoded = true;
    } catch (S3Exception e) {
      failure = e;
    }
    drain();
  }

  private void onError(Throwable t) {
    requested = false;
    if (done || failure != null) return;
    if (t instanceof S3Exception) {
      failure = t;
    } else {
      S3Exception incomplete = new S3Exception(S3ErrorCode.INCOMPLETE_BODY);
      incomplete.initCause(t);
      failure = incomplete;
    }
    drain();
  }

  /** Hands out what is decoded while there is demand; then ends, fails, or asks the request for more. */
  private void drain() {
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    try {
      do {
        again = false;
        step();
      } while (again);
    } finally {
      draining = false;
    }
  }

  private void step() {
    if (done) return;
    if (failure != null) {
      pending.clear();
      done = true;
      if (exceptionHandler != null) exceptionHandler.handle(failure);
      return;
    }
    while (demand > 0 && handler != null && !pending.isEmpty()) {
      if (demand != Long.MAX_VALUE) demand--;
      handler.handle(pending.poll());
      if (done || failure != null) {
        again = true;
        return;
      }
    }
    if (!pending.isEmpty() || handler == null) return;
    if (decoded) {
      done = true;
      if (endHandler != null) endHandler.handle(null);
    } else if (demand > 0 && !requested) {
      requested = true;
      if (firstRead != null) {
        Runnable run = firstRead;
        firstRead = null;
        run.run();
      }
      upstream.fetch(1);
    }
  }
}
