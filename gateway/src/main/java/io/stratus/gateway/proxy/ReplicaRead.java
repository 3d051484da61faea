package io.stratus.gateway.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.WriteStream;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GET of one object across its replicas, as Swift's GETorHEADHandler: the first good answer (in
 * ring order, or the newest of all), whose body, should its node fail or fall silent part way, goes
 * on from the next replica with a Range from the byte reached — taken only from a copy with the same
 * ETag and X-Backend-Timestamp, so the client gets the very bytes it started on or a broken stream,
 * never a spliced one. One read per instance; used from one Vert.x context.
 */
public final class ReplicaRead {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaRead.class);

  private final Backend backend;
  private final Supplier<NodeIter> nodes;
  private final int replicas;
  private final RangeRequest request;
  private NodeIter rest;
  private Node current;

  /** A request to {@code node} for the object, with {@code range} as its Range header (none when null). */
  @FunctionalInterface
  public interface RangeRequest {
    RequestOptions to(Node node, String range);
  }

  /**
   * A node's body stopped before its end, which a resume may cover; the node is to blame unless its
   * stream was paused for a slow client (then an idle timeout is no fault of the node's).
   */
  private static final class NodeFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean nodeAtFault;

    NodeFailed(Throwable cause, boolean nodeAtFault) {
      super(cause.getMessage(), cause);
      this.nodeAtFault = nodeAtFault;
    }
  }

  /** How far a body has gone: bytes handed to the client, whether the node's stream waits for the client, and since when. */
  private static final class Progress {
    long sent;
    boolean waitingForClient;
    long lastHeard;
  }

  /** The bytes {@code [start, end]} of the object a response carries, and which copy of it it is. */
  private record Span(long start, long end, String etag, String timestamp) {
    static Span of(HttpClientResponse resp) {
      String length = resp.getHeader("Content-Length");
      String type = resp.getHeader("Content-Type");
      if (length == null || type != null && type.startsWith("multipart/byteranges")) return null;
      long size = Long.parseLong(length.trim());
      if (size == 0) return null;
      String etag = resp.getHeader("ETag");
      String timestamp = resp.getHeader("X-Backend-Timestamp");
      if (resp.statusCode() == 200) return new Span(0, size - 1, etag, timestamp);
      String range = resp.getHeader("Content-Range");
      if (resp.statusCode() != 206 || range == null || !range.startsWith("bytes ")) return null;
      long start = Long.parseLong(range.substring(6, range.indexOf('-')).trim());
      return new Span(start, start + size - 1, etag, timestamp);
    }

    /** Whether {@code resp} is this copy's bytes from {@code from} on. */
    boolean continuedBy(HttpClientResponse resp, long from) {
      String range = resp.getHeader("Content-Range");
      return resp.statusCode() == 206 && range != null && range.startsWith("bytes " + from + "-" + end + "/")
          && etag != null && etag.equals(resp.getHeader("ETag"))
          && (timestamp == null || timestamp.equals(resp.getHeader("X-Backend-Timestamp")));
    }
  }

  /** A read over the nodes {@code nodes} yields (a fresh iterator per call), asked with {@code request}. */
  public ReplicaRead(Backend backend, Supplier<NodeIter> nodes, int replicas, RangeRequest request) {
    this.backend = backend;
    this.nodes = nodes;
    this.replicas = replicas;
    this.request = request;
  }

  /** The first good answer walking the nodes in order ({@link Backend#read}); a resume walks on from there. */
  public Future<ReadResult> read(String range) {
    rest = nodes.get();
    return backend.read(rest, replicas, (i, node) -> {
      current = node;
      return request.to(node, range);
    });
  }

  /** The newest answer of the first replicas ({@link Backend#readNewest}); a resume walks all nodes again. */
  public Future<ReadResult> readNewest(String range) {
    rest = nodes.get();
    current = null;
    return backend.readNewest(rest, replicas, (i, node) -> request.to(node, range)).onSuccess(r -> rest = nodes.get());
  }

  /**
   * Writes the body of {@code first} (an answer of this read, paused) into {@code out} with
   * back-pressure, without ending it, resuming from other replicas while nodes fail part way. Fails
   * when {@code out} fails, or when no replica can carry on.
   */
  public Future<Void> pipe(HttpClientResponse first, WriteStream<Buffer> out) {
    Span span = Span.of(first);
    Progress progress = new Progress();
    return copy(first, out, progress).recover(e -> resume(e, span, out, progress));
  }

  private Future<Void> resume(Throwable failure, Span span, WriteStream<Buffer> out, Progress progress) {
    if (!(failure instanceof NodeFailed nodeFailed)) return Future.failedFuture(failure);
    if (current != null && nodeFailed.nodeAtFault) backend.limiter().error(current.device());
    if (span == null || rest == null) return Future.failedFuture(failure.getCause());
    long from = span.start() + progress.sent;
    if (from > span.end()) return Future.succeededFuture();
    LOG.warn("A read from {} broke off at byte {} ({}); resuming from the next replica",
        current == null ? "a node" : current.hostPort() + "/" + current.device().name(), from, failure.getCause().toString());
    return next(span, from).compose(resp -> {
      if (resp == null) return Future.failedFuture(failure.getCause());
      return copy(resp, out, progress).recover(e -> resume(e, span, out, progress));
    });
  }

  /** The next replica's answer for bytes {@code from}.. of the same copy, paused; null when none has it. */
  private Future<HttpClientResponse> next(Span span, long from) {
    String range = "bytes=" + from + "-" + span.end();
    return backend.read(rest, replicas, (i, node) -> {
      current = node;
      return request.to(node, range);
    }).compose(result -> {
      HttpClientResponse resp = result.response();
      if (resp == null) return Future.succeededFuture(null);
      resp.pause();
      if (span.continuedBy(resp, from)) return Future.succeededFuture(resp);
      Backend.discard(resp);
      return next(span, from);
    });
  }

  /**
   * Copies {@code from} into {@code out} until its end, counting the bytes handed over; fails with
   * {@link NodeFailed} when the node's stream breaks or stays silent for the node timeout (while not
   * held back by the client), or with the cause when {@code out} does. Nothing of {@code from} goes
   * out once the copy has ended: the count is exactly what the client got.
   */
  private Future<Void> copy(HttpClientResponse from, WriteStream<Buffer> out, Progress progress) {
    Promise<Void> done = Promise.promise();
    progress.waitingForClient = false;
    progress.lastHeard = System.nanoTime();
    from.exceptionHandler(e -> done.tryFail(new NodeFailed(e, !progress.waitingForClient)));
    from.endHandler(v -> done.tryComplete());
    out.exceptionHandler(e -> {
      if (done.tryFail(e)) Backend.discard(from);
    });
    out.drainHandler(v -> {
      if (done.future().isComplete()) return;
      progress.waitingForClient = false;
      progress.lastHeard = System.nanoTime();
      from.resume();
    });
    from.handler(chunk -> {
      // A broken answer may still hold chunks; once the next replica is asked they must not go out.
      if (done.future().isComplete()) return;
      progress.sent += chunk.length();
      progress.lastHeard = System.nanoTime();
      out.write(chunk).onFailure(e -> {
        if (done.tryFail(e)) Backend.discard(from);
      });
      if (out.writeQueueFull()) {
        progress.waitingForClient = true;
        from.pause();
      }
    });
    watchSilence(from, done, progress);
    from.resume();
    return done.future();
  }

  /**
   * Swift's node timeout on chunk reads: fails the copy if the node sends nothing for that long while
   * the client is ready for more (Vert.x times a request out only until its answer begins).
   */
  private void watchSilence(HttpClientResponse from, Promise<Void> done, Progress progress) {
    Context context = Vertx.currentContext();
    if (context == null) return;
    long timeout = backend.nodeTimeoutMillis();
    long timer = context.owner().setPeriodic(Math.max(50, timeout / 4), id -> {
      long silent = (System.nanoTime() - progress.lastHeard) / 1_000_000;
      if (!progress.waitingForClient && silent >= timeout && done.tryFail(new NodeFailed(
          new TimeoutException("the node sent nothing for " + silent + " ms"), true))) {
        Backend.discard(from);
      }
    });
    done.future().onComplete(ar -> context.owner().cancelTimer(timer));
  }
}
