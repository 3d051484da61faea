package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/** A write stream that gathers what is written into a buffer, up to a limit (then writes fail with 413). */
final class CollectingStream implements WriteStream<Buffer> {
  private final Buffer into;
  private final int limit;

  CollectingStream(Buffer into, int limit) {
    this.into = into;
    this.limit = limit;
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (into.length() + data.length() > limit) {
      return Future.failedFuture(new StratusException(ErrorCode.PAYLOAD_TOO_LARGE, "More than " + limit + " bytes."));
    }
    into.appendBuffer(data);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    return Future.succeededFuture();
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    return this;
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }
}
