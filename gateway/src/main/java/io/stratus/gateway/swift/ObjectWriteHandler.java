package io.stratus.gateway.swift;

import io.stratus.gateway.http.Headers;
import io.stratus.gateway.proxy.BackendReply;
import io.stratus.gateway.proxy.Node;
import io.stratus.gateway.proxy.Superseded;
import io.stratus.ring.Device;
import io.stratus.ring.Ring;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Object POST (replace metadata; 202) and DELETE (a tombstone; 204, or 404 when the replicas had
 * nothing): sent to every replica with the proxy's X-Timestamp, answered by quorum. A DELETE tells
 * each replica which container node to update, as a PUT does. Like Swift's proxy, a DELETE or POST the
 * replicas refuse for holding a newer write is answered their 409; callers in-process (S3) may take it for
 * superseded instead.
 */
final class ObjectWriteHandler {
  private final SwiftProxy proxy;

  ObjectWriteHandler(SwiftProxy proxy) {
    this.proxy = proxy;
  }

  Future<Void> post(SwiftRequest r) {
    proxy.constraints().checkMetadata(r.http().headers(), "object");
    MultiMap h = proxy.headers(r).add("X-Timestamp", SwiftTimestamp.now(proxy.clock()));
    Headers.metadata(r.http().headers(), h, "object", ObjectPutHandler.ALLOWED);
    String deleteAt = Constraints.deleteAt(r.http().headers(), proxy.clock().millis() / 1000);
    if (deleteAt != null) h.add("X-Delete-At", deleteAt);
    String type = r.http().getHeader("Content-Type");
    if (type != null) h.add("Content-Type", type);
    SwiftPath p = r.path();
    return proxy.requireContainer(r).compose(v -> send(r, HttpMethod.POST, p.account(), p.container(), p.object(),
        (slot, node) -> h)).map(replies -> SwiftProxy.best(replies, proxy.objectRing().replicaCount()))
        .compose(status -> Responses.status(r.http(), status, null));
  }

  Future<Void> delete(SwiftRequest r) {
    SwiftPath p = r.path();
    return deleteObject(r, p.account(), p.container(), p.object()).compose(status -> Responses.status(r.http(), status, null));
  }

  /** Deletes an object of any container of any account; the quorum status (404: the container or object is missing). */
  Future<Integer> deleteObject(SwiftRequest r, String account, String container, String object) {
    return deleteObject(r, account, container, object, 0);
  }

  /**
   * {@link #deleteObject(SwiftRequest, String, String, String)}, answering {@code superseded} (unless 0) when the
   * replicas refused the delete for holding a newer write, with or without those that took it.
   */
  Future<Integer> deleteObject(SwiftRequest r, String account, String container, String object, int superseded) {
    String ts = SwiftTimestamp.now(proxy.clock());
    Ring containers = proxy.containerRing();
    int containerPart = containers.partition(account, container, null);
    List<Device> containerNodes = containers.primaries(containerPart);
    return proxy.requireContainer(r, account, container).compose(v -> send(r, HttpMethod.DELETE, account, container, object,
        (slot, node) -> {
          Device c = containerNodes.get(slot % containerNodes.size());
          return proxy.headers(r).add("X-Timestamp", ts).add("X-Container-Host", Device.hostForm(c.ip()) + ":" + c.port())
              .add("X-Container-Device", c.name()).add("X-Container-Partition", Integer.toString(containerPart));
        })).map(replies -> status(replies, ts, superseded));
  }

  /** The quorum status of a write at {@code ts}; {@code superseded} (unless 0) when a newer write won the race. */
  int status(List<BackendReply> replies, String ts, int superseded) {
    int replicas = proxy.objectRing().replicaCount();
    if (superseded != 0 && Superseded.write(replies, ts, replicas)) return superseded;
    return SwiftProxy.best(replies, replicas);
  }

  private Future<List<BackendReply>> send(SwiftRequest r, HttpMethod method, String account, String container, String object,
      BiFunction<Integer, Node, MultiMap> headers) {
    return proxy.write(proxy.objectRing(), method, account, container, object, headers);
  }
}
