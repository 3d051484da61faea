package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.http.Headers;
import io.stratus.gateway.proxy.Backend;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Swift's SLO middleware for reading and deleting (the manifest PUT is {@link SloManifestPut}): a
 * GET or HEAD of a manifest (X-Static-Large-Object: True) answers the concatenated segments, length
 * and ETag from the manifest's sysmeta, conditionals and a single Range over the whole;
 * {@code ?multipart-manifest=get} answers the stored manifest ({@code &format=raw}: as it was PUT);
 * {@code DELETE ?multipart-manifest=delete} deletes the segments, then the manifest.
 */
final class StaticLargeObject {
  static final String SYSMETA_ETAG = "X-Object-Sysmeta-Slo-Etag";
  static final String SYSMETA_SIZE = "X-Object-Sysmeta-Slo-Size";
  /** Swift's max_manifest_size. */
  static final int MAX_MANIFEST_SIZE = 8 * 1024 * 1024;

  private final SwiftProxy proxy;
  private final LargeObjectSegments segments;
  private final ObjectWriteHandler writes;

  StaticLargeObject(SwiftProxy proxy, LargeObjectSegments segments, ObjectWriteHandler writes) {
    this.proxy = proxy;
    this.segments = segments;
    this.writes = writes;
  }

  static boolean isSlo(MultiMap stored) {
    String v = stored.get("X-Static-Large-Object");
    return v != null && (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on"));
  }

  /** The whole object of a manifest response (unread for a GET), as {@code request} asks for it. */
  Future<ObjectBody> open(SwiftRequest r, String account, HttpClientResponse resp, MultiMap request, boolean head) {
    MultiMap stored = MultiMap.caseInsensitiveMultiMap().addAll(resp.headers());
    if (head) {
      resp.resume();
      long size = parseSize(stored.get(SYSMETA_SIZE));
      String etag = stored.get(SYSMETA_ETAG);
      if (size < 0 || etag == null) return Future.failedFuture(internal("the manifest has no size or ETag"));
      return Future.succeededFuture(segments.answer(r, account, stored, request, etag, size, null));
    }
    return manifest(resp).map(rows -> {
      List<LargeObjectSegments.Segment> list = segmentsOf(rows);
      String etag = stored.get(SYSMETA_ETAG);
      if (etag == null) etag = etagOf(rows);
      return segments.answer(r, account, stored, request, etag, LargeObjectSegments.total(list), list);
    });
  }

  /** The stored manifest of a GET response: as stored, or with {@code format=raw} as a client PUTs it. */
  Future<ObjectBody> manifestGet(HttpClientResponse resp, boolean raw) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    Headers.toClient(resp.headers(), headers);
    headers.set("Content-Type", "application/json; charset=utf-8");
    return manifest(resp).map(rows -> {
      Buffer body = raw ? Buffer.buffer(rawFormat(rows).encode()) : Buffer.buffer(rows.encode());
      if (raw) headers.set("ETag", "\"" + LargeObjectSegments.md5(List.of(body.toString())) + "\"");
      return new ObjectBody(200, headers, body.length(), bufferWriter(body), resp.headers());
    });
  }

  /** Deletes the segments of the manifest at the request's path, then the manifest; Swift's bulk-delete answer. */
  Future<Void> delete(SwiftRequest r) {
    SwiftPath p = r.path();
    MultiMap h = proxy.headers(r);
    return proxy.read(proxy.objectRing(), HttpMethod.GET, p.account(), p.container(), p.object(), null, h).compose(result -> {
      HttpClientResponse resp = result.response();
      if (resp == null || resp.statusCode() != 200) {
        if (resp != null) Backend.discard(resp);
        return BulkReport.send(r.http(), BulkReport.delete().notFound());
      }
      if (!isSlo(resp.headers())) {
        Backend.discard(resp);
        return Future.failedFuture(StratusException.badRequest("Not an SLO manifest"));
      }
      return manifest(resp).compose(rows -> deleteAll(r, rows)).compose(report -> BulkReport.send(r.http(), report));
    });
  }

  private Future<BulkReport> deleteAll(SwiftRequest r, JsonArray rows) {
    BulkReport report = BulkReport.delete();
    Future<Void> chain = Future.succeededFuture();
    for (LargeObjectSegments.Segment s : segmentsOf(rows)) {
      chain = chain.compose(v -> writes.deleteObject(r, r.path().account(), s.container(), s.object())
          .recover(StaticLargeObject::notFoundStatus)
          .map(status -> {
            report.add("/" + s.container() + "/" + s.object(), status);
            return null;
          }));
    }
    SwiftPath p = r.path();
    return chain.compose(v -> writes.deleteObject(r, p.account(), p.container(), p.object()))
        .map(status -> report.add("/" + p.container() + "/" + p.object(), status));
  }

  private static Future<Integer> notFoundStatus(Throwable failure) {
    if (failure instanceof StratusException e && e.code() == ErrorCode.NOT_FOUND) return Future.succeededFuture(404);
    return Future.failedFuture(failure);
  }

  /** Reads a manifest body (bounded by Swift's max_manifest_size) as its JSON rows. */
  static Future<JsonArray> manifest(HttpClientResponse resp) {
    String length = resp.getHeader("Content-Length");
    if (length != null && parseSize(length) > MAX_MANIFEST_SIZE) {
      Backend.discard(resp);
      return Future.failedFuture(internal("the manifest is too large"));
    }
    Future<Buffer> body = resp.body();
    resp.resume();
    return body.map(json -> {
      try {
        return new JsonArray(json);
      } catch (RuntimeException e) {
        throw internal("the manifest is not a JSON list");
      }
    });
  }

  /** The segments a stored manifest lists; nested manifests are refused when they are stored. */
  static List<LargeObjectSegments.Segment> segmentsOf(JsonArray rows) {
    List<LargeObjectSegments.Segment> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      String name = row.getString("name", "");
      if (name.startsWith("/")) name = name.substring(1);
      int slash = name.indexOf('/');
      if (slash <= 0) throw internal("a manifest segment has no container");
      long bytes = row.getLong("bytes");
      long first = 0;
      long last = bytes;
      String range = row.getString("range");
      if (range != null) {
        int dash = range.indexOf('-');
        first = Long.parseLong(range.substring(0, dash));
        last = Long.parseLong(range.substring(dash + 1)) + 1;
      }
      out.add(new LargeObjectSegments.Segment(name.substring(0, slash), name.substring(slash + 1), bytes,
          row.getString("hash"), first, last));
    }
    return out;
  }

  /** Swift's SLO ETag: the MD5 of the segments' ETags, {@code etag:range;} for a ranged segment. */
  static String etagOf(JsonArray rows) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      String range = row.getString("range");
      parts.add(range == null ? row.getString("hash") : row.getString("hash") + ":" + range + ";");
    }
    return LargeObjectSegments.md5(parts);
  }

  private static JsonArray rawFormat(JsonArray rows) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      JsonObject seg = new JsonObject().put("path", row.getString("name")).put("etag", row.getString("hash"))
          .put("size_bytes", row.getLong("bytes"));
      if (row.getString("range") != null) seg.put("range", row.getString("range"));
      out.add(seg);
    }
    return out;
  }

  static ObjectBody.Writer bufferWriter(Buffer body) {
    return new ObjectBody.Writer() {
      @Override
      public Future<Void> writeTo(io.vertx.core.streams.WriteStream<Buffer> out) {
        return out.write(body);
      }

      @Override
      public void discard() {
        // held in memory: nothing to close
      }
    };
  }

  static long parseSize(String value) {
    try {
      return value == null ? -1 : Long.parseLong(value.trim().toLowerCase(Locale.ROOT));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static StratusException internal(String why) {
    return new StratusException(ErrorCode.INTERNAL, "Static large object: " + why + ".");
  }
}
