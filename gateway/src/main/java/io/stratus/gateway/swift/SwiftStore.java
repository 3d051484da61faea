package io.stratus.gateway.swift;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.proxy.Quorum;
import io.stratus.ring.Ring;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Swift machinery as another API (S3) uses it in-process: account and container listings,
 * container writes with sysmeta, object reads (large objects served whole, Range applied), replicated
 * object writes from any body with back-pressure, object POSTs and DELETEs (versioned containers
 * honoured) and SLO manifests written from known segments. Every call names its account; the
 * caller has authorized it. Answers are Swift statuses; the caller renders them in its dialect.
 */
public final class SwiftStore {
  private final SwiftProxy proxy;
  private final ObjectReadHandler reads;
  private final ObjectPutHandler puts;
  private final ObjectWriteHandler writes;
  private final ObjectVersioning versioning;
  private final ContainerHandler containers;

  SwiftStore(SwiftProxy proxy, ObjectReadHandler reads, ObjectPutHandler puts, ObjectWriteHandler writes,
      ObjectVersioning versioning, ContainerHandler containers) {
    this.proxy = proxy;
    this.reads = reads;
    this.puts = puts;
    this.writes = writes;
    this.versioning = versioning;
    this.containers = containers;
  }

  /** A listing's answer: the Swift status, the account's or container's headers and the JSON rows (empty unless 200). */
  public record Listing(int status, MultiMap headers, JsonArray rows) {
  }

  /**
   * A write's answer: the quorum's status (202: superseded by a newer write, the ETag then the body's MD5) and
   * the ETag (unquoted) and Last-Modified the replicas agree on.
   */
  public record Written(int status, String etag, String lastModified) {
  }

  /** A segment of a manifest: an object of {@code bytes} bytes with its ETag, type and listing timestamp. */
  public record Segment(String container, String object, long bytes, String etag, String contentType, String lastModified) {
  }

  /** The context of calls on an account for one client request: who asks, under which trans id. */
  public static SwiftRequest context(HttpServerRequest http, String transId, String account, AuthContext caller) {
    return new SwiftRequest(http, transId, new SwiftPath("v1", account, null, null), caller);
  }

  public long maxFileSize() {
    return proxy.constraints().maxFileSize();
  }

  private static SwiftRequest at(SwiftRequest r, String container, String object) {
    return new SwiftRequest(r.http(), r.transId(), new SwiftPath("v1", r.path().account(), container, object), r.caller());
  }

  /** The account's containers ({@code query} without format); an account not created yet lists as empty. */
  public Future<Listing> listAccount(SwiftRequest r, String query) {
    Ring ring = proxy.accountRing();
    return listing(ring, r, null, query).map(l -> l.status() == 404 && proxy.accountAutocreate()
        ? new Listing(204, l.headers(), new JsonArray()) : l);
  }

  /** A container's objects ({@code query} without format: prefix, delimiter, marker, limit ...). */
  public Future<Listing> listContainer(SwiftRequest r, String container, String query) {
    return listing(proxy.containerRing(), r, container, query);
  }

  /** A container's status and stored headers (sysmeta included) from a HEAD. */
  public Future<Listing> headContainer(SwiftRequest r, String container) {
    Ring ring = proxy.containerRing();
    String account = r.path().account();
    return proxy.read(ring, HttpMethod.HEAD, account, container, null, null, proxy.headers(r)).compose(result -> {
      HttpClientResponse resp = result.response();
      if (resp == null) {
        int status = Quorum.best(result.statuses(), ring.replicaCount());
        return Future.succeededFuture(new Listing(status, MultiMap.caseInsensitiveMultiMap(), new JsonArray()));
      }
      return resp.body().map(b -> new Listing(resp.statusCode(), resp.headers(), new JsonArray()));
    });
  }

  private Future<Listing> listing(Ring ring, SwiftRequest r, String container, String query) {
    String account = r.path().account();
    String q = "format=json" + (query == null || query.isEmpty() ? "" : "&" + query);
    return proxy.read(ring, HttpMethod.GET, account, container, null, q, proxy.headers(r)).compose(result -> {
      HttpClientResponse resp = result.response();
      if (resp == null) {
        int status = Quorum.best(result.statuses(), ring.replicaCount());
        return Future.succeededFuture(new Listing(status, MultiMap.caseInsensitiveMultiMap(), new JsonArray()));
      }
      return resp.body().map(b -> {
        JsonArray rows = resp.statusCode() == 200 && b.length() > 0 ? new JsonArray(b) : new JsonArray();
        return new Listing(resp.statusCode(), resp.headers(), rows);
      });
    });
  }

  /**
   * A container PUT, POST or DELETE with Swift metadata headers {@code client} (X-Container-Meta-*,
   * X-Container-Read, X-History-Location ...) and {@code sysmeta} (X-Container-Sysmeta-*): the quorum status
   * (PUT: 201 created, 202 existed; DELETE: 409 not empty).
   */
  public Future<Integer> writeContainer(SwiftRequest r, HttpMethod method, String container, MultiMap client,
      MultiMap sysmeta) {
    return containers.write(at(r, container, null), method, r.path().account(), container, client, sysmeta);
  }

  /**
   * A GET or HEAD of an object as {@code request} asks (Range, conditionals), large objects whole; with
   * {@code manifest} an SLO manifest itself. The body is unread: write or discard it.
   */
  public Future<ObjectBody> openObject(SwiftRequest r, String container, String object, MultiMap request, HttpMethod method,
      boolean manifest) {
    return reads.open(r, r.path().account(), container, object, request, method, manifest ? "get" : null, null);
  }

  /**
   * Stores an object of {@code length} bytes (-1: unknown) that {@code body} writes (with back-pressure, not
   * ending the stream) on its replicas: Swift-style {@code client} headers (X-Object-Meta-*, Content-Type, the
   * allowed headers, ETag to have the MD5 checked: 422) and {@code sysmeta} (X-Object-Sysmeta-*, X-Static-Large-Object). 404 fails when the container is
   * missing; in a versioned container the current version is archived first.
   */
  public Future<Written> putObject(SwiftRequest r, String container, String object, long length, MultiMap client,
      MultiMap sysmeta, Function<WriteStream<Buffer>, Future<Void>> body) {
    SwiftRequest target = at(r, container, object);
    MultiMap h = puts.backendHeaders(target, client);
    sysmeta.forEach(e -> {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith("x-object-sysmeta-") || k.equals("x-static-large-object")) h.set(e.getKey(), e.getValue());
    });
    ObjectPutHandler.Upload upload = new ObjectPutHandler.Upload(r.path().account(), container, object, length, h);
    return proxy.requireContainer(target)
        .compose(v -> versioning.beforeOverwrite(target))
        .compose(v -> puts.store(target, upload, body))
        .map(s -> new Written(s.status(), ObjectBody.unquote(s.etag()), s.lastModified()));
  }

  /**
   * Replaces an object's metadata by a POST: {@code headers} is the whole new set (X-Object-Meta-*, Content-Type
   * and the allowed headers, X-Static-Large-Object kept by the caller); sysmeta stays. The quorum status, 202 when
   * a newer write superseded it.
   */
  public Future<Integer> postObject(SwiftRequest r, String container, String object, MultiMap headers) {
    String ts = SwiftTimestamp.now(proxy.clock());
    MultiMap h = proxy.headers(r).add("X-Timestamp", ts);
    headers.forEach(e -> {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith("x-object-meta-") || ObjectPutHandler.ALLOWED.contains(k) || k.equals("content-type")
          || k.equals("x-static-large-object") || k.equals("x-delete-at")) {
        h.add(e.getKey(), e.getValue());
      }
    });
    Ring ring = proxy.objectRing();
    return proxy.requireContainer(at(r, container, object))
        .compose(v -> proxy.write(ring, HttpMethod.POST, r.path().account(), container, object, (slot, node) -> h))
        .map(replies -> writes.status(replies, ts, 202));
  }

  /**
   * Deletes an object; in a versioned container the way versioning wants (history: archived, a delete marker
   * left). The quorum status (404: there was none; 204 too when a newer write superseded it: the last writer
   * wins); fails with 404 when the container is missing.
   */
  public Future<Integer> deleteObject(SwiftRequest r, String container, String object) {
    SwiftRequest target = at(r, container, object);
    return proxy.requireContainer(target)
        .compose(v -> versioning.delete(target))
        .compose(status -> status != null ? Future.succeededFuture(status)
            : writes.deleteObject(target, r.path().account(), container, object, 204));
  }

  /** Deletes an object as it is, versioning aside (segments, upload markers): the quorum status (204 when superseded). */
  public Future<Integer> deleteVersionless(SwiftRequest r, String container, String object) {
    return writes.deleteObject(at(r, container, object), r.path().account(), container, object, 204);
  }

  /**
   * Deletes an object where only the delete that removed it may count as done (a claim): a DELETE refused for a newer
   * write answers the replicas' 409 rather than being taken for superseded.
   */
  public Future<Integer> deleteToClaim(SwiftRequest r, String container, String object) {
    return writes.deleteObject(at(r, container, object), r.path().account(), container, object, 0);
  }

  /** Whether the container keeps versions (X-Versions-Location or X-History-Location). */
  public Future<Boolean> versioned(SwiftRequest r, String container) {
    SwiftRequest target = at(r, container, null);
    return versioning.mode(target, target.path()).map(mode -> mode != null);
  }

  /**
   * Writes an SLO manifest of {@code segments} (in order, all of them whole) with Swift-style {@code client}
   * headers and {@code sysmeta}: a GET of the object then streams the segments. The manifest's Swift ETag is
   * the SLO ETag (MD5 of the segments' ETags).
   */
  public Future<Written> putManifest(SwiftRequest r, String container, String object, List<Segment> segments,
      MultiMap client, MultiMap sysmeta) {
    JsonArray rows = new JsonArray();
    long total = 0;
    for (Segment s : segments) {
      rows.add(new JsonObject().put("name", "/" + s.container() + "/" + s.object()).put("bytes", s.bytes())
          .put("hash", s.etag()).put("content_type", s.contentType()).put("last_modified", s.lastModified()));
      total += s.bytes();
    }
    Buffer json = Buffer.buffer(rows.encode());
    MultiMap all = MultiMap.caseInsensitiveMultiMap().addAll(sysmeta).set("X-Static-Large-Object", "True")
        .set(StaticLargeObject.SYSMETA_ETAG, StaticLargeObject.etagOf(rows))
        .set(StaticLargeObject.SYSMETA_SIZE, Long.toString(total));
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(client).remove("ETag");
    return putObject(r, container, object, json.length(), headers, all, out -> out.write(json)).map(w -> {
      if (w.status() / 100 != 2) return w;
      return new Written(w.status(), StaticLargeObject.etagOf(rows), w.lastModified());
    });
  }

  /** The segments an SLO manifest lists (from a GET of it with {@code manifest}); fails unless it is one. */
  public static Future<List<Segment>> segments(ObjectBody manifest) {
    if (!StaticLargeObject.isSlo(manifest.stored())) {
      manifest.body().discard();
      return Future.failedFuture(new StratusException(ErrorCode.CONFLICT, "Not a static large object."));
    }
    Buffer json = Buffer.buffer();
    WriteStream<Buffer> collect = new CollectingStream(json, StaticLargeObject.MAX_MANIFEST_SIZE);
    return manifest.body().writeTo(collect).map(v -> StaticLargeObject.segmentsOf(new JsonArray(json)).stream()
        .map(s -> new Segment(s.container(), s.object(), s.size(), s.etag(), null, null)).toList());
  }

  /** Whether stored object headers are those of an SLO manifest. */
  public static boolean isManifest(MultiMap stored) {
    return StaticLargeObject.isSlo(stored);
  }
}
