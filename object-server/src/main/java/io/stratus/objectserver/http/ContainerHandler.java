package io.stratus.objectserver.http;

import io.stratus.objectserver.store.ContainerInfo;
import io.stratus.objectserver.store.ContainerStore;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.swift.HttpDates;
import io.stratus.objectserver.swift.ListingFormat;
import io.stratus.objectserver.swift.ListingQuery;
import io.stratus.objectserver.swift.ObjectRow;
import io.stratus.objectserver.swift.Timestamp;
import io.stratus.objectserver.updater.Within;
import io.stratus.objectserver.updater.RowBatch;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

/**
 * The container server: container PUT, DELETE, POST, HEAD and listing GET, and the object rows
 * object servers send (PUT/DELETE of {@code /dev/part/a/c/o} marked X-Backend-Server-Type:
 * container, or several rows at once in an UPDATE of the container). Stats changes are reported to
 * the account's nodes.
 */
final class ContainerHandler {
  /** Largest UPDATE body read (rows are small: a few hundred bytes each). */
  private static final int MAX_ROWS_BODY = 4 << 20;

  private final NodeContext ctx;

  ContainerHandler(NodeContext ctx) {
    this.ctx = ctx;
  }

  private byte[] hash(RequestPath path) {
    return ctx.hasher().digest(path.account(), path.container(), null);
  }

  Future<Reply> put(HttpServerRequest request, RequestPath path, DeviceStore device) {
    MultiMap h = request.headers();
    Timestamp ts = Timestamp.required(h.get("X-Timestamp"));
    byte[] hash = hash(path);
    return device.containers().put(path.partition(), hash, path.account(), path.container(), ts,
            ListingHeaders.metadata(h, "container"), h.get("X-Account-Host"), h.get("X-Account-Device"),
            h.get("X-Account-Partition"))
        .compose(result -> {
          if (result.outcome() == ContainerStore.Outcome.CONFLICT) return Future.succeededFuture(Reply.of(409).text("Conflict"));
          int status = result.outcome() == ContainerStore.Outcome.CREATED ? 201 : 202;
          return ctx.accountReporter().report(device, path.partition(), hash, result.info())
              .map(accountMissing -> accountMissing ? Reply.of(404).text("Account not found") : Reply.of(status));
        });
  }

  Future<Reply> delete(HttpServerRequest request, RequestPath path, DeviceStore device) {
    Timestamp ts = Timestamp.required(request.getHeader("X-Timestamp"));
    byte[] hash = hash(path);
    return device.containers().delete(path.partition(), hash, ts).compose(result -> switch (result.outcome()) {
      case NOT_FOUND -> Future.succeededFuture(Reply.of(404).text("Not Found"));
      case CONFLICT -> Future.succeededFuture(Reply.of(409).text("Conflict"));
      default -> ctx.accountReporter().report(device, path.partition(), hash, result.info()).map(v -> Reply.of(204));
    });
  }

  Future<Reply> post(HttpServerRequest request, RequestPath path, DeviceStore device) {
    Timestamp ts = Timestamp.required(request.getHeader("X-Timestamp"));
    return device.containers().post(path.partition(), hash(path), ts, ListingHeaders.metadata(request.headers(), "container"))
        .map(info -> info == null ? Reply.of(404).text("Not Found") : Reply.of(204));
  }

  Future<Reply> read(HttpServerRequest request, RequestPath path, DeviceStore device, boolean head) {
    ListingFormat format = ListingFormat.choose(request.getParam("format"), request.getHeader("Accept"));
    ListingQuery query = head ? null : ListingQuery.from(request.params());
    byte[] hash = hash(path);
    return device.containers().info(path.partition(), hash).compose(info -> {
      if (info == null) return Future.succeededFuture(Reply.of(404).text("Not Found"));
      Reply reply = describe(info);
      if (info.deleted()) return Future.succeededFuture(Reply.of(404).headers(reply.headers()).text("Not Found"));
      ListingHeaders.addMetadata(reply, info.metadata());
      if (head) return Future.succeededFuture(Reply.of(204).headers(reply.headers()).header("Content-Type", format.contentType()));
      return device.containers().list(path.partition(), hash, query)
          .map(entries -> ListingHeaders.listing(reply, format, format.container(path.container(), entries)));
    });
  }

  private static Reply describe(ContainerInfo info) {
    Reply r = Reply.of(200)
        .header("X-Backend-Timestamp", info.createdAt().internal())
        .header("X-Backend-PUT-Timestamp", info.putTimestamp().internal())
        .header("X-Backend-DELETE-Timestamp", info.deleteTimestamp().internal())
        .header("X-Backend-Status-Changed-At", info.statusChangedAt().internal())
        .header("X-Backend-Storage-Policy-Index", 0);
    if (!info.deleted()) {
      r.header("X-Container-Object-Count", info.objectCount())
          .header("X-Container-Bytes-Used", info.bytesUsed())
          .header("X-Timestamp", info.createdAt().normal())
          .header("X-PUT-Timestamp", info.putTimestamp().normal())
          .header("Last-Modified", HttpDates.lastModified(info.putTimestamp()));
    }
    return r;
  }

  /** Several object rows at once from an object server ({@link RowBatch#VERB}): 202, or 404 without the container. */
  Future<Reply> rows(HttpServerRequest request, RequestPath path, DeviceStore device) {
    byte[] hash = hash(path);
    long length = ListingHeaders.number(request.headers(), "Content-Length");
    if (length > MAX_ROWS_BODY) return Future.succeededFuture(Reply.of(413).text("Too many rows"));
    return request.body()
        .compose(body -> device.containers().putRows(path.partition(), hash, RowBatch.decode(body)))
        .compose(info -> {
          if (info == null) return Future.succeededFuture(Reply.of(404).text("Not Found"));
          ctx.accountReporter().changed(device, path.partition(), hash);
          return Future.succeededFuture(Reply.of(202));
        });
  }

  /** An object row from an object server: PUT with size, type and ETag, or DELETE. */
  Future<Reply> row(HttpServerRequest request, RequestPath path, DeviceStore device, boolean delete) {
    MultiMap h = request.headers();
    Timestamp ts = Timestamp.required(h.get("X-Timestamp"));
    ObjectRow row = delete ? new ObjectRow(path.object(), ts, 0, "", "", true)
        : new ObjectRow(path.object(), ts, ListingHeaders.number(h, "X-Size"), ListingHeaders.required(h, "X-Content-Type"),
            ListingHeaders.required(h, "X-Etag"), false);
    byte[] hash = hash(path);
    return device.containers().putRow(path.partition(), hash, row).compose(info -> {
      if (info == null) return Future.succeededFuture(Reply.of(404).text("Not Found"));
      Future<Void> reported = ctx.accountReporter().changed(device, path.partition(), hash);
      return Within.wait(ctx.vertx(), reported, ctx.updateTimeout()).map(v -> Reply.of(delete ? 204 : 201));
    });
  }
}
