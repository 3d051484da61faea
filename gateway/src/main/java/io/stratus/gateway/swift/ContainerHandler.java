package io.stratus.gateway.swift;

import io.stratus.gateway.http.Headers;
import io.stratus.gateway.proxy.BackendReply;
import io.stratus.gateway.proxy.Quorum;
import io.stratus.ring.Device;
import io.stratus.ring.Ring;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;

/**
 * Container PUT, POST and DELETE (to every replica of the container ring, by quorum; PUT creates
 * the account first when auto-create is on) and HEAD and listing GET (one replica with failover,
 * query and body streamed through). Writes forget the container's cached existence.
 */
final class ContainerHandler {
  static final Set<String> ALLOWED = Set.of("x-container-read", "x-container-write", "x-versions-location",
      "x-history-location", "x-container-sync-to", "x-container-sync-key");

  private final SwiftProxy proxy;

  ContainerHandler(SwiftProxy proxy) {
    this.proxy = proxy;
  }

  Future<Void> read(SwiftRequest r) {
    SwiftPath p = r.path();
    MultiMap h = proxy.headers(r);
    String accept = r.http().getHeader("Accept");
    if (accept != null) h.add("Accept", accept);
    Ring ring = proxy.containerRing();
    return proxy.read(ring, r.http().method(), p.account(), p.container(), null, r.http().query(), h).compose(result -> {
      HttpClientResponse resp = result.response();
      if (resp == null) return Responses.error(r.http(), Quorum.best(result.statuses(), ring.replicaCount()));
      return Responses.relay(r.http(), resp);
    });
  }

  Future<Void> put(SwiftRequest r) {
    proxy.constraints().checkMetadata(r.http().headers(), "container");
    return proxy.ensureAccount(r).compose(v -> write(r, HttpMethod.PUT, true));
  }

  Future<Void> post(SwiftRequest r) {
    proxy.constraints().checkMetadata(r.http().headers(), "container");
    return write(r, HttpMethod.POST, false);
  }

  Future<Void> delete(SwiftRequest r) {
    return write(r, HttpMethod.DELETE, true);
  }

  private Future<Void> write(SwiftRequest r, HttpMethod method, boolean accountUpdate) {
    SwiftPath p = r.path();
    String ts = SwiftTimestamp.now(proxy.clock());
    Ring accounts = proxy.accountRing();
    int accountPart = accounts.partition(p.account(), null, null);
    List<Device> accountNodes = accounts.primaries(accountPart);
    Ring ring = proxy.containerRing();
    String key = "/" + p.account() + "/" + p.container();
    proxy.cache().invalidate(key);
    return proxy.write(ring, method, p.account(), p.container(), null, (slot, node) -> {
      MultiMap h = proxy.headers(r).add("X-Timestamp", ts);
      if (method != HttpMethod.DELETE) Headers.metadata(r.http().headers(), h, "container", ALLOWED);
      if (accountUpdate) {
        Device a = accountNodes.get(slot % accountNodes.size());
        h.add("X-Account-Host", Device.hostForm(a.ip()) + ":" + a.port()).add("X-Account-Device", a.name())
            .add("X-Account-Partition", Integer.toString(accountPart));
      }
      return h;
    }).compose(replies -> answer(r, key, replies, ring.replicaCount()));
  }

  private Future<Void> answer(SwiftRequest r, String key, List<BackendReply> replies, int replicas) {
    proxy.cache().invalidate(key);
    return Responses.status(r.http(), SwiftProxy.best(replies, replicas), null);
  }
}
