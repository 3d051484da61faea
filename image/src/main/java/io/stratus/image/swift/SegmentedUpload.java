package io.stratus.image.swift;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An image's bytes on their way into the object store: a write stream that cuts what it is given into
 * segments of a fixed size, each one chunked PUT streamed as the bytes come. It is "full" while the
 * current segment's connection is, or while a segment is being opened or closed, so a pipe from the
 * client pauses the client: nothing is held beyond the buffer in hand. Every buffer is shown to an
 * observer first (digests, checks), which may refuse it by throwing. Ending it closes the last
 * segment; the caller then writes the manifest from {@link #segments()}.
 */
public final class SegmentedUpload implements WriteStream<Buffer> {
  private final ObjectStore store;
  private final String prefix;
  private final long segmentBytes;
  private final Consumer<Buffer> observer;
  private final List<ObjectStore.Segment> segments = new ArrayList<>();
  private HttpClientRequest current;
  private String currentName;
  private long currentBytes;
  private Future<Void> tail = Future.succeededFuture();
  private int pending;
  private Throwable failure;
  private Handler<Void> drainHandler;
  private Handler<Throwable> exceptionHandler;

  public SegmentedUpload(ObjectStore store, String prefix, long segmentBytes, Consumer<Buffer> observer) {
    this.store = store;
    this.prefix = prefix;
    this.segmentBytes = segmentBytes;
    this.observer = observer;
  }

  /** The segments closed so far (all of them once {@link #end()} succeeded). */
  public List<ObjectStore.Segment> segments() {
    return List.copyOf(segments);
  }

  /** Every object this upload may have written, closed or not: what to delete when it is given up. */
  public List<String> written() {
    List<String> names = new ArrayList<>();
    for (ObjectStore.Segment s : segments) names.add(s.object());
    if (currentName != null) names.add(currentName);
    return names;
  }

  /** Completes once no step of the upload is under way any more (a segment's answer included). */
  public Future<Void> settled() {
    return tail.transform(ar -> Future.succeededFuture());
  }

  /** Gives up: the open segment's request is reset, nothing more is written. */
  public void abort(Throwable cause) {
    if (failure == null) failure = cause;
    if (current != null) current.reset(0, cause);
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (failure != null) return Future.failedFuture(failure);
    try {
      observer.accept(data);
    } catch (RuntimeException e) {
      fail(e);
      return Future.failedFuture(e);
    }
    return enqueue(() -> writeNow(data));
  }

  @Override
  public Future<Void> end() {
    if (failure != null) return Future.failedFuture(failure);
    return enqueue(() -> current == null ? Future.succeededFuture() : closeSegment());
  }

  @Override
  public boolean writeQueueFull() {
    return pending > 0 || (current != null && current.writeQueueFull());
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  /** Runs the step after every earlier one; the stream counts as full until it is done. */
  private Future<Void> enqueue(Supplier<Future<Void>> step) {
    pending++;
    tail = tail.compose(v -> step.get()).andThen(ar -> {
      pending--;
      if (ar.failed()) fail(ar.cause());
      else drained();
    });
    return tail;
  }

  private Future<Void> writeNow(Buffer data) {
    if (failure != null) return Future.failedFuture(failure);
    if (current == null) return openSegment().compose(v -> writeNow(data));
    long space = segmentBytes - currentBytes;
    if (data.length() < space) {
      current.write(data);
      currentBytes += data.length();
      return Future.succeededFuture();
    }
    current.write(data.slice(0, (int) space));
    currentBytes += space;
    Buffer rest = data.slice((int) space, data.length());
    return closeSegment().compose(v -> rest.length() == 0 ? Future.succeededFuture() : writeNow(rest));
  }

  private Future<Void> openSegment() {
    String name = String.format("%s/%08d", prefix, segments.size() + 1);
    currentName = name;
    return store.openPut(name).map(request -> {
      current = request;
      currentBytes = 0;
      request.drainHandler(v -> drained());
      request.exceptionHandler(e -> fail(e));
      // An answer before the segment is complete is a refusal: stop at once instead of writing on.
      request.response().onComplete(ar -> {
        if (current == request && (ar.failed() || ar.result().statusCode() != 201)) {
          fail(ar.failed() ? ar.cause() : ObjectStore.failure(ar.result().statusCode(), "PUT " + name));
        }
      });
      return null;
    });
  }

  private Future<Void> closeSegment() {
    HttpClientRequest request = current;
    String name = currentName;
    long size = currentBytes;
    current = null;
    return request.end().compose(v -> request.response()).compose(response -> readSegmentAnswer(response, name))
        .map(etag -> {
          segments.add(new ObjectStore.Segment(name, etag, size));
          currentName = null;
          return null;
        });
  }

  private static Future<String> readSegmentAnswer(HttpClientResponse response, String name) {
    return response.body().compose(body -> response.statusCode() == 201
        ? Future.succeededFuture(unquote(response.getHeader("ETag")))
        : Future.failedFuture(ObjectStore.failure(response.statusCode(), "PUT " + name)));
  }

  private static String unquote(String etag) {
    return etag != null && etag.length() >= 2 && etag.startsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
  }

  private void drained() {
    Handler<Void> handler = drainHandler;
    if (handler != null && failure == null && !writeQueueFull()) handler.handle(null);
  }

  private void fail(Throwable cause) {
    if (failure != null) return;
    failure = cause;
    if (current != null) current.reset(0, cause);
    Handler<Throwable> handler = exceptionHandler;
    if (handler != null) handler.handle(cause);
  }
}
