package io.stratus.gateway.swift;

import io.stratus.gateway.http.Headers;
import io.stratus.gateway.proxy.Backend;
import io.stratus.gateway.proxy.LocalBody;
import io.stratus.gateway.proxy.Quorum;
import io.stratus.gateway.proxy.ReadResult;
import io.stratus.gateway.proxy.ReplicaRead;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;

/**
 * Object GET and HEAD: ask the replicas in order, failing over before the first byte (connect
 * error, timeout, 5xx, 404) and after it (a Range for the rest from the next replica, see
 * {@link ReplicaRead}), or with X-Newest all of them for the newest copy; then answer the first
 * good answer with the conditionals (If-Match, If-None-Match, If-(Un)Modified-Since) evaluated here,
 * the Range served by the storage node. Manifests of large objects are answered whole by
 * {@link StaticLargeObject} and {@link DynamicLargeObject} unless {@code multipart-manifest=get}.
 * {@link #open} gives the same answer unsent, for a copy to write into a PUT. A whole GET asks the
 * nodes for a {@link LocalBody}: one on this machine may name the file of a plain body, which is then
 * sent from here.
 */
final class ObjectReadHandler {
  private final SwiftProxy proxy;
  private DynamicLargeObject dlo;
  private StaticLargeObject slo;

  ObjectReadHandler(SwiftProxy proxy) {
    this.proxy = proxy;
  }

  void largeObjects(DynamicLargeObject dynamic, StaticLargeObject statics) {
    this.dlo = dynamic;
    this.slo = statics;
  }

  Future<Void> handle(SwiftRequest r) {
    SwiftPath p = r.path();
    return open(r, p.account(), p.container(), p.object(), r.http().headers(), r.http().method(),
        r.http().getParam("multipart-manifest"), r.http().getParam("format"))
        .compose(body -> Responses.send(r.http(), body));
  }

  /** The first good answer for an object, unread, or the failed attempts; X-Newest and Range are taken from {@code request}. */
  Future<ReadResult> fetch(SwiftRequest r, String account, String container, String object, HttpMethod method,
      MultiMap request) {
    return first(proxy.objectRead(method, account, container, object, proxy.headers(r)), request);
  }

  private static Future<ReadResult> first(ReplicaRead read, MultiMap request) {
    String range = request.get("Range");
    return "true".equalsIgnoreCase(request.get("X-Newest")) ? read.readNewest(range) : read.read(range);
  }

  /**
   * The answer to a GET or HEAD of an object as {@code request} asks for it (Range, conditionals,
   * X-Newest), with its body unread; {@code manifest} is the multipart-manifest parameter.
   */
  Future<ObjectBody> open(SwiftRequest r, String account, String container, String object, MultiMap request,
      HttpMethod method, String manifest, String format) {
    return open(r, account, container, object, request, method, manifest, format,
        method == HttpMethod.GET && request.get("Range") == null);
  }

  /**
   * As {@link #open}; with {@code askLocal}, a node on this machine may name the body file of a plain
   * object for the gateway to send itself ({@link LocalBody}).
   */
  private Future<ObjectBody> open(SwiftRequest r, String account, String container, String object, MultiMap request,
      HttpMethod method, String manifest, String format, boolean askLocal) {
    MultiMap headers = proxy.headers(r);
    if (askLocal) headers.add(LocalBody.ASK, "true");
    ReplicaRead read = proxy.objectRead(method, account, container, object, headers);
    return first(read, request).compose(result -> {
      HttpClientResponse resp = result.response();
      if (resp != null && LocalBody.named(resp)) return local(r, account, container, object, request, manifest, format, resp);
      if (resp == null) {
        int status = Quorum.best(result.statuses(), proxy.objectRing().replicaCount());
        return Future.succeededFuture(ObjectBody.status(status, MultiMap.caseInsensitiveMultiMap()));
      }
      resp.pause();
      boolean head = method == HttpMethod.HEAD;
      boolean ranged = request.get("Range") != null;
      if (resp.statusCode() == 416 && ranged) return unsatisfiable(r, account, container, object, request, method, resp);
      if (resp.statusCode() / 100 != 2) return failure(resp);
      if (StaticLargeObject.isSlo(resp.headers())) {
        if ("get".equals(manifest)) return head ? plain(resp, request, head, read) : slo.manifestGet(resp, "raw".equals(format));
        if (ranged && !head) {
          // The storage node served a range of the manifest; the range is of the whole object.
          drop(resp, false);
          return openWithoutNodeRange(r, account, container, object, request, method);
        }
        return slo.open(r, account, resp, request, head);
      }
      String dloManifest = resp.getHeader("X-Object-Manifest");
      if (dloManifest != null && !"get".equals(manifest)) {
        MultiMap stored = MultiMap.caseInsensitiveMultiMap().addAll(resp.headers());
        drop(resp, head);
        return dlo.open(r, account, stored, dloManifest, request);
      }
      return plain(resp, request, head, read);
    });
  }

  /**
   * A node named the body file of a whole object: a plain object's is opened and sent from here. A
   * manifest, whose body the gateway must read, or a file that is gone (a newer write removed it since
   * the node answered) is asked for again the ordinary way.
   */
  private Future<ObjectBody> local(SwiftRequest r, String account, String container, String object, MultiMap request,
      String manifest, String format, HttpClientResponse resp) {
    if (StaticLargeObject.isSlo(resp.headers()) || resp.getHeader("X-Object-Manifest") != null) {
      resp.resume();
      return open(r, account, container, object, request, HttpMethod.GET, manifest, format, false);
    }
    return LocalBody.open(resp).transform(ar -> ar.succeeded() ? plainLocal(resp, request, ar.result())
        : open(r, account, container, object, request, HttpMethod.GET, manifest, format, false));
  }

  /** A plain object whose body is sent from its file, after the conditionals. */
  private static Future<ObjectBody> plainLocal(HttpClientResponse resp, MultiMap request, LocalBody file) {
    return answer(resp, request, file.length(), new ObjectBody.Writer() {
      @Override
      public Future<Void> writeTo(WriteStream<Buffer> out) {
        return file.writeTo(out);
      }

      @Override
      public Future<Void> sendTo(HttpServerResponse response) {
        return file.sendTo(response);
      }

      @Override
      public void discard() {
        file.close();
      }
    });
  }

  /** The storage node found the range unsatisfiable: right for a plain object, but a manifest's range is of the whole. */
  private Future<ObjectBody> unsatisfiable(SwiftRequest r, String account, String container, String object,
      MultiMap request, HttpMethod method, HttpClientResponse resp) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    Headers.toClient(resp.headers(), headers);
    drop(resp, false);
    return fetch(r, account, container, object, HttpMethod.HEAD, MultiMap.caseInsensitiveMultiMap()).compose(result -> {
      HttpClientResponse h = result.response();
      if (h == null) return Future.succeededFuture(ObjectBody.status(416, headers));
      h.resume();
      boolean manifest = StaticLargeObject.isSlo(h.headers()) || h.getHeader("X-Object-Manifest") != null;
      if (!manifest) return Future.succeededFuture(ObjectBody.status(416, headers));
      return openWithoutNodeRange(r, account, container, object, request, method);
    });
  }

  /** Opens a large object whose Range is applied over the whole, never sent to the manifest's node. */
  private Future<ObjectBody> openWithoutNodeRange(SwiftRequest r, String account, String container, String object,
      MultiMap request, HttpMethod method) {
    MultiMap whole = MultiMap.caseInsensitiveMultiMap().addAll(request).remove("Range");
    return fetch(r, account, container, object, method, whole).compose(result -> {
      HttpClientResponse resp = result.response();
      if (resp == null || resp.statusCode() / 100 != 2) {
        if (resp != null) drop(resp, method == HttpMethod.HEAD);
        return Future.succeededFuture(ObjectBody.status(503, MultiMap.caseInsensitiveMultiMap()));
      }
      resp.pause();
      if (StaticLargeObject.isSlo(resp.headers())) return slo.open(r, account, resp, request, method == HttpMethod.HEAD);
      MultiMap stored = MultiMap.caseInsensitiveMultiMap().addAll(resp.headers());
      drop(resp, method == HttpMethod.HEAD);
      return dlo.open(r, account, stored, stored.get("X-Object-Manifest"), request);
    });
  }

  private static Future<ObjectBody> failure(HttpClientResponse resp) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    Headers.toClient(resp.headers(), headers);
    Future<Buffer> body = resp.body();
    resp.resume();
    return body.otherwise(Buffer.buffer()).map(b -> ObjectBody.status(resp.statusCode(), headers));
  }

  /**
   * A plain object (or a manifest asked for itself): conditionals, then the node's answer streamed
   * through, carried on by {@code read} from another replica should the node fail part way.
   */
  private static Future<ObjectBody> plain(HttpClientResponse resp, MultiMap request, boolean head, ReplicaRead read) {
    long length = StaticLargeObject.parseSize(resp.getHeader("Content-Length"));
    return answer(resp, request, Math.max(0, length), new ObjectBody.Writer() {
      @Override
      public Future<Void> writeTo(WriteStream<Buffer> out) {
        return read.pipe(resp, out);
      }

      @Override
      public void discard() {
        drop(resp, head);
      }
    });
  }

  /** The answer for a plain object of {@code length} bytes: the conditionals' status, or the body. */
  private static Future<ObjectBody> answer(HttpClientResponse resp, MultiMap request, long length, ObjectBody.Writer body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    Headers.toClient(resp.headers(), headers);
    MultiMap stored = MultiMap.caseInsensitiveMultiMap().addAll(resp.headers());
    if (resp.getHeader("Content-Length") != null) {
      headers.set("Content-Length", Long.toString(length));
      stored.set("Content-Length", Long.toString(length));
    }
    int condition = Conditionals.evaluate(request, ObjectBody.unquote(resp.getHeader("ETag")), resp.getHeader("Last-Modified"));
    if (condition != Conditionals.PROCEED) {
      body.discard();
      return Future.succeededFuture(ObjectBody.status(condition, headers));
    }
    return Future.succeededFuture(new ObjectBody(resp.statusCode(), headers, length, body, stored));
  }

  /** Lets go of a response that will not be read: a HEAD's is read to its (empty) end, a GET's is reset. */
  static void drop(HttpClientResponse resp, boolean head) {
    if (head) {
      resp.resume();
    } else {
      Backend.discard(resp);
    }
  }
}
