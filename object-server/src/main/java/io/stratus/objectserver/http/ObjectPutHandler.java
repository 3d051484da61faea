package io.stratus.objectserver.http;

import io.stratus.common.error.StratusException;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.store.ObjectKey;
import io.stratus.objectserver.store.ObjectMeta;
import io.stratus.objectserver.store.ObjectUpload;
import io.stratus.objectserver.store.WriteOutcome;
import io.stratus.objectserver.swift.ReplicationProtocol;
import io.stratus.objectserver.swift.Timestamp;
import io.stratus.objectserver.updater.NodeList;
import io.stratus.objectserver.updater.Within;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Object PUT: checks the headers and the timestamp, streams the body into chunks, checks length
 * and ETag, commits the row (synced), then sends the container update and answers 201. A write
 * that is not the newest answers 409; a bad ETag 422; a short body 499; nothing of them is kept.
 * A replicated PUT (X-Backend-Replication) keeps the sender's metadata timestamp and X-Delete-At.
 * A gateway's PUT may carry the body's sums in a footer ({@link BodyFooter}): then the node checks
 * a CRC32C instead of computing the MD5 itself.
 */
final class ObjectPutHandler {
  private final NodeContext ctx;

  ObjectPutHandler(NodeContext ctx) {
    this.ctx = ctx;
  }

  /** A checked PUT: what to store, known before the body is read. */
  private record Put(ObjectKey key, Timestamp ts, Timestamp metaTs, long declaredLength, String expectedEtag,
      String contentType, long deleteAt, Map<String, String> headers, NodeList containers, boolean footer) {
  }

  Future<Reply> handle(HttpServerRequest request, RequestPath path, DeviceStore device, Future<Void> clientGone) {
    MultiMap h = request.headers();
    if (!h.contains("Content-Length") && !h.contains("Transfer-Encoding", "chunked", true)) {
      return Future.succeededFuture(Reply.of(411).text("Length Required"));
    }
    Put put = check(request, path);
    // A body small enough to go inline is cheaper to read than a row lookup first: its commit
    // checks the timestamp anyway (and answers 409 alike).
    boolean small = put.declaredLength() >= 0 && put.declaredLength() <= device.objects().inlineLimit();
    Future<ObjectMeta> existingRow = small ? Future.succeededFuture(null) : device.objects().head(put.key());
    return existingRow.compose(existing -> {
      if (existing != null && !put.ts().isAfter(existing.dataTimestamp())) {
        return Future.succeededFuture(conflict(existing));
      }
      ObjectUpload upload = device.objects().upload(put.key(), put.ts(), put.footer());
      BodyIngest ingest = new BodyIngest(request, upload, clientGone, put.footer() ? BodyFooter.LENGTH : 0);
      return ingest.run().transform(ar -> {
        Reply refused = ar.failed() ? Reply.of(499).text("Client disconnected")
            : verify(put, upload, ar.result(), put.footer() ? ingest.tail() : null);
        if (refused == null) return commit(device, put, upload);
        return ingest.settled().compose(v -> upload.abort()).transform(v -> Future.succeededFuture(refused));
      });
    });
  }

  private Put check(HttpServerRequest request, RequestPath path) {
    MultiMap h = request.headers();
    Timestamp ts = Timestamp.required(h.get("X-Timestamp"));
    long declared = -1;
    String cl = h.get("Content-Length");
    boolean chunked = h.contains("Transfer-Encoding", "chunked", true);
    if (cl != null && !chunked) {
      try {
        declared = Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        throw StratusException.badRequest("Invalid Content-Length");
      }
      if (declared < 0) throw StratusException.badRequest("Invalid Content-Length");
    }
    String footerKind = h.get(BodyFooter.HEADER);
    boolean footer = footerKind != null;
    if (footer && !BodyFooter.KIND.equals(footerKind)) throw StratusException.badRequest("Unknown body footer " + footerKind);
    if (footer && declared >= 0) {
      if (declared < BodyFooter.LENGTH) throw StratusException.badRequest("Content-Length shorter than the body footer");
      declared -= BodyFooter.LENGTH;
    }
    String contentType = h.get("Content-Type");
    if (contentType == null) throw StratusException.badRequest("No content type");
    boolean replicated = ObjectHeaders.replicated(h);
    long deleteAt = replicated ? ObjectHeaders.storedDeleteAt(h.get("X-Delete-At"))
        : ObjectHeaders.deleteAt(h.get("X-Delete-At"), ctx.nowSeconds());
    String meta = h.get(ReplicationProtocol.META_TIMESTAMP_HEADER);
    Timestamp metaTs = replicated && meta != null ? Timestamp.required(meta) : ts;
    NodeList containers = NodeList.parse(h.get("X-Container-Host"), h.get("X-Container-Device"), h.get("X-Container-Partition"));
    ObjectKey key = ObjectKey.of(ctx.hasher(), path.partition(), path.account(), path.container(), path.object());
    return new Put(key, ts, metaTs, declared, ObjectHeaders.etag(h.get("ETag")), contentType, deleteAt, ObjectHeaders.forPut(h),
        containers, footer);
  }

  private static Reply verify(Put put, ObjectUpload upload, long received, byte[] footer) {
    if (put.declaredLength() >= 0 && received != put.declaredLength()) return Reply.of(499).text("Client disconnected");
    if (footer != null) {
      BodyFooter sums = BodyFooter.parse(footer);
      if (sums == null) return Reply.of(499).text("Client disconnected");
      if (!upload.acceptSender(sums.md5(), sums.crc32c())) {
        return Reply.of(422).text("The body does not match the checksum its sender computed");
      }
    }
    if (put.expectedEtag() != null && !put.expectedEtag().equals(upload.etag())) {
      return Reply.of(422).text("The ETag you sent does not match the MD5 of the body");
    }
    return null;
  }

  private Future<Reply> commit(DeviceStore device, Put put, ObjectUpload upload) {
    return upload.commit(put.contentType(), put.headers(), put.deleteAt(), put.metaTs()).compose(outcome -> {
      if (!outcome.applied()) return Future.succeededFuture(conflict(outcome.previous()));
      return containerUpdate(device, put, upload, outcome).map(v -> Reply.of(201)
          .header("ETag", "\"" + upload.etag() + "\"")
          .header("Last-Modified", io.stratus.objectserver.swift.HttpDates.lastModified(put.ts())));
    });
  }

  private Future<Void> containerUpdate(DeviceStore device, Put put, ObjectUpload upload, WriteOutcome outcome) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("X-Size", Long.toString(upload.size()));
    row.put("X-Content-Type", put.contentType());
    row.put("X-Etag", upload.etag());
    Future<Void> sent = ctx.containerUpdates().send(device.pendings(), put.containers(), put.key(), put.ts(), "PUT", row);
    return Within.wait(ctx.vertx(), sent, ctx.updateTimeout());
  }

  static Reply conflict(ObjectMeta existing) {
    return Reply.of(409).header("X-Backend-Timestamp", existing.dataTimestamp().internal()).text("Conflict");
  }
}
