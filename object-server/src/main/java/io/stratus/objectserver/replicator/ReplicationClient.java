package io.stratus.objectserver.replicator;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.objectserver.store.ObjectMeta;
import io.stratus.objectserver.store.ObjectReader;
import io.stratus.objectserver.store.ObjectStore;
import io.stratus.objectserver.store.ObjectVersion;
import io.stratus.objectserver.store.StoredObject;
import io.stratus.objectserver.swift.PathEncoding;
import io.stratus.objectserver.swift.ReplicationProtocol;
import io.stratus.ring.Device;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The replicator's side of the replication wire: asks a peer device for suffix hashes and for the
 * objects of some suffixes, and sends it objects with their original timestamps and metadata —
 * bodies streamed chunk by chunk from a store snapshot, one chunk in flight.
 */
public final class ReplicationClient implements AutoCloseable {
  private static final HttpMethod REPLICATE = HttpMethod.valueOf(ReplicationProtocol.VERB);
  /** Swift's conn_timeout is short: a peer that does not accept at once is treated as down. */
  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

  private final HttpClient client;
  private final long timeoutMillis;

  public ReplicationClient(Vertx vertx, Duration timeout) {
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
        .setConnectTimeout((int) Math.min(CONNECT_TIMEOUT_MILLIS, timeoutMillis)), new PoolOptions().setHttp1MaxSize(16));
  }

  /** The peer's suffix hashes of the partition, after it recalculates {@code recalculate}. */
  public Future<Map<String, String>> hashes(Device peer, int partition, Collection<String> recalculate) {
    return replicate(peer, partition, recalculate, false).map(ReplicationProtocol::decodeHashes);
  }

  /** The peer's objects in the partition's {@code suffixes}. */
  public Future<List<ObjectVersion>> versions(Device peer, int partition, Set<String> suffixes) {
    return replicate(peer, partition, suffixes, true).map(ReplicationProtocol::decodeVersions);
  }

  private Future<String> replicate(Device peer, int partition, Collection<String> suffixes, boolean list) {
    String uri = "/" + peer.name() + "/" + partition + (suffixes.isEmpty() ? "" : "/" + ReplicationProtocol.suffixSegment(suffixes));
    RequestOptions options = options(peer, REPLICATE, uri);
    if (list) options.putHeader(ReplicationProtocol.LIST_HEADER, "true");
    return client.request(options).compose(HttpClientRequest::send).compose(response -> response.body().map(body -> {
      if (response.statusCode() != 200) {
        throw new StratusException(ErrorCode.UNAVAILABLE, "REPLICATE " + uri + " on " + peer.describe() + ": " + response.statusCode());
      }
      return body.toString();
    }));
  }

  /** A tombstone at the object's delete timestamp; the future holds the peer's status. */
  public Future<Integer> delete(Device peer, StoredObject o) {
    RequestOptions options = options(peer, HttpMethod.DELETE, path(peer, o))
        .putHeader("X-Timestamp", o.meta().dataTimestamp().internal());
    return send(options);
  }

  /** The object's metadata at its metadata timestamp (the peer has the data, older metadata). */
  public Future<Integer> post(Device peer, StoredObject o) {
    RequestOptions options = options(peer, HttpMethod.POST, path(peer, o))
        .putHeader("X-Timestamp", o.meta().metaTimestamp().internal());
    metadata(options, o.meta());
    return send(options);
  }

  private Future<Integer> send(RequestOptions options) {
    options.putHeader("Content-Length", "0");
    return client.request(options).compose(HttpClientRequest::send)
        .compose(response -> response.body().map(ignored -> response.statusCode()));
  }

  /**
   * The object's body and metadata, read from {@code store}. The future holds the peer's status,
   * or 0 when the local row changed since it was listed (nothing was sent; the next pass decides).
   */
  public Future<Integer> put(Device peer, StoredObject o, ObjectStore store) {
    return store.open(o.key()).compose(reader -> {
      if (!o.meta().equals(reader.meta())) {
        reader.close();
        return Future.succeededFuture(0);
      }
      return upload(peer, o, reader).onComplete(ar -> reader.close());
    });
  }

  private Future<Integer> upload(Device peer, StoredObject o, ObjectReader reader) {
    ObjectMeta meta = o.meta();
    RequestOptions options = options(peer, HttpMethod.PUT, path(peer, o))
        .putHeader("X-Timestamp", meta.dataTimestamp().internal())
        .putHeader("Content-Length", Long.toString(meta.size()))
        .putHeader("ETag", meta.etag());
    metadata(options, meta);
    return client.request(options).compose(request -> {
      Future<Integer> status = request.response().compose(r -> r.body().map(ignored -> r.statusCode()));
      return body(request, reader, 0, meta.chunkCount()).compose(v -> request.end()).compose(v -> status, e -> {
        request.reset();
        return Future.failedFuture(e);
      });
    });
  }

  private Future<Void> body(HttpClientRequest request, ObjectReader reader, int index, int count) {
    if (index >= count) return Future.succeededFuture();
    return reader.chunk(index).compose(bytes -> request.write(Buffer.buffer(bytes)))
        .compose(v -> body(request, reader, index + 1, count));
  }

  private static void metadata(RequestOptions options, ObjectMeta meta) {
    meta.headers().forEach(options::putHeader);
    options.putHeader("Content-Type", meta.contentType());
    options.putHeader(ReplicationProtocol.META_TIMESTAMP_HEADER, meta.metaTimestamp().internal());
    if (meta.deleteAt() > 0) options.putHeader("X-Delete-At", Long.toString(meta.deleteAt()));
  }

  private RequestOptions options(Device peer, HttpMethod method, String uri) {
    return new RequestOptions().setMethod(method).setHost(peer.replicationIp()).setPort(peer.replicationPort())
        .setURI(uri).setIdleTimeout(timeoutMillis).putHeader(ReplicationProtocol.REPLICATION_HEADER, "true");
  }

  private static String path(Device peer, StoredObject o) {
    ObjectMeta m = o.meta();
    return "/" + peer.name() + "/" + o.partition() + "/" + PathEncoding.encode(m.account()) + "/"
        + PathEncoding.encode(m.container()) + "/" + PathEncoding.encode(m.object());
  }

  @Override
  public void close() {
    client.close();
  }
}
