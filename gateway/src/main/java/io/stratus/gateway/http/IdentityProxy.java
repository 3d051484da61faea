package io.stratus.gateway.http;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.proxy.Backend;
import io.stratus.gateway.proxy.ReplicatedPut;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming reverse proxy to a service behind a path prefix: identity for {@code /auth/v1.0}
 * (tempauth) and {@code /identity/*} (Keystone v3), image for {@code /image/*} (Glance v2), compute-api
 * for {@code /compute/*} (Nova v2.1), the prefix stripped. Request and response bodies are piped with back-pressure, never buffered. The
 * X-Storage-Url tempauth answers is rewritten to point at this gateway (its public URL, or the Host
 * the client used).
 */
public final class IdentityProxy {
  private static final Logger LOG = LoggerFactory.getLogger(IdentityProxy.class);
  public static final String PREFIX = "/identity";
  public static final String IMAGE_PREFIX = "/image";
  public static final String COMPUTE_PREFIX = "/compute";

  private final String prefix;
  private final HttpClient client;
  private final URI identity;
  private final String publicUrl;
  private final long timeoutMillis;

  public IdentityProxy(HttpClient client, String identityUrl, String publicUrl, long timeoutMillis) {
    this(PREFIX, client, identityUrl, publicUrl, timeoutMillis);
  }

  /** A proxy that strips {@code prefix} and sends the rest of the path to {@code serviceUrl}. */
  public IdentityProxy(String prefix, HttpClient client, String serviceUrl, String publicUrl, long timeoutMillis) {
    this.prefix = prefix;
    this.client = client;
    this.identity = URI.create(serviceUrl);
    this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : stripSlash(publicUrl);
    this.timeoutMillis = timeoutMillis;
  }

  public Future<Void> handle(HttpServerRequest request, String transId) {
    String path = request.uri();
    if (path.startsWith(prefix)) path = path.substring(prefix.length());
    if (path.isEmpty() || path.startsWith("?")) path = "/" + path;
    String base = identity.getPath() == null ? "" : stripSlash(identity.getPath());
    RequestOptions options = new RequestOptions().setMethod(request.method()).setHost(identity.getHost())
        .setPort(identity.getPort() < 0 ? 80 : identity.getPort()).setURI(base + path)
        .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis);
    request.headers().forEach(e -> {
      if (!Headers.hopByHop(e.getKey())) options.addHeader(e.getKey(), e.getValue());
    });
    options.putHeader("X-Openstack-Request-Id", transId).putHeader("X-Trans-Id", transId);
    String host = clientAuthority(request);
    if (host != null) options.putHeader("X-Forwarded-Host", host);
    options.putHeader("X-Forwarded-Proto", request.scheme());
    return client.request(options)
        .compose(out -> exchange(out, request))
        .recover(e -> Future.failedFuture(unavailable(request, e, transId)));
  }

  /**
   * Sends the request and relays the service's answer. A service may answer before it has read the whole body (its body
   * limit's 413, say) and then read the rest away or close: the answer is relayed, sending stops, and that backend
   * connection is closed once the answer is read, never reused. Its request was cut short, so the service would take
   * whatever came next on it for the rest of the body (the next request hung, or was answered 414 or 400). Vert.x's own
   * reset cannot be used for this: after a whole response it frees the connection for reuse without closing it.
   * The client's unread body is read away by the caller, or, when it was told to wait for 100 Continue, its connection
   * is closed after the answer since the body may never come.
   */
  private Future<Void> exchange(HttpClientRequest out, HttpServerRequest request) {
    // A failure of the connection reaches the response future, and is answered from there.
    out.exceptionHandler(e -> { });
    Upload body = new Upload(out, request);
    Future<Void> sent = body.start();
    return out.response().onFailure(e -> body.stop())
        .recover(e -> Future.failedFuture(sent.failed() ? sent.cause() : e))
        .compose(resp -> sent.succeeded() ? relay(request, resp).onFailure(e -> Backend.discard(resp))
            : relayEarlyAnswer(out, request, resp, body));
  }

  /** Relays an answer that came before the whole body went out, then closes its backend connection (see {@link #exchange}). */
  private Future<Void> relayEarlyAnswer(HttpClientRequest out, HttpServerRequest request, HttpClientResponse resp, Upload body) {
    body.stop();
    if (request.headers().contains("Expect", "100-continue", true) && !request.isEnded()) {
      request.response().putHeader("Connection", "close");
    }
    return relay(request, resp).onComplete(ar -> out.connection().close());
  }

  /**
   * A request's body on its way to the service, written with back-pressure until the client's body ends or
   * {@link #stop()}; the service's 100 Continue is passed on. A client that goes away mid-body resets the backend request
   * instead of ending it (closing its connection, as no answer has come): a truncated chunked body must not look complete
   * to the service. A write that fails does not: the service may have answered and closed, and its answer is still to be
   * read (the response, or the connection's failure, comes through {@link HttpClientRequest#response()}).
   */
  private static final class Upload {
    private final HttpClientRequest out;
    private final HttpServerRequest request;

    Upload(HttpClientRequest out, HttpServerRequest request) {
      this.out = out;
      this.request = request;
    }

    /** Starts sending; the future completes once the whole request is written. */
    Future<Void> start() {
      String length = request.getHeader("Content-Length");
      boolean chunked = request.headers().contains("Transfer-Encoding", "chunked", true);
      if (length == null && !chunked) return out.end();
      if (chunked) out.setChunked(true); else out.putHeader("Content-Length", length);
      if (request.headers().contains("Expect", "100-continue", true)) {
        out.continueHandler(v -> request.response().writeContinue());
        out.sendHead();
      }
      Promise<Void> sent = Promise.promise();
      request.handler(piece -> {
        out.write(piece);
        if (out.writeQueueFull()) {
          request.pause();
          out.drainHandler(v -> request.resume());
        }
      });
      request.endHandler(v -> out.end().onComplete(sent));
      request.exceptionHandler(e -> {
        out.reset(0, e);
        sent.tryFail(new ReplicatedPut.ClientDisconnected(e));
      });
      request.resume();
      return sent.future();
    }

    /** Stops sending: the client's body is no longer read here, whatever of it is left is the caller's. */
    void stop() {
      request.handler(null).endHandler(null).exceptionHandler(null);
      out.drainHandler(null);
      request.pause();
    }
  }

  /** A failure to reach the service or to hear it out, as 503 (logged once, unless the client went away first). */
  private Throwable unavailable(HttpServerRequest request, Throwable failure, String transId) {
    if (failure instanceof StratusException || failure instanceof ReplicatedPut.ClientDisconnected) return failure;
    if (!request.response().closed()) {
      LOG.warn("{} {} via {}: {} failed (trans id {}): {}", request.method(), request.path(), prefix, identity, transId,
          failure.toString());
    }
    return new StratusException(ErrorCode.UNAVAILABLE, "The service behind " + prefix + " did not answer.", failure);
  }

  private Future<Void> relay(HttpServerRequest request, HttpClientResponse resp) {
    HttpServerResponse out = request.response().setStatusCode(resp.statusCode());
    resp.headers().forEach(e -> {
      if (!Headers.hopByHop(e.getKey()) && !e.getKey().equalsIgnoreCase("X-Openstack-Request-Id")) {
        out.headers().add(e.getKey(), e.getValue());
      }
    });
    String storage = resp.getHeader("X-Storage-Url");
    if (storage != null) out.headers().set("X-Storage-Url", rewrite(storage, request));
    String length = resp.getHeader("Content-Length");
    if (length != null) {
      out.putHeader("Content-Length", length);
    } else {
      out.setChunked(true);
    }
    return resp.pipeTo(out);
  }

  /** The storage URL's path under this gateway's base URL. */
  String rewrite(String storageUrl, HttpServerRequest request) {
    String path = URI.create(storageUrl).getRawPath();
    String base = publicUrl != null ? publicUrl : request.scheme() + "://" + clientAuthority(request);
    return base + path;
  }

  /**
   * The host (and port) the client addressed: HTTP/1.1's Host header or HTTP/2's :authority (which
   * has no Host header), else the address the connection came in on.
   */
  static String clientAuthority(HttpServerRequest request) {
    HostAndPort authority = request.authority();
    if (authority != null) {
      String h = authority.host().indexOf(':') >= 0 && !authority.host().startsWith("[")
          ? "[" + authority.host() + "]" : authority.host();
      return authority.port() > 0 ? h + ":" + authority.port() : h;
    }
    String host = request.getHeader("Host");
    if (host != null) return host;
    return request.localAddress().hostAddress() + ":" + request.localAddress().port();
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
