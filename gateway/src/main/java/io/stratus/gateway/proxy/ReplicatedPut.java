package io.stratus.gateway.proxy;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An object PUT to all replicas at once: open one request per replica (a handoff replaces a node
 * that cannot be reached), then pipe the client's body through a {@link FanOutWriteStream} so the
 * client is paused while any replica is full, hashing it once on the way ({@link BodyFooter}),
 * then gather each replica's answer within the node timeout. Fails with 503 when fewer than a quorum of replicas could be opened or kept.
 */
public final class ReplicatedPut {
  private final Backend backend;
  private final NodeIter nodes;
  private final int replicas;
  private final long contentLength;
  private final BiFunction<Integer, Node, RequestOptions> request;

  /** Thrown (wrapped in a failed future) when the client stopped sending before the body was complete. */
  public static final class ClientDisconnected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClientDisconnected(Throwable cause) {
      super("The client disconnected during the upload.", cause);
    }
  }

  /** The replicas' answers to an upload, one per opened request, and the MD5 (hex) of the body sent. */
  public record Uploaded(List<BackendReply> replies, String md5) {
  }

  /** A PUT of {@code contentLength} bytes (-1: chunked) whose slot i goes out as {@code request.apply(i, node)}. */
  public ReplicatedPut(Backend backend, NodeIter nodes, int replicas, long contentLength,
      BiFunction<Integer, Node, RequestOptions> request) {
    this.backend = backend;
    this.nodes = nodes;
    this.replicas = replicas;
    this.contentLength = contentLength;
    this.request = request;
  }

  /** Opens a request to every replica slot; at least a quorum must open or the future fails (503). */
  public Future<List<HttpClientRequest>> open() {
    List<Future<HttpClientRequest>> slots = new ArrayList<>();
    for (int i = 0; i < replicas; i++) slots.add(openSlot(i));
    return Future.join(slots).transform(v -> {
      List<HttpClientRequest> opened = slots.stream().map(Future::result).filter(r -> r != null).toList();
      if (!Quorum.reached(opened.size(), replicas)) {
        opened.forEach(ReplicatedPut::abort);
        return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE,
            "Only " + opened.size() + " of " + replicas + " object servers could be reached."));
      }
      return Future.succeededFuture(opened);
    });
  }

  private Future<HttpClientRequest> openSlot(int index) {
    if (!nodes.hasNext()) return Future.succeededFuture(null);
    Node node = nodes.next();
    return backend.open(node, request.apply(index, node)).transform(ar -> {
      if (ar.failed()) return openSlot(index);
      HttpClientRequest req = ar.result();
      if (contentLength < 0) {
        req.setChunked(true);
      } else {
        req.putHeader("Content-Length", Long.toString(contentLength + BodyFooter.LENGTH));
      }
      req.putHeader(BodyFooter.HEADER, BodyFooter.KIND);
      req.response().onSuccess(resp -> backend.countStatus(node, resp.statusCode()));
      return Future.succeededFuture(req);
    });
  }

  /**
   * Streams the client's body to the opened requests and completes with one reply per opened request (and the body's MD5).
   * Fails with {@link ClientDisconnected} if the client went away, or 503 if too few replicas kept up.
   */
  public Future<Uploaded> stream(List<HttpClientRequest> opened, HttpServerRequest body) {
    if (body.response().closed()) {
      // The client hung up while auth, the container check and the replica requests were under
      // way: the close event has passed, so the pipe would wait for a body that never comes.
      opened.forEach(ReplicatedPut::abort);
      return Future.failedFuture(new ClientDisconnected(new IOException("connection closed before the body was read")));
    }
    return stream(opened, fan -> body.pipe().endOnComplete(false).to(fan)
        .recover(e -> Future.failedFuture(new ClientDisconnected(e))));
  }

  /**
   * Streams a body that {@code writer} writes (with back-pressure, without ending the stream) to the
   * opened requests, then ends them and completes with one reply per opened request. A writer failure
   * fails the upload with that failure, or 503 if too few replicas kept up.
   */
  public Future<Uploaded> stream(List<HttpClientRequest> opened, Function<WriteStream<Buffer>, Future<Void>> writer) {
    FanOutWriteStream fan = new FanOutWriteStream(opened, Quorum.size(replicas));
    BodyFooter body = new BodyFooter(fan);
    boolean[] ended = {false};
    List<Future<BackendReply>> answers = new ArrayList<>();
    for (HttpClientRequest req : opened) {
      req.exceptionHandler(e -> fan.drop(req));
      req.response().onComplete(ar -> {
        if (!ended[0] && (ar.failed() || ar.result().statusCode() >= 300)) fan.drop(req);
      });
      answers.add(answer(req));
    }
    return writer.apply(body).compose(v -> body.end()).transform(ar -> {
      ended[0] = true;
      if (ar.failed()) {
        opened.forEach(ReplicatedPut::abort);
        boolean tooFew = fan.live().size() < Quorum.size(replicas);
        return Future.failedFuture(tooFew ? new StratusException(ErrorCode.UNAVAILABLE,
            "Too few object servers accepted the upload.", ar.cause()) : ar.cause());
      }
      return collect(opened, answers).map(replies -> new Uploaded(replies, body.md5()));
    });
  }

  /**
   * A replica's answer, its body read as soon as it arrives: a node may answer while a slower replica
   * is still taking the body, and an answer whose body is asked for only after it ended is never read.
   */
  private static Future<BackendReply> answer(HttpClientRequest req) {
    return req.response().compose(resp -> resp.body().map(body -> new BackendReply(resp.statusCode(), resp.headers(), body)));
  }

  /** Each replica's answer within the node timeout (from the end of the body), or 503. */
  private Future<List<BackendReply>> collect(List<HttpClientRequest> opened, List<Future<BackendReply>> answers) {
    List<Future<BackendReply>> replies = new ArrayList<>();
    for (int i = 0; i < opened.size(); i++) {
      HttpClientRequest req = opened.get(i);
      Future<BackendReply> reply = answers.get(i)
          .timeout(backend.nodeTimeoutMillis(), TimeUnit.MILLISECONDS)
          .otherwise(e -> {
            abort(req);
            return BackendReply.unreachable();
          });
      replies.add(reply);
    }
    return Future.join(replies).map(v -> replies.stream().map(Future::result).toList());
  }

  private static void abort(HttpClientRequest req) {
    try {
      req.exceptionHandler(e -> { });
    } catch (IllegalStateException ignored) {
      // The request went out whole (its node failed while answering): its handlers are no longer called.
    }
    req.reset();
  }
}
