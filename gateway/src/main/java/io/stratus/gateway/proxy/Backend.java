package io.stratus.gateway.proxy;

import io.stratus.common.http.LocalSockets;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Requests to storage nodes: one connection pool for all of them, connect and node timeouts, error
 * counting into the {@link ErrorLimiter}, and the two shapes of Swift's proxy: a bodiless request to
 * every replica (replaced by handoffs as they fail) and a read that walks the nodes until one
 * answers well.
 */
public final class Backend {
  private final HttpClient client;
  private final ErrorLimiter limiter;
  private final long connectTimeoutMillis;
  private final long nodeTimeoutMillis;
  private final LocalSockets sockets;

  /** Reaches nodes with {@code client}, through their Unix domain sockets in {@code sockets} where they have them. */
  public Backend(HttpClient client, ErrorLimiter limiter, long connectTimeoutMillis, long nodeTimeoutMillis, LocalSockets sockets) {
    this.client = client;
    this.sockets = sockets;
    this.limiter = limiter;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.nodeTimeoutMillis = nodeTimeoutMillis;
  }

  public ErrorLimiter limiter() {
    return limiter;
  }

  public long nodeTimeoutMillis() {
    return nodeTimeoutMillis;
  }

  /** A request to a node; reads time out after the node timeout of silence. */
  public RequestOptions options(HttpMethod method, Node node, String uri, MultiMap headers, boolean idleTimeout) {
    RequestOptions o = new RequestOptions().setMethod(method).setHost(node.device().ip()).setPort(node.device().port())
        .setURI(uri).setConnectTimeout(connectTimeoutMillis).setHeaders(headers);
    if (idleTimeout) o.setIdleTimeout(nodeTimeoutMillis);
    o.setServer(sockets.address(node.device().ip(), node.device().port()));
    return o;
  }

  /** Opens a request (a connection from the pool); counts an error against the node if it cannot. */
  public Future<HttpClientRequest> open(Node node, RequestOptions options) {
    return client.request(options).onFailure(e -> limiter.error(node.device()));
  }

  /** A bodiless request answered in full; an unreachable or timed-out node answers 503. */
  public Future<BackendReply> call(Node node, RequestOptions options) {
    return open(node, options)
        .compose(HttpClientRequest::send)
        .compose(resp -> resp.body().map(body -> new BackendReply(resp.statusCode(), resp.headers(), body)))
        .map(reply -> {
          countStatus(node, reply.status());
          return reply;
        })
        .otherwise(e -> {
          limiter.error(node.device());
          return BackendReply.unreachable();
        });
  }

  /** Drops a response that will not be read: resets its stream (closing an HTTP/1.1 connection) quietly. */
  public static void discard(HttpClientResponse resp) {
    resp.exceptionHandler(e -> { });
    try {
      resp.request().exceptionHandler(e -> { });
    } catch (IllegalStateException ignored) {
      // The request is already complete: its handlers can no longer be set, nor will they be called.
    }
    resp.request().reset();
  }

  /** Counts a 5xx answer against its node (507 limits it at once). */
  public void countStatus(Node node, int status) {
    if (status == 507) {
      limiter.limitNow(node.device());
    } else if (status >= 500) {
      limiter.error(node.device());
    }
  }

  /**
   * Sends one bodiless request per replica slot, as Swift's {@code make_requests}: slot i goes to the
   * next node of the iterator and moves on to the next one (a handoff) while its node fails or
   * answers 5xx. Completes with one reply per slot, in slot order; 503 where nodes ran out.
   */
  public Future<List<BackendReply>> toReplicas(NodeIter nodes, int replicas, BiFunction<Integer, Node, RequestOptions> request) {
    List<Future<BackendReply>> slots = new ArrayList<>();
    for (int i = 0; i < replicas; i++) slots.add(slot(nodes, i, request));
    return Future.join(slots).map(v -> slots.stream().map(Future::result).toList());
  }

  private Future<BackendReply> slot(NodeIter nodes, int index, BiFunction<Integer, Node, RequestOptions> request) {
    if (!nodes.hasNext()) return Future.succeededFuture(BackendReply.unreachable());
    Node node = nodes.next();
    return call(node, request.apply(index, node))
        .compose(reply -> reply.status() >= 500 ? slot(nodes, index, request) : Future.succeededFuture(reply));
  }

  /**
   * Walks the nodes until one answers something other than 404 or 5xx, as Swift's GET/HEAD: the
   * answer comes back unread, to be streamed at once by the caller. Stops after {@code replicas}
   * 404s. A 404 carrying X-Backend-Timestamp is a tombstone; a later answer with an older
   * timestamp is taken for a 404 too (the newer delete wins).
   */
  public Future<ReadResult> read(NodeIter nodes, int replicas, BiFunction<Integer, Node, RequestOptions> request) {
    return readNext(nodes, replicas, request, new ReadResult.Builder());
  }

  private Future<ReadResult> readNext(NodeIter nodes, int replicas, BiFunction<Integer, Node, RequestOptions> request,
      ReadResult.Builder seen) {
    if (!nodes.hasNext() || seen.notFound() >= replicas) return Future.succeededFuture(seen.build(null));
    Node node = nodes.next();
    return open(node, request.apply(seen.tried(), node)).compose(HttpClientRequest::send).transform(ar -> {
      if (ar.failed()) {
        limiter.error(node.device());
        seen.add(BackendReply.unreachable());
        return readNext(nodes, replicas, request, seen);
      }
      HttpClientResponse resp = ar.result();
      int status = resp.statusCode();
      if (status < 300 && seen.hiddenByTombstone(resp.getHeader("X-Backend-Timestamp"))) {
        discard(resp);
        seen.add(new BackendReply(404, resp.headers(), Buffer.buffer()));
        return readNext(nodes, replicas, request, seen);
      }
      if (status != 404 && status < 500) return Future.succeededFuture(seen.build(resp));
      countStatus(node, status);
      return resp.body().otherwise(Buffer.buffer()).compose(body -> {
        seen.add(new BackendReply(status, resp.headers(), body));
        return readNext(nodes, replicas, request, seen);
      });
    });
  }

  /**
   * Swift's X-Newest read: asks the first {@code replicas} nodes at once and takes the answer with the
   * newest X-Backend-Timestamp (a newer tombstone wins as a 404). The chosen answer comes back unread,
   * the others are dropped; with no good answer, the failures are returned as a plain read's.
   */
  public Future<ReadResult> readNewest(NodeIter nodes, int replicas, BiFunction<Integer, Node, RequestOptions> request) {
    List<Future<HttpClientResponse>> answers = new ArrayList<>();
    List<Node> asked = new ArrayList<>();
    for (int i = 0; i < replicas && nodes.hasNext(); i++) {
      Node node = nodes.next();
      asked.add(node);
      answers.add(open(node, request.apply(i, node)).compose(HttpClientRequest::send).onSuccess(HttpClientResponse::pause));
    }
    return Future.join(answers).transform(v -> newest(asked, answers));
  }

  private Future<ReadResult> newest(List<Node> asked, List<Future<HttpClientResponse>> answers) {
    HttpClientResponse best = null;
    String bestTimestamp = null;
    for (Future<HttpClientResponse> f : answers) {
      if (f.failed()) continue;
      HttpClientResponse resp = f.result();
      boolean candidate = resp.statusCode() / 100 == 2 || resp.statusCode() == 404;
      String ts = resp.getHeader("X-Backend-Timestamp");
      if (candidate && ts != null && (best == null || BackendTimestamps.compare(ts, bestTimestamp) > 0)) {
        best = resp;
        bestTimestamp = ts;
      }
    }
    ReadResult.Builder seen = new ReadResult.Builder();
    for (int i = 0; i < answers.size(); i++) {
      Future<HttpClientResponse> f = answers.get(i);
      if (f.failed()) {
        limiter.error(asked.get(i).device());
        seen.add(BackendReply.unreachable());
      } else if (f.result() != best || best.statusCode() == 404) {
        int status = f.result().statusCode();
        countStatus(asked.get(i), status);
        // Under a newer tombstone, older copies count as missing.
        if (best != null && best.statusCode() == 404 && status / 100 == 2) status = 404;
        seen.add(new BackendReply(status, f.result().headers(), Buffer.buffer()));
        discard(f.result());
      }
    }
    return Future.succeededFuture(seen.build(best != null && best.statusCode() != 404 ? best : null));
  }
}
