package io.stratus.objectserver.http;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.swift.ReplicationProtocol;
import io.stratus.objectserver.updater.ContainerUpdates;
import io.stratus.objectserver.updater.RowBatch;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage node's request handler: parses {@code /device/partition/account[/container[/object]]},
 * answers 507 for a device this node does not serve, serves REPLICATE (object suffix hashes, or
 * container and account database sync when X-Backend-Server-Type says so), and hands the request
 * to the account, container or object server by path depth. A row update for a parent server (container row from
 * an object server, container report to an account) carries X-Backend-Server-Type. Failures are
 * rendered here, once: a StratusException by its code, anything else as a logged 500.
 */
public final class StorageHandler implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(StorageHandler.class);

  private final NodeContext ctx;
  private final ObjectPutHandler puts;
  private final ObjectReadHandler reads;
  private final ObjectWriteHandler writes;
  private final ContainerHandler containers;
  private final AccountHandler accounts;
  private final ReplicateHandler replicate;
  private final DbReplicateHandler replicateDb;
  private final ResponseCounts counts = new ResponseCounts();

  public StorageHandler(NodeContext ctx) {
    this.ctx = ctx;
    this.puts = new ObjectPutHandler(ctx);
    this.reads = new ObjectReadHandler(ctx, counts);
    this.writes = new ObjectWriteHandler(ctx, reads);
    this.containers = new ContainerHandler(ctx);
    this.accounts = new AccountHandler(ctx);
    this.replicate = new ReplicateHandler(ctx.devices());
    this.replicateDb = new DbReplicateHandler(ctx);
  }

  /** The responses this handler has finished, by status. */
  public ResponseCounts counts() {
    return counts;
  }

  @Override
  public void handle(HttpServerRequest request) {
    Future<Void> clientGone = null;
    if (request.method() == HttpMethod.PUT) {
      request.pause();
      clientGone = watchClient(request);
    }
    Future<Reply> reply;
    try {
      reply = route(request, clientGone);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(ar -> finish(request, ar));
  }

  /**
   * Fails when the client's connection is lost before its request has ended. Watched from the first
   * moment: a client that sends part of a body and hangs up while the PUT is still checking the
   * existing object would otherwise never be noticed, and the PUT would wait for a body that is gone.
   */
  private static Future<Void> watchClient(HttpServerRequest request) {
    Promise<Void> gone = Promise.promise();
    request.exceptionHandler(gone::tryFail);
    request.connection().closeHandler(v -> gone.tryFail(new IOException("client disconnected")));
    return gone.future();
  }

  private Future<Reply> route(HttpServerRequest request, Future<Void> clientGone) {
    String serverType = request.getHeader(ContainerUpdates.SERVER_TYPE_HEADER);
    if (request.method().name().equals(ReplicationProtocol.VERB)) {
      boolean db = "container".equalsIgnoreCase(serverType) || "account".equalsIgnoreCase(serverType);
      return db ? replicateDb.handle(request, serverType) : replicate.handle(request);
    }
    RequestPath path = RequestPath.parse(request.path());
    DeviceStore device = ctx.devices().get(path.device());
    if (device == null) {
      return Future.succeededFuture(Reply.of(507).text("Insufficient Storage: device " + path.device() + " is not on this node"));
    }
    HttpMethod m = request.method();
    if (path.object() != null) {
      if ("container".equalsIgnoreCase(serverType)) {
        if (m == HttpMethod.PUT || m == HttpMethod.DELETE) return containers.row(request, path, device, m == HttpMethod.DELETE);
        return notAllowed();
      }
      if (m == HttpMethod.PUT) return puts.handle(request, path, device, clientGone);
      if (m == HttpMethod.GET) return reads.get(request, path, device);
      if (m == HttpMethod.HEAD) return reads.head(path, device);
      if (m == HttpMethod.POST) return writes.post(request, path, device);
      if (m == HttpMethod.DELETE) return writes.delete(request, path, device);
      return notAllowed();
    }
    if (path.container() != null) {
      if ("container".equalsIgnoreCase(serverType) && m.name().equals(RowBatch.VERB)) return containers.rows(request, path, device);
      if ("account".equalsIgnoreCase(serverType)) {
        return m == HttpMethod.PUT ? accounts.row(request, path, device) : notAllowed();
      }
      if (m == HttpMethod.PUT) return containers.put(request, path, device);
      if (m == HttpMethod.GET || m == HttpMethod.HEAD) return containers.read(request, path, device, m == HttpMethod.HEAD);
      if (m == HttpMethod.POST) return containers.post(request, path, device);
      if (m == HttpMethod.DELETE) return containers.delete(request, path, device);
      return notAllowed();
    }
    if (m == HttpMethod.PUT) return accounts.put(request, path, device);
    if (m == HttpMethod.GET || m == HttpMethod.HEAD) return accounts.read(request, path, device, m == HttpMethod.HEAD);
    if (m == HttpMethod.POST) return accounts.post(request, path, device);
    if (m == HttpMethod.DELETE) return accounts.delete(request, path, device);
    return notAllowed();
  }

  private static Future<Reply> notAllowed() {
    return Future.succeededFuture(Reply.of(405).text("Method Not Allowed"));
  }

  private void finish(HttpServerRequest request, AsyncResult<Reply> result) {
    Reply reply;
    if (result.succeeded()) {
      reply = result.result();
      if (reply == null) return;
    } else {
      StratusException error = StratusException.from(result.cause());
      if (error.code() == ErrorCode.INTERNAL || error.code() == ErrorCode.UNAVAILABLE) {
        LOG.error("{} {} failed (trans id {})", request.method(), request.path(), request.getHeader("X-Trans-Id"), result.cause());
      }
      reply = Reply.of(error.code().status()).text(error.getMessage());
    }
    counts.record(reply.status());
    if (!request.isEnded()) {
      request.handler(b -> { });
      request.resume();
    }
    reply.send(request.response(), request.method() == HttpMethod.HEAD);
  }
}
