package io.stratus.gateway.proxy;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One write stream in front of several (a PUT's replica requests): every buffer goes to each target
 * still alive, and the stream is full while any of them is full, so a pipe from the client pauses
 * the client until the slowest replica drains. A target that fails is dropped; the stream itself
 * fails only when fewer than {@code minLive} targets remain (the write can no longer reach a quorum).
 * Used from one Vert.x context.
 */
public final class FanOutWriteStream implements WriteStream<Buffer> {
  private final List<WriteStream<Buffer>> live;
  private final int minLive;
  private Handler<Void> drainHandler;
  private Handler<Throwable> exceptionHandler;
  private Throwable failure;
  private boolean ended;

  public FanOutWriteStream(List<? extends WriteStream<Buffer>> targets, int minLive) {
    this.live = new ArrayList<>(targets);
    this.minLive = minLive;
    for (WriteStream<Buffer> t : this.live) {
      t.drainHandler(v -> checkDrain());
    }
    if (live.size() < minLive) failure = tooFew();
  }

  /** The targets not dropped so far. */
  public List<WriteStream<Buffer>> live() {
    return List.copyOf(live);
  }

  /** Drops a target (its request failed or its node answered early); fails the stream below quorum. */
  public void drop(WriteStream<Buffer> target) {
    if (!live.remove(target)) return;
    if (failure == null && live.size() < minLive) {
      failure = tooFew();
      if (exceptionHandler != null) exceptionHandler.handle(failure);
      return;
    }
    checkDrain();
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (failure != null) return Future.failedFuture(failure);
    for (WriteStream<Buffer> t : List.copyOf(live)) {
      t.write(data).onFailure(e -> drop(t));
    }
    return failure == null ? Future.succeededFuture() : Future.failedFuture(failure);
  }

  @Override
  public Future<Void> end() {
    if (failure != null) return Future.failedFuture(failure);
    ended = true;
    List<Future<Void>> ends = new ArrayList<>();
    for (WriteStream<Buffer> t : List.copyOf(live)) {
      ends.add(t.end().onFailure(e -> drop(t)));
    }
    // Replicas that fail from here on show in their answers; the stream itself has done its job.
    return Future.join(ends).transform(ar -> Future.succeededFuture());
  }

  @Override
  public boolean writeQueueFull() {
    for (WriteStream<Buffer> t : live) {
      if (t.writeQueueFull()) return true;
    }
    return false;
  }

  @Override
  public FanOutWriteStream drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }

  @Override
  public FanOutWriteStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public FanOutWriteStream setWriteQueueMaxSize(int maxSize) {
    for (WriteStream<Buffer> t : live) t.setWriteQueueMaxSize(maxSize);
    return this;
  }

  /**
   * Tells the writer it may go on, unless the stream was ended: then every target has its whole body, an ended
   * HTTP request refuses even {@code writeQueueFull()}, and a replica answering late (e.g. 507 from a full disk)
   * must not turn into an exception on the event loop.
   */
  private void checkDrain() {
    Handler<Void> h = drainHandler;
    if (h != null && failure == null && !ended && !writeQueueFull()) h.handle(null);
  }

  private StratusException tooFew() {
    return new StratusException(ErrorCode.UNAVAILABLE, "Fewer than " + minLive + " replicas are still accepting the upload.");
  }
}
