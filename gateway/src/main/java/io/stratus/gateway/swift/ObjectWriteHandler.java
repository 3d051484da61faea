package io.stratus.gateway.swift;

import io.stratus.gateway.http.Headers;
import io.stratus.ring.Device;
import io.stratus.ring.Ring;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.List;

/**
 * Object POST (replace metadata; 202) and DELETE (a tombstone; 204, or 404 when the replicas had
 * nothing): sent to every replica with the proxy's X-Timestamp, answered by quorum. A DELETE tells
 * each replica which container node to update, as a PUT does.
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
    return proxy.requireContainer(r).compose(v -> send(r, HttpMethod.POST, (slot, node) -> h));
  }

  Future<Void> delete(SwiftRequest r) {
    SwiftPath p = r.path();
    String ts = SwiftTimestamp.now(proxy.clock());
    Ring containers = proxy.containerRing();
    int containerPart = containers.partition(p.account(), p.container(), null);
    List<Device> containerNodes = containers.primaries(containerPart);
    return proxy.requireContainer(r).compose(v -> send(r, HttpMethod.DELETE, (slot, node) -> {
      Device c = containerNodes.get(slot % containerNodes.size());
      return proxy.headers(r).add("X-Timestamp", ts).add("X-Container-Host", Device.hostForm(c.ip()) + ":" + c.port())
          .add("X-Container-Device", c.name()).add("X-Container-Partition", Integer.toString(containerPart));
    }));
  }

  private Future<Void> send(SwiftRequest r, HttpMethod method,
      java.util.function.BiFunction<Integer, io.stratus.gateway.proxy.Node, MultiMap> headers) {
    SwiftPath p = r.path();
    Ring ring = proxy.objectRing();
    return proxy.write(ring, method, p.account(), p.container(), p.object(), headers)
        .compose(replies -> Responses.status(r.http(), SwiftProxy.best(replies, ring.replicaCount()), null));
  }
}
