package io.stratus.objectserver.http;

import io.stratus.common.error.StratusException;
import io.stratus.objectserver.store.DbReplicaStore;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.swift.DbReplicationProtocol;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.HexFormat;

/**
 * {@code REPLICATE /device/partition/hash} for container and account databases (X-Backend-Server-Type
 * names which): reads the JSON sub-verb ({@link DbReplicationProtocol}) and runs it on the device's
 * databases. A merge that changes a container's stats reports them to its account before answering.
 */
final class DbReplicateHandler {
  private final NodeContext ctx;

  DbReplicateHandler(NodeContext ctx) {
    this.ctx = ctx;
  }

  /** Handles the request; reads the body at once (call it from the request handler). */
  Future<Reply> handle(HttpServerRequest request, String serverType) {
    String[] parts = request.path().substring(1).split("/", -1);
    if (parts.length != 3 || parts[0].isEmpty()) throw StratusException.badRequest("Invalid path");
    DeviceStore device = ctx.devices().get(parts[0]);
    if (device == null) return Future.succeededFuture(Reply.of(507).text("Insufficient Storage"));
    DbReplicaStore<?, ?> dbs = "container".equalsIgnoreCase(serverType) ? device.containerDbs() : device.accountDbs();
    int partition = RequestPath.partition(parts[1]);
    byte[] hash = hash(parts[2]);
    String length = request.getHeader("Content-Length");
    if (length == null || !length.matches("[0-9]{1,9}") || Integer.parseInt(length) > DbReplicationProtocol.MAX_BODY_BYTES) {
      return Future.succeededFuture(Reply.of(length == null ? 411 : 413).text("A replication body needs a bounded length"));
    }
    return request.body().compose(body -> run(device, dbs, partition, hash,
        DbReplicationProtocol.decode(body.toString(), DbReplicationProtocol.Request.class)));
  }

  private <I, R> Future<Reply> run(DeviceStore device, DbReplicaStore<I, R> dbs, int partition, byte[] hash,
      DbReplicationProtocol.Request request) {
    String op = request.op() == null ? "" : request.op();
    return switch (op) {
      case DbReplicationProtocol.SYNC -> dbs.mergeInfo(partition, hash, DbReplicationProtocol.convert(request.info(), dbs.infoType()))
          .compose(merged -> report(device, partition, hash, merged))
          .compose(merged -> dbs.syncAnswer(partition, hash, request.dbId())
              .map(answer -> json(merged.after(), answer.hash(), answer.point())));
      case DbReplicationProtocol.MERGE_ITEMS -> dbs.mergeRows(partition, hash,
              DbReplicationProtocol.convertList(request.rows(), dbs.rowType()), request.dbId(), request.point())
          .compose(merged -> merged == null ? Future.succeededFuture(Reply.of(404).text("Not Found"))
              : report(device, partition, hash, merged).map(m -> json(m.after(), null, 0)));
      default -> Future.succeededFuture(Reply.of(400).text("Unknown replication sub-verb: " + op));
    };
  }

  /** Reports a container whose stats or timestamps moved; waits for the report (it never fails). */
  private <I> Future<DbReplicaStore.Merged<I>> report(DeviceStore device, int partition, byte[] hash,
      DbReplicaStore.Merged<I> merged) {
    if (!merged.reportable()) return Future.succeededFuture(merged);
    return ctx.accountReporter().changed(device, partition, hash).map(merged);
  }

  private static Reply json(Object info, String digest, long point) {
    return Reply.of(200).body(DbReplicationProtocol.encode(new DbReplicationProtocol.Reply(DbReplicationProtocol.tree(info),
        digest, point)), "application/json");
  }

  private static byte[] hash(String hex) {
    if (!hex.matches("[0-9a-f]{32}")) throw StratusException.badRequest("Invalid hash: " + hex);
    return HexFormat.of().parseHex(hex);
  }
}
