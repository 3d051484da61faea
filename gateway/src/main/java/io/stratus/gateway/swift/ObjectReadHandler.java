package io.stratus.gateway.swift;

import io.stratus.gateway.proxy.Quorum;
import io.stratus.gateway.proxy.ReadResult;
import io.stratus.ring.Ring;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * Object GET and HEAD: ask the replicas in order, failing over before the first byte (connect
 * error, timeout, 5xx, 404), and stream the first good answer; Range and conditional headers go
 * through. 404 only when the replicas agree nothing is there, or a tombstone is newer than what was
 * found. A dynamic large object's manifest is served by {@link DynamicLargeObject}.
 */
final class ObjectReadHandler {
  private static final List<String> PASSED = List.of("Range", "If-Match", "If-None-Match", "If-Modified-Since",
      "If-Unmodified-Since");

  private final SwiftProxy proxy;
  private final DynamicLargeObject dlo;

  ObjectReadHandler(SwiftProxy proxy, DynamicLargeObject dlo) {
    this.proxy = proxy;
    this.dlo = dlo;
  }

  Future<Void> handle(SwiftRequest r) {
    SwiftPath p = r.path();
    return fetch(r, p.container(), p.object(), r.http().headers()).compose(result -> respond(r, result));
  }

  /** The first good answer for an object of the request's account, or the failed attempts. */
  Future<ReadResult> fetch(SwiftRequest r, String container, String object, MultiMap clientHeaders) {
    MultiMap h = proxy.headers(r);
    for (String name : PASSED) {
      String v = clientHeaders.get(name);
      if (v != null) h.add(name, v);
    }
    Ring ring = proxy.objectRing();
    return proxy.read(ring, r.http().method(), r.path().account(), container, object, null, h);
  }

  private Future<Void> respond(SwiftRequest r, ReadResult result) {
    HttpServerRequest http = r.http();
    HttpClientResponse resp = result.response();
    if (resp == null) return Responses.error(http, Quorum.best(result.statuses(), proxy.objectRing().replicaCount()));
    String manifest = resp.getHeader("X-Object-Manifest");
    if (manifest != null && resp.statusCode() / 100 == 2 && !"get".equals(http.getParam("multipart-manifest"))) {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(resp.headers());
      if (resp.statusCode() != 200 || !"0".equals(resp.getHeader("Content-Length"))) {
        io.stratus.gateway.proxy.Backend.discard(resp);
        return dlo.serve(r, headers, manifest);
      }
      return resp.body().compose(empty -> dlo.serve(r, headers, manifest));
    }
    return Responses.relay(http, resp);
  }
}
