package io.stratus.objectserver.http;

import io.stratus.objectserver.store.AccountInfo;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.swift.ContainerRow;
import io.stratus.objectserver.swift.HttpDates;
import io.stratus.objectserver.swift.ListingFormat;
import io.stratus.objectserver.swift.ListingQuery;
import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

/**
 * The account server: account PUT, DELETE, POST, HEAD and listing GET, and the container rows
 * container servers report (PUT of {@code /dev/part/a/c} marked X-Backend-Server-Type: account).
 */
final class AccountHandler {
  private final NodeContext ctx;

  AccountHandler(NodeContext ctx) {
    this.ctx = ctx;
  }

  private byte[] hash(RequestPath path) {
    return ctx.hasher().digest(path.account(), null, null);
  }

  Future<Reply> put(HttpServerRequest request, RequestPath path, DeviceStore device) {
    Timestamp ts = Timestamp.required(request.getHeader("X-Timestamp"));
    return device.accounts().put(path.partition(), hash(path), path.account(), ts, ListingHeaders.metadata(request.headers(), "account"))
        .map(result -> switch (result.outcome()) {
          case CREATED -> Reply.of(201);
          case RECENTLY_DELETED -> Reply.of(403).text("Recently deleted");
          case CONFLICT -> Reply.of(409).text("Conflict");
          default -> Reply.of(202);
        });
  }

  Future<Reply> delete(HttpServerRequest request, RequestPath path, DeviceStore device) {
    Timestamp ts = Timestamp.required(request.getHeader("X-Timestamp"));
    return device.accounts().delete(path.partition(), hash(path), ts)
        .map(result -> result.info() == null || result.outcome() != io.stratus.objectserver.store.AccountStore.Outcome.DELETED
            ? Reply.of(404).text("Not Found") : Reply.of(204));
  }

  Future<Reply> post(HttpServerRequest request, RequestPath path, DeviceStore device) {
    Timestamp ts = Timestamp.required(request.getHeader("X-Timestamp"));
    return device.accounts().post(path.partition(), hash(path), ts, ListingHeaders.metadata(request.headers(), "account"))
        .map(info -> info == null ? Reply.of(404).text("Not Found") : Reply.of(204));
  }

  Future<Reply> read(HttpServerRequest request, RequestPath path, DeviceStore device, boolean head) {
    ListingFormat format = ListingFormat.choose(request.getParam("format"), request.getHeader("Accept"));
    ListingQuery query = head ? null : ListingQuery.from(request.params());
    byte[] hash = hash(path);
    return device.accounts().info(path.partition(), hash).compose(info -> {
      if (info == null) return Future.succeededFuture(Reply.of(404).text("Not Found"));
      if (info.deleted()) return Future.succeededFuture(Reply.of(404).header("X-Account-Status", "Deleted").text("Not Found"));
      Reply described = describe(info);
      if (head) return Future.succeededFuture(Reply.of(204).headers(described.headers()).header("Content-Type", format.contentType()));
      return device.accounts().list(path.partition(), hash, query)
          .map(entries -> ListingHeaders.listing(described, format, format.account(path.account(), entries)));
    });
  }

  private static Reply describe(AccountInfo info) {
    Reply r = Reply.of(200)
        .header("X-Account-Container-Count", info.containerCount())
        .header("X-Account-Object-Count", info.objectCount())
        .header("X-Account-Bytes-Used", info.bytesUsed())
        .header("X-Timestamp", info.createdAt().normal())
        .header("X-PUT-Timestamp", info.putTimestamp().normal())
        .header("X-Backend-Timestamp", info.createdAt().internal())
        .header("X-Backend-PUT-Timestamp", info.putTimestamp().internal())
        .header("X-Backend-DELETE-Timestamp", info.deleteTimestamp().internal())
        .header("X-Backend-Status-Changed-At", info.statusChangedAt().internal())
        .header("Last-Modified", HttpDates.lastModified(info.putTimestamp()));
    ListingHeaders.addMetadata(r, info.metadata());
    return r;
  }

  /** A container's report: its put and delete timestamps, object count and bytes, sent at X-Timestamp. */
  Future<Reply> row(HttpServerRequest request, RequestPath path, DeviceStore device) {
    MultiMap h = request.headers();
    ContainerRow row = new ContainerRow(path.container(), ListingHeaders.timestamp(h, "X-Put-Timestamp"),
        ListingHeaders.timestamp(h, "X-Delete-Timestamp"), ListingHeaders.number(h, "X-Object-Count"),
        ListingHeaders.number(h, "X-Bytes-Used"), h.contains("X-Timestamp") ? ListingHeaders.timestamp(h, "X-Timestamp") : null);
    return device.accounts().putRow(path.partition(), hash(path), row).map(info -> {
      if (info == null) return Reply.of(404).text("Not Found");
      return Reply.of(row.deleteTimestamp().isAfter(row.putTimestamp()) ? 204 : 201);
    });
  }
}
