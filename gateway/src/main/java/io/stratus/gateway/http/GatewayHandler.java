package io.stratus.gateway.http;

import io.stratus.common.error.StratusException;
import io.stratus.common.http.Escapes;
import io.stratus.gateway.metrics.GatewayMetrics;
import io.stratus.gateway.s3.S3Api;
import io.stratus.gateway.s3.auth.S3Auth;
import io.stratus.gateway.swift.SwiftApi;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * The gateway's request handler: gives every request its trans id (X-Trans-Id and
 * X-Openstack-Request-Id on every response), pauses it so no body is read before it is wanted, and
 * routes it: /healthcheck, /info, /metrics (Prometheus), the identity proxy (/auth/v1.0, /identity/*), the image
 * proxy (/image/*), the compute proxy (/compute/*) and the Swift API
 * (/v1/...); a request carrying an AWS signature (and a browser form upload to a bucket, and a CORS preflight
 * OPTIONS outside those paths) goes to the S3 API, which
 * renders its own failures as S3 XML. Any other failure is rendered once, here, in Swift's dialect. Every request
 * is counted into the metrics when its answer is sent.
 */
public final class GatewayHandler implements Handler<HttpServerRequest> {
  private final Clock clock;
  private final SwiftApi swift;
  private final S3Api s3;
  private final IdentityProxy identity;
  private final IdentityProxy image;
  private final IdentityProxy compute;
  private final JsonObject info;
  private final GatewayMetrics metrics;

  public GatewayHandler(Clock clock, SwiftApi swift, S3Api s3, IdentityProxy identity, IdentityProxy image,
      IdentityProxy compute, JsonObject info, GatewayMetrics metrics) {
    this.clock = clock;
    this.swift = swift;
    this.s3 = s3;
    this.identity = identity;
    this.image = image;
    this.compute = compute;
    this.info = info;
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpServerRequest request) {
    request.pause();
    measure(request);
    String transId = TransId.next(clock);
    request.response().putHeader("X-Trans-Id", transId).putHeader("X-Openstack-Request-Id", transId);
    Future<Void> done;
    try {
      done = route(request, transId);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(ar -> {
      if (ar.failed()) SwiftErrors.send(request, ar.cause(), transId);
      finishReading(request);
    });
  }

  /** Counts the request into the metrics once its answer is sent, or its connection lost (then as 499). */
  private void measure(HttpServerRequest request) {
    long start = System.nanoTime();
    boolean[] counted = {false};
    Runnable count = () -> {
      if (counted[0]) return;
      counted[0] = true;
      int status = request.response().ended() ? request.response().getStatusCode() : 499;
      metrics.request(request.method().name(), status, System.nanoTime() - start, request.bytesRead(),
          request.response().bytesWritten());
    };
    request.response().endHandler(v -> count.run());
    request.response().closeHandler(v -> count.run());
  }

  /** Reads away whatever of the request nobody read, so the connection can carry the next one. */
  static void finishReading(HttpServerRequest request) {
    if (!request.isEnded()) {
      request.handler(b -> { });
      request.resume();
    }
  }

  private Future<Void> route(HttpServerRequest request, String transId) {
    String path = request.path();
    if (S3Auth.isS3(request)) return s3.handle(request, transId);
    if (path.startsWith("/v1/") || path.equals("/v1") || path.startsWith("/v1.0/")) {
      // Decoding a malformed escape (?marker=%zz) would throw deep inside; it is the client's error.
      if (!Escapes.wellFormed(request.uri())) return Future.failedFuture(StratusException.badRequest(Escapes.MESSAGE));
      return swift.handle(request, transId);
    }
    if (path.equals("/auth/v1.0") || path.startsWith("/auth/") || path.equals(IdentityProxy.PREFIX)
        || path.startsWith(IdentityProxy.PREFIX + "/")) {
      return identity.handle(request, transId);
    }
    if (path.equals(IdentityProxy.IMAGE_PREFIX) || path.startsWith(IdentityProxy.IMAGE_PREFIX + "/")) {
      return image.handle(request, transId);
    }
    if (path.equals(IdentityProxy.COMPUTE_PREFIX) || path.startsWith(IdentityProxy.COMPUTE_PREFIX + "/")) {
      return compute.handle(request, transId);
    }
    if (path.equals("/healthcheck")) return plain(request, "OK", "text/plain");
    if (path.equals("/info")) return plain(request, info.encode(), "application/json; charset=UTF-8");
    if (path.equals("/metrics")) return plain(request, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
    if (S3Api.isFormPost(request)) return s3.handleFormPost(request, transId);
    if (S3Api.isPreflight(request)) return s3.handlePreflight(request, transId);
    return Future.failedFuture(StratusException.notFound("No such endpoint."));
  }

  private static Future<Void> plain(HttpServerRequest request, String body, String type) {
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      return Future.failedFuture(new StratusException(io.stratus.common.error.ErrorCode.METHOD_NOT_ALLOWED, "Method Not Allowed"));
    }
    request.resume();
    request.response().putHeader("Content-Type", type);
    if (request.method() == HttpMethod.HEAD) {
      return request.response().putHeader("Content-Length", Integer.toString(body.length())).end();
    }
    return request.response().end(body);
  }
}
