package io.stratus.gateway.s3.auth;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;

/**
 * A read stream of buffers the test queues, delivered only on demand and starting paused (as a paused request):
 * shows whether a reader keeps its source paused.
 */
final class BufferSource implements ReadStream<Buffer> {
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private static final Object END = new Object();
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long demand;
  int delivered;

  void add(Buffer b) {
    queue.add(b);
    deliver();
  }

  void end() {
    queue.add(END);
    deliver();
  }

  void fail(Throwable t) {
    queue.add(t);
    deliver();
  }

  int queued() {
    return queue.size();
  }

  private void deliver() {
    while (demand > 0 && !queue.isEmpty()) {
      Object next = queue.poll();
      if (demand != Long.MAX_VALUE) demand--;
      if (next == END) {
        if (endHandler != null) endHandler.handle(null);
      } else if (next instanceof Throwable t) {
        if (exceptionHandler != null) exceptionHandler.handle(t);
      } else {
        delivered++;
        handler.handle((Buffer) next);
      }
    }
  }

  @Override
  public BufferSource exceptionHandler(Handler<Throwable> h) {
    exceptionHandler = h;
    return this;
  }

  @Override
  public BufferSource handler(Handler<Buffer> h) {
    handler = h;
    return this;
  }

  @Override
  public BufferSource pause() {
    demand = 0;
    return this;
  }

  @Override
  public BufferSource resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public BufferSource fetch(long amount) {
    demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
    deliver();
    return this;
  }

  @Override
  public BufferSource endHandler(Handler<Void> h) {
    endHandler = h;
    return this;
  }
}
