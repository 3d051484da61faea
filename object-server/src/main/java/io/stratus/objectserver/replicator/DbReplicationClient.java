package io.stratus.objectserver.replicator;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.objectserver.swift.DbReplicationProtocol;
import io.stratus.objectserver.swift.ReplicationProtocol;
import io.stratus.objectserver.updater.ContainerUpdates;
import io.stratus.ring.Device;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The db replicator's side of the container and account replication wire
 * ({@link DbReplicationProtocol}): sync a database's info and get the peer's hash and sync point,
 * send a page of rows. Any answer but 200 fails the future.
 */
public final class DbReplicationClient implements AutoCloseable {
  private static final HttpMethod REPLICATE = HttpMethod.valueOf(ReplicationProtocol.VERB);
  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

  /**
   * The peer's answer to sync: its info row after merging ours, the hash of its rows, and the
   * highest sequence number of our rows it has merged.
   */
  public record Synced<I>(I info, String digest, long point) {
  }

  private final HttpClient client;
  private final long timeoutMillis;

  public DbReplicationClient(Vertx vertx, Duration timeout) {
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
        .setConnectTimeout((int) Math.min(CONNECT_TIMEOUT_MILLIS, timeoutMillis)), new PoolOptions().setHttp1MaxSize(16));
  }

  public <I> Future<Synced<I>> sync(Device peer, String kind, int partition, byte[] hash, I info, long dbId, Class<I> type) {
    return call(peer, kind, partition, hash, DbReplicationProtocol.Request.sync(info, dbId))
        .map(reply -> new Synced<>(DbReplicationProtocol.convert(reply.info(), type), reply.digest(), reply.point()));
  }

  /** Sends rows of database {@code dbId} that reach its sequence number {@code point}. */
  public Future<Void> mergeItems(Device peer, String kind, int partition, byte[] hash, List<?> rows, long dbId, long point) {
    return call(peer, kind, partition, hash, DbReplicationProtocol.Request.mergeItems(rows, dbId, point)).mapEmpty();
  }

  private Future<DbReplicationProtocol.Reply> call(Device peer, String kind, int partition, byte[] hash,
      DbReplicationProtocol.Request request) {
    String uri = "/" + peer.name() + "/" + partition + "/" + HexFormat.of().formatHex(hash);
    RequestOptions options = new RequestOptions().setMethod(REPLICATE).setHost(peer.replicationIp())
        .setPort(peer.replicationPort()).setURI(uri).setIdleTimeout(timeoutMillis)
        .putHeader(ReplicationProtocol.REPLICATION_HEADER, "true")
        .putHeader(ContainerUpdates.SERVER_TYPE_HEADER, kind)
        .putHeader("Content-Type", "application/json");
    String body = DbReplicationProtocol.encode(request);
    return client.request(options).compose(r -> r.send(body)).compose(response -> response.body().map(b -> {
      if (response.statusCode() != 200) {
        throw new StratusException(ErrorCode.UNAVAILABLE, "REPLICATE " + request.op() + " " + kind + " " + uri + " on "
            + peer.describe() + ": " + response.statusCode());
      }
      return DbReplicationProtocol.decode(b.toString(), DbReplicationProtocol.Reply.class);
    }));
  }

  @Override
  public void close() {
    client.close();
  }
}
