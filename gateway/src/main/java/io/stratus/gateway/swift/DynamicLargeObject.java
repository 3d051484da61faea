package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.http.Headers;
import io.stratus.gateway.proxy.ReadResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Swift's DLO middleware for GET and HEAD of a manifest (X-Object-Manifest: container/prefix): list
 * the segments (one listing page, up to 10000), answer their total length and the MD5 of their
 * ETags, then stream the segments one after another with back-pressure. Ranges of a DLO are not
 * served yet: the whole object is sent.
 */
final class DynamicLargeObject {
  private final SwiftProxy proxy;
  private ObjectReadHandler reads;

  DynamicLargeObject(SwiftProxy proxy) {
    this.proxy = proxy;
  }

  void reads(ObjectReadHandler objectReads) {
    this.reads = objectReads;
  }

  /** A segment of the manifest, from the container listing. */
  private record Segment(String name, long bytes, String hash) {
  }

  Future<Void> serve(SwiftRequest r, MultiMap manifestHeaders, String manifest) {
    String decoded = URLDecoder.decode(manifest.replace("+", "%2B"), StandardCharsets.UTF_8);
    int slash = decoded.indexOf('/');
    if (slash <= 0) return Future.failedFuture(StratusException.badRequest("X-Object-Manifest must be container/prefix"));
    String container = decoded.substring(0, slash);
    String prefix = decoded.substring(slash + 1);
    return list(r, container, prefix).compose(segments -> send(r, manifestHeaders, container, segments));
  }

  private Future<java.util.List<Segment>> list(SwiftRequest r, String container, String prefix) {
    String query = "format=json&prefix=" + io.stratus.gateway.proxy.BackendPath.quote(prefix).replace("/", "%2F");
    return proxy.read(proxy.containerRing(), HttpMethod.GET, r.path().account(), container, null, query, proxy.headers(r))
        .compose(result -> {
          HttpClientResponse resp = result.response();
          if (resp == null) return Future.succeededFuture(java.util.List.<Segment>of());
          return resp.body().map(body -> {
            if (resp.statusCode() != 200) return java.util.List.<Segment>of();
            JsonArray rows = new JsonArray(body);
            java.util.List<Segment> out = new java.util.ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
              JsonObject row = rows.getJsonObject(i);
              if (row.containsKey("name")) out.add(new Segment(row.getString("name"), row.getLong("bytes"), row.getString("hash")));
            }
            return out;
          });
        });
  }

  private Future<Void> send(SwiftRequest r, MultiMap manifestHeaders, String container, java.util.List<Segment> segments) {
    HttpServerResponse out = r.http().response().setStatusCode(200);
    Headers.toClient(manifestHeaders, out.headers());
    long total = segments.stream().mapToLong(Segment::bytes).sum();
    out.headers().remove("Content-Range").remove("ETag");
    out.putHeader("ETag", "\"" + etag(segments) + "\"");
    out.putHeader("Content-Length", Long.toString(total));
    if (r.http().method() == HttpMethod.HEAD) return out.end();
    Future<Void> chain = Future.succeededFuture();
    for (Segment s : segments) chain = chain.compose(v -> copySegment(r, container, s, out));
    return chain.compose(v -> out.end());
  }

  private Future<Void> copySegment(SwiftRequest r, String container, Segment segment, HttpServerResponse out) {
    return reads.fetch(r, container, segment.name(), MultiMap.caseInsensitiveMultiMap()).compose((ReadResult result) -> {
      HttpClientResponse resp = result.response();
      if (resp == null || resp.statusCode() != 200) {
        if (resp != null) io.stratus.gateway.proxy.Backend.discard(resp);
        return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE, "Segment " + segment.name() + " is missing."));
      }
      return resp.pipe().endOnComplete(false).to(out);
    });
  }

  private static String etag(java.util.List<Segment> segments) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      for (Segment s : segments) md5.update(s.hash().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md5.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
  }
}
