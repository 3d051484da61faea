package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.http.SwiftErrors;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT ?multipart-manifest=put}, Swift 2.30's SLO manifest upload: the JSON list of segments
 * ({@code path}, optional {@code etag}, {@code size_bytes}, {@code range}) is read (bounded by
 * max_manifest_size), each distinct segment is HEADed (a few at a time) and checked (exists, size and
 * ETag match, range satisfiable, at least 1 byte except the last), and the manifest is stored in
 * Swift's form with X-Static-Large-Object and the SLO ETag and size in sysmeta. Problems answer 400
 * listing each segment, as Swift does. Nested manifests and inline data segments are refused. In a
 * versioned container the object's current version is archived before the manifest replaces it.
 */
final class SloManifestPut {
  static final int MAX_SEGMENTS = 1000;
  private static final int CONCURRENCY = 10;
  private static final DateTimeFormatter LAST_MODIFIED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private final SwiftProxy proxy;
  private final ObjectReadHandler reads;
  private final ObjectPutHandler puts;
  private final ObjectVersioning versioning;

  SloManifestPut(SwiftProxy proxy, ObjectReadHandler reads, ObjectPutHandler puts, ObjectVersioning versioning) {
    this.proxy = proxy;
    this.reads = reads;
    this.puts = puts;
    this.versioning = versioning;
  }

  /** One segment as the client listed it. */
  private record Wanted(String path, String etag, Long size, String range) {
  }

  Future<Void> handle(SwiftRequest r) {
    HttpServerRequest http = r.http();
    proxy.constraints().checkMetadata(http.headers(), "object");
    return proxy.requireContainer(r)
        .compose(v -> readBody(http))
        .compose(body -> validate(r, parse(body)))
        .compose(rows -> rows == null ? Future.succeededFuture() : store(r, rows));
  }

  private static Future<Buffer> readBody(HttpServerRequest http) {
    Long length = null;
    String cl = http.getHeader("Content-Length");
    if (cl != null) length = StaticLargeObject.parseSize(cl);
    if (length != null && length > StaticLargeObject.MAX_MANIFEST_SIZE) {
      return Future.failedFuture(new StratusException(ErrorCode.PAYLOAD_TOO_LARGE,
          "Manifest File > " + StaticLargeObject.MAX_MANIFEST_SIZE + " bytes"));
    }
    Buffer body = Buffer.buffer();
    io.vertx.core.Promise<Buffer> done = io.vertx.core.Promise.promise();
    http.handler(chunk -> {
      if (body.length() + chunk.length() > StaticLargeObject.MAX_MANIFEST_SIZE) {
        done.tryFail(new StratusException(ErrorCode.PAYLOAD_TOO_LARGE, "Manifest File > "
            + StaticLargeObject.MAX_MANIFEST_SIZE + " bytes"));
      } else {
        body.appendBuffer(chunk);
      }
    });
    http.exceptionHandler(done::tryFail);
    http.endHandler(v -> done.tryComplete(body));
    if (http.headers().contains("Expect", "100-continue", true)) http.response().writeContinue();
    http.resume();
    return done.future();
  }

  private static List<Wanted> parse(Buffer body) {
    JsonArray list;
    try {
      list = new JsonArray(body);
    } catch (DecodeException | ClassCastException e) {
      throw StratusException.badRequest("Manifest must be valid JSON.\n");
    }
    if (list.isEmpty()) throw StratusException.badRequest("Manifest must have at least one segment.\n");
    if (list.size() > MAX_SEGMENTS) {
      throw new StratusException(ErrorCode.PAYLOAD_TOO_LARGE, "Number of object-backed segments must be <= " + MAX_SEGMENTS);
    }
    List<Wanted> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject seg)) throw StratusException.badRequest("Index " + i + ": not a JSON object");
      if (seg.containsKey("data")) throw StratusException.badRequest("Index " + i + ": inline data segments are not supported");
      Object path = seg.getValue("path");
      if (!(path instanceof String p) || trim(p).indexOf('/') <= 0 || p.endsWith("/")) {
        throw StratusException.badRequest("Index " + i + ": path does not refer to an object. Path must be of the form "
            + "/container/object.");
      }
      Object size = seg.getValue("size_bytes");
      if (size != null && !(size instanceof Number n && n.longValue() >= 0)) {
        throw StratusException.badRequest("Index " + i + ": invalid size_bytes");
      }
      Object etag = seg.getValue("etag");
      if (etag != null && !(etag instanceof String)) throw StratusException.badRequest("Index " + i + ": invalid etag");
      Object range = seg.getValue("range");
      if (range != null && !(range instanceof String)) throw StratusException.badRequest("Index " + i + ": invalid range");
      if (range != null && ((String) range).indexOf(',') >= 0) {
        throw StratusException.badRequest("Index " + i + ": multiple ranges (only one allowed)");
      }
      out.add(new Wanted((String) path, (String) etag, size == null ? null : ((Number) size).longValue(), (String) range));
    }
    return out;
  }

  /** HEADs the segments and builds the stored rows; null once a 400 listing the problems was sent. */
  private Future<JsonArray> validate(SwiftRequest r, List<Wanted> wanted) {
    Map<String, HeadInfo> heads = new LinkedHashMap<>();
    wanted.forEach(w -> heads.put(trim(w.path()), null));
    List<String> paths = new ArrayList<>(heads.keySet());
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < paths.size(); from += CONCURRENCY) {
      List<String> batch = paths.subList(from, Math.min(paths.size(), from + CONCURRENCY));
      chain = chain.compose(v -> Future.join(batch.stream().map(p -> head(r, p).map(info -> heads.put(p, info))).toList())
          .mapEmpty());
    }
    return chain.compose(v -> {
      List<String[]> problems = new ArrayList<>();
      JsonArray rows = new JsonArray();
      for (int i = 0; i < wanted.size(); i++) {
        JsonObject row = check(wanted.get(i), heads.get(trim(wanted.get(i).path())), i == wanted.size() - 1, problems);
        if (row != null) rows.add(row);
      }
      if (problems.isEmpty()) return Future.succeededFuture(rows);
      return sendProblems(r.http(), problems).map(x -> (JsonArray) null);
    });
  }

  /** What a HEAD of a segment said. */
  private record HeadInfo(int status, long length, String etag, String contentType, String lastModified, boolean slo) {
  }

  private Future<HeadInfo> head(SwiftRequest r, String path) {
    int slash = path.indexOf('/');
    return reads.fetch(r, r.path().account(), path.substring(0, slash), path.substring(slash + 1), HttpMethod.HEAD,
        MultiMap.caseInsensitiveMultiMap()).map(result -> {
          HttpClientResponse resp = result.response();
          if (resp == null) return new HeadInfo(io.stratus.gateway.proxy.Quorum.best(result.statuses(),
              proxy.objectRing().replicaCount()), 0, null, null, null, false);
          resp.resume();
          return new HeadInfo(resp.statusCode(), StaticLargeObject.parseSize(resp.getHeader("Content-Length")),
              ObjectBody.unquote(resp.getHeader("ETag")), resp.getHeader("Content-Type"), resp.getHeader("Last-Modified"),
              StaticLargeObject.isSlo(resp.headers()));
        });
  }

  private static JsonObject check(Wanted w, HeadInfo head, boolean last, List<String[]> problems) {
    String name = quote(trim(w.path()));
    if (head.status() / 100 != 2) {
      problems.add(new String[] {name, head.status() + " " + SwiftErrors.title(head.status())});
      return null;
    }
    int before = problems.size();
    long length = head.length();
    String range = null;
    if (w.range() != null) {
      ByteRange resolved = ByteRange.resolve("bytes=" + w.range(), head.length());
      if (resolved == null || resolved == ByteRange.UNSATISFIABLE) {
        problems.add(new String[] {name, "Unsatisfiable Range"});
      } else if (resolved.start() != 0 || resolved.end() != head.length()) {
        range = resolved.start() + "-" + (resolved.end() - 1);
        length = resolved.length();
      }
    }
    if (length < 1 && !last) problems.add(new String[] {name, "Too small; each segment must be at least 1 byte."});
    if (w.size() != null && w.size() != head.length()) problems.add(new String[] {name, "Size Mismatch"});
    if (w.etag() != null && !w.etag().equals(head.etag())) problems.add(new String[] {name, "Etag Mismatch"});
    if (head.slo()) problems.add(new String[] {name, "Nested static large objects are not supported"});
    if (problems.size() > before) return null;
    Instant modified = Conditionals.date(head.lastModified());
    JsonObject row = new JsonObject().put("name", "/" + trim(w.path())).put("bytes", head.length()).put("hash", head.etag())
        .put("content_type", head.contentType())
        .put("last_modified", LAST_MODIFIED.format(modified == null ? Instant.EPOCH : modified));
    if (range != null) row.put("range", range);
    return row;
  }

  private Future<Void> store(SwiftRequest r, JsonArray rows) {
    String sloEtag = StaticLargeObject.etagOf(rows);
    String clientEtag = ObjectBody.unquote(r.http().getHeader("ETag"));
    if (clientEtag != null && !clientEtag.equals(sloEtag)) return Responses.error(r.http(), 422);
    long total = LargeObjectSegments.total(StaticLargeObject.segmentsOf(rows));
    Buffer json = Buffer.buffer(rows.encode());
    MultiMap clientHeaders = MultiMap.caseInsensitiveMultiMap().addAll(r.http().headers()).remove("ETag");
    MultiMap h = puts.backendHeaders(r, clientHeaders).set("X-Static-Large-Object", "True")
        .set(StaticLargeObject.SYSMETA_ETAG, sloEtag).set(StaticLargeObject.SYSMETA_SIZE, Long.toString(total))
        .set("ETag", LargeObjectSegments.md5(List.of(json.toString())));
    SwiftPath p = r.path();
    ObjectPutHandler.Upload upload = new ObjectPutHandler.Upload(p.account(), p.container(), p.object(), json.length(), h);
    return versioning.beforeOverwrite(r)
        .compose(v -> puts.store(r, upload, out -> out.write(json)))
        .compose(stored -> created(r, stored, sloEtag));
  }

  /** 201 with the SLO's ETag (the MD5 of its segments' ETags), 202 when superseded, or the quorum's error. */
  private static Future<Void> created(SwiftRequest r, ObjectPutHandler.Stored stored, String sloEtag) {
    if (stored.status() / 100 != 2 || stored.status() == 202) return ObjectPutHandler.answer(r, stored);
    return Responses.status(r.http(), 201, ObjectPutHandler.created(new ObjectPutHandler.Stored(stored.status(),
        "\"" + sloEtag + "\"", stored.lastModified())));
  }

  private static Future<Void> sendProblems(HttpServerRequest http, List<String[]> problems) {
    StringBuilder body = new StringBuilder("Errors:\n");
    problems.forEach(p -> body.append(p[0]).append(", ").append(p[1]).append('\n'));
    return http.response().setStatusCode(400).setStatusMessage("Bad Request")
        .putHeader("Content-Type", "text/plain; charset=utf-8").end(body.toString());
  }

  private static String trim(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }

  private static String quote(String path) {
    return "/" + URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
  }
}
