package io.stratus.objectserver.http;

import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.store.ObjectKey;
import io.stratus.objectserver.store.ObjectMeta;
import io.stratus.objectserver.swift.Timestamp;
import io.stratus.objectserver.updater.NodeList;
import io.stratus.objectserver.updater.Within;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Object DELETE (a tombstone; 204, or 404 when there was nothing live, 409 when a newer live object is kept; then
 * the container update) and POST (replaces metadata and X-Delete-At; 202). A replicated POST
 * (X-Backend-Replication) sets the sender's metadata as it is, sysmeta included, even on an expired
 * object.
 */
final class ObjectWriteHandler {
  private final NodeContext ctx;
  private final ObjectReadHandler reads;

  ObjectWriteHandler(NodeContext ctx, ObjectReadHandler reads) {
    this.ctx = ctx;
    this.reads = reads;
  }

  Future<Reply> delete(HttpServerRequest request, RequestPath path, DeviceStore device) {
    MultiMap h = request.headers();
    Timestamp ts = Timestamp.required(h.get("X-Timestamp"));
    NodeList containers = NodeList.parse(h.get("X-Container-Host"), h.get("X-Container-Device"), h.get("X-Container-Partition"));
    ObjectKey key = key(path);
    return device.objects().delete(key, ts).compose(outcome -> {
      ObjectMeta previous = outcome.previous();
      boolean wasLive = previous != null && !previous.deleted() && !previous.expired(ctx.nowSeconds());
      if (!outcome.applied()) {
        // As Swift's object server: only a newer live object conflicts; over a newer tombstone the object is not found.
        if (wasLive) return Future.succeededFuture(ObjectPutHandler.conflict(previous));
        return Future.succeededFuture(Reply.of(404).header("X-Backend-Timestamp", previous.dataTimestamp().internal()));
      }
      Future<Void> sent = ctx.containerUpdates().send(device.pendings(), containers, key, ts, "DELETE", Map.of());
      return Within.wait(ctx.vertx(), sent, ctx.updateTimeout())
          .map(v -> Reply.of(wasLive ? 204 : 404).header("X-Backend-Timestamp", ts.internal()));
    });
  }

  Future<Reply> post(HttpServerRequest request, RequestPath path, DeviceStore device) {
    MultiMap h = request.headers();
    Timestamp ts = Timestamp.required(h.get("X-Timestamp"));
    boolean replicated = ObjectHeaders.replicated(h);
    long deleteAt = replicated ? ObjectHeaders.storedDeleteAt(h.get("X-Delete-At"))
        : ObjectHeaders.deleteAt(h.get("X-Delete-At"), ctx.nowSeconds());
    UnaryOperator<Map<String, String>> headers = replicated ? current -> ObjectHeaders.forPut(h)
        : current -> ObjectHeaders.forPost(current, h);
    ObjectKey key = key(path);
    return device.objects().head(key).compose(meta -> {
      Reply missing = replicated ? (meta == null || meta.deleted() ? Reply.of(404).text("Not Found") : null) : reads.missing(meta);
      if (missing != null) return Future.succeededFuture(missing);
      return device.objects().post(key, ts, headers, deleteAt).map(outcome -> {
        if (outcome.applied()) return Reply.of(202).text("Accepted");
        Reply gone = reads.missing(outcome.previous());
        if (gone != null) return gone;
        return Reply.of(409).header("X-Backend-Timestamp", outcome.previous().timestamp().internal()).text("Conflict");
      });
    });
  }

  private ObjectKey key(RequestPath path) {
    return ObjectKey.of(ctx.hasher(), path.partition(), path.account(), path.container(), path.object());
  }
}
