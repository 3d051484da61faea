package io.stratus.gateway.swift;

import io.stratus.common.error.StratusException;
import io.stratus.common.http.Escapes;
import io.stratus.gateway.proxy.BackendPath;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Swift's DLO middleware for GET and HEAD of a manifest (X-Object-Manifest: container/prefix): list
 * the segments (one listing page, up to 10000) and answer them as one object whose ETag is the
 * quoted MD5 of their ETags, with conditionals and a single Range over the whole.
 */
final class DynamicLargeObject {
  private final SwiftProxy proxy;
  private final LargeObjectSegments segments;

  DynamicLargeObject(SwiftProxy proxy, LargeObjectSegments segments) {
    this.proxy = proxy;
    this.segments = segments;
  }

  /**
   * Swift's check of an X-Object-Manifest a write sets: container/prefix, both non-empty, the prefix
   * not starting with '/', no '?' or '&', and (beyond Swift) every %-escape well-formed, so that a
   * stored manifest can always be read. Throws 400 otherwise; null (no manifest) passes.
   */
  static void check(String manifest) {
    if (manifest == null) return;
    int slash = manifest.indexOf('/');
    if (slash <= 0 || slash == manifest.length() - 1 || manifest.charAt(slash + 1) == '/' || manifest.indexOf('?') >= 0
        || manifest.indexOf('&') >= 0 || !Escapes.wellFormed(manifest)) {
      throw badManifest();
    }
  }

  private static StratusException badManifest() {
    return StratusException.badRequest("X-Object-Manifest must be in the format container/prefix");
  }

  /** The whole object a manifest of {@code account} stands for, as {@code request} asks for it. */
  Future<ObjectBody> open(SwiftRequest r, String account, MultiMap stored, String manifest, MultiMap request) {
    // Manifests stored before writes were checked may not decode: 400, as for any bad manifest.
    if (!Escapes.wellFormed(manifest)) return Future.failedFuture(badManifest());
    String decoded = URLDecoder.decode(manifest.replace("+", "%2B"), StandardCharsets.UTF_8);
    int slash = decoded.indexOf('/');
    if (slash <= 0) return Future.failedFuture(badManifest());
    String container = decoded.substring(0, slash);
    String prefix = decoded.substring(slash + 1);
    return list(r, account, container, prefix).map(list -> {
      String etag = LargeObjectSegments.md5(list.stream().map(LargeObjectSegments.Segment::etag).toList());
      return segments.answer(r, account, stored, request, etag, LargeObjectSegments.total(list), list);
    });
  }

  private Future<List<LargeObjectSegments.Segment>> list(SwiftRequest r, String account, String container, String prefix) {
    String query = "format=json&prefix=" + BackendPath.quote(prefix).replace("/", "%2F");
    return proxy.read(proxy.containerRing(), HttpMethod.GET, account, container, null, query, proxy.headers(r))
        .compose(result -> {
          HttpClientResponse resp = result.response();
          if (resp == null) return Future.succeededFuture(List.<LargeObjectSegments.Segment>of());
          return resp.body().map(body -> {
            List<LargeObjectSegments.Segment> out = new ArrayList<>();
            if (resp.statusCode() != 200) return out;
            JsonArray rows = new JsonArray(body);
            for (int i = 0; i < rows.size(); i++) {
              JsonObject row = rows.getJsonObject(i);
              if (!row.containsKey("name")) continue;
              long bytes = row.getLong("bytes");
              out.add(new LargeObjectSegments.Segment(container, row.getString("name"), bytes, row.getString("hash"), 0, bytes));
            }
            return out;
          });
        });
  }
}
