package io.stratus.objectserver.http;

import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.store.ObjectKey;
import io.stratus.objectserver.store.ObjectMeta;
import io.stratus.objectserver.store.ObjectReader;
import io.stratus.objectserver.swift.ByteRanges;
import io.stratus.objectserver.swift.ByteRanges.Span;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Object GET and HEAD: 404 (with X-Backend-Timestamp for a tombstone or an expired object), the
 * object's headers, and for GET the body: whole, one range (206), several ranges as
 * multipart/byteranges (206), or 416 when no range fits.
 */
final class ObjectReadHandler {
  /** Asks for a whole body to be named rather than sent ({@link #localBody}). */
  static final String LOCAL_BODY = "X-Backend-Local-Body";
  /** The absolute path of the body file a local-body answer names. */
  static final String BODY_FILE = "X-Backend-Body-File";
  /** The length of the body a local-body answer names (its Content-Length is 0). */
  static final String BODY_LENGTH = "X-Backend-Body-Length";

  private final NodeContext ctx;
  private final ResponseCounts counts;

  ObjectReadHandler(NodeContext ctx, ResponseCounts counts) {
    this.ctx = ctx;
    this.counts = counts;
  }

  /** A 404 for a missing, deleted or expired object; null if the object can be served. */
  Reply missing(ObjectMeta meta) {
    if (meta == null) return Reply.of(404).text("Not Found");
    if (meta.deleted() || meta.expired(ctx.nowSeconds())) {
      return Reply.of(404).header("X-Backend-Timestamp", meta.timestamp().internal()).text("Not Found");
    }
    return null;
  }

  Future<Reply> head(RequestPath path, DeviceStore device) {
    ObjectKey key = ObjectKey.of(ctx.hasher(), path.partition(), path.account(), path.container(), path.object());
    return device.objects().head(key).map(meta -> {
      Reply missing = missing(meta);
      if (missing != null) return missing;
      Reply reply = Reply.of(200).header("Content-Length", meta.size());
      ObjectHeaders.describe(meta, reply);
      return reply;
    });
  }

  /** Streams the object; the future holds a Reply to send, or null once the body has been sent. */
  Future<Reply> get(HttpServerRequest request, RequestPath path, DeviceStore device) {
    ObjectKey key = ObjectKey.of(ctx.hasher(), path.partition(), path.account(), path.container(), path.object());
    return device.objects().open(key, request.getHeader("Range") == null).compose(reader -> {
      Reply missing = missing(reader.meta());
      if (missing != null) {
        reader.close();
        return Future.succeededFuture(missing);
      }
      return serve(request, reader).onComplete(ar -> reader.close());
    });
  }

  private Future<Reply> serve(HttpServerRequest request, ObjectReader reader) {
    ObjectMeta meta = reader.meta();
    long size = meta.size();
    Reply head = Reply.of(200);
    ObjectHeaders.describe(meta, head);
    ByteRanges ranges = ByteRanges.parse(request.getHeader("Range"));
    List<Span> spans = ranges == null ? null : ranges.resolve(size);
    if (spans != null && spans.isEmpty()) {
      return Future.succeededFuture(Reply.of(416).header("Content-Range", "bytes */" + size)
          .text("<html><h1>Requested Range Not Satisfiable</h1><p>The Range requested is not available.</p></html>"));
    }
    if (spans == null && size > 0) {
      Reply local = localBody(request, reader, head);
      if (local != null) return Future.succeededFuture(local);
    }
    if (spans == null || size == 0) return stream(request, head, 200, reader, List.of(new Span(0, size)), null, size);
    if (spans.size() == 1) {
      Span s = spans.get(0);
      head.header("Content-Range", "bytes " + s.start() + "-" + (s.end() - 1) + "/" + size);
      return stream(request, head, 206, reader, spans, null, size);
    }
    String boundary = String.format("%016x%016x", ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong());
    return stream(request, head, 206, reader, spans, boundary, size);
  }

  /**
   * HDFS's short-circuit read: a caller on this machine (it came in over the node's Unix domain socket)
   * that asks for it gets the path of a whole body that fits one chunk, paged in by the open, to open
   * and send itself with sendfile, instead of the bytes through one more socket. Body files are written
   * once and never changed, so the path names exactly this copy's bytes. Null when not so asked, not
   * local, or the body is not such a file.
   */
  private Reply localBody(HttpServerRequest request, ObjectReader reader, Reply head) {
    if (request.getHeader(LOCAL_BODY) == null || !request.localAddress().isDomainSocket()) return null;
    java.nio.file.Path path = reader.pagedInPath();
    if (path == null) return null;
    counts.recordNamed();
    return head.header(BODY_FILE, path.toString()).header(BODY_LENGTH, reader.meta().size()).header("Content-Length", 0);
  }

  private Future<Reply> stream(HttpServerRequest request, Reply head, int status, ObjectReader reader, List<Span> spans,
      String boundary, long size) {
    HttpServerResponse response = request.response();
    response.setStatusCode(status);
    response.headers().addAll(head.headers());
    String partType = reader.meta().contentType();
    long length = boundary == null ? spans.stream().mapToLong(Span::length).sum()
        : BodySender.multipartLength(spans, boundary, partType, size);
    if (boundary != null) response.putHeader("Content-Type", "multipart/byteranges;boundary=" + boundary);
    response.putHeader("Content-Length", Long.toString(length));
    return new BodySender(response, reader).send(spans, boundary, partType, size)
        .recover(e -> {
          if (!response.ended() && !response.closed()) request.connection().close();
          return Future.succeededFuture();
        })
        .map(v -> null);
  }
}
