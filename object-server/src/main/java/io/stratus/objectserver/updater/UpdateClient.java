package io.stratus.objectserver.updater;

import io.stratus.common.http.LocalSockets;
import io.stratus.objectserver.store.PendingUpdate;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;

/** Sends listing updates (object to container, container to account) to other storage nodes. */
public final class UpdateClient implements AutoCloseable {
  private final HttpClient client;
  private final long timeoutMillis;
  private final LocalSockets sockets;

  /** A client of nodes reached over TCP, or through {@code sockets} for those on this machine. */
  public UpdateClient(Vertx vertx, Duration timeout, LocalSockets sockets) {
    this.sockets = sockets;
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)), new PoolOptions().setHttp1MaxSize(32));
  }

  /** Sends the update; the future holds the status code, or fails if the node could not be reached. */
  public Future<Integer> send(PendingUpdate update) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(update.method()))
        .setHost(update.host())
        .setPort(update.port())
        .setServer(sockets.address(update.host(), update.port()))
        .setURI("/" + update.device() + "/" + update.partition() + update.path())
        .setIdleTimeout(timeoutMillis);
    update.headers().forEach(options::putHeader);
    options.putHeader("Content-Length", "0");
    return client.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(ignored -> response.statusCode()));
  }

  /**
   * Sends several object rows to the container at {@code containerPath} on the node of {@code like}
   * in one {@link RowBatch#VERB} request; the status, or a failure if the node could not be reached.
   */
  public Future<Integer> sendRows(PendingUpdate like, String containerPath, Buffer rows) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(RowBatch.VERB))
        .setHost(like.host())
        .setPort(like.port())
        .setServer(sockets.address(like.host(), like.port()))
        .setURI("/" + like.device() + "/" + like.partition() + containerPath)
        .setIdleTimeout(timeoutMillis)
        .putHeader(ContainerUpdates.SERVER_TYPE_HEADER, "container")
        .putHeader("Content-Type", "application/json");
    return client.request(options)
        .compose(request -> request.send(rows))
        .compose(response -> response.body().map(ignored -> response.statusCode()));
  }

  @Override
  public void close() {
    client.close();
  }
}
