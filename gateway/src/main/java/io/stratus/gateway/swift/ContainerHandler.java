package io.stratus.gateway.swift;

import io.stratus.gateway.http.Headers;
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
    MultiMap client = method == HttpMethod.DELETE ? r.http().headers() : ObjectVersioning.containerHeaders(r.http().headers());
    return write(r, method, accountUpdate, p.account(), p.container(), client)
        .compose(status -> Responses.status(r.http(), status, null));
  }

  /** Deletes a container of any account (for bulk deletes): the quorum status, 409 when it is not empty. */
  Future<Integer> deleteContainer(SwiftRequest r, String account, String container) {
    return write(r, HttpMethod.DELETE, true, account, container, MultiMap.caseInsensitiveMultiMap());
  }

  /** Creates a container of any account with no metadata (for archive extraction): the quorum status. */
  Future<Integer> createContainer(SwiftRequest r, String account, String container) {
    return proxy.ensureAccount(r)
        .compose(v -> write(r, HttpMethod.PUT, true, account, container, MultiMap.caseInsensitiveMultiMap()));
  }

  /** A container write to every replica, by quorum, with {@code client}'s metadata (none for DELETE). */
  private Future<Integer> write(SwiftRequest r, HttpMethod method, boolean accountUpdate, String account, String container,
      MultiMap client) {
    return write(r, method, accountUpdate, account, container, client, MultiMap.caseInsensitiveMultiMap());
  }

  /**
   * A container write of another API (S3) with the client-style metadata {@code client} and the
   * container sysmeta {@code sysmeta} (X-Container-Sysmeta-*) that clients of the Swift API cannot set.
   */
  Future<Integer> write(SwiftRequest r, HttpMethod method, String account, String container, MultiMap client,
      MultiMap sysmeta) {
    boolean accountUpdate = method != HttpMethod.POST;
    if (method != HttpMethod.PUT) return write(r, method, accountUpdate, account, container, client, sysmeta);
    return proxy.ensureAccount(r).compose(v -> write(r, method, true, account, container, client, sysmeta));
  }

  private Future<Integer> write(SwiftRequest r, HttpMethod method, boolean accountUpdate, String account, String container,
      MultiMap client, MultiMap sysmeta) {
    String ts = SwiftTimestamp.now(proxy.clock());
    Ring accounts = proxy.accountRing();
    int accountPart = accounts.partition(account, null, null);
    List<Device> accountNodes = accounts.primaries(accountPart);
    Ring ring = proxy.containerRing();
    String key = "/" + account + "/" + container;
    proxy.cache().invalidate(key);
    proxy.cache().invalidate(ObjectVersioning.unversionedKey(account, container));
    return proxy.write(ring, method, account, container, null, (slot, node) -> {
      MultiMap h = proxy.headers(r).add("X-Timestamp", ts);
      if (method != HttpMethod.DELETE) Headers.metadata(client, h, "container", ALLOWED);
      if (method != HttpMethod.DELETE) h.addAll(sysmeta);
      if (accountUpdate) {
        Device a = accountNodes.get(slot % accountNodes.size());
        h.add("X-Account-Host", Device.hostForm(a.ip()) + ":" + a.port()).add("X-Account-Device", a.name())
            .add("X-Account-Partition", Integer.toString(accountPart));
      }
      return h;
    }).map(replies -> {
      proxy.cache().invalidate(key);
      proxy.cache().invalidate(ObjectVersioning.unversionedKey(account, container));
      return SwiftProxy.best(replies, ring.replicaCount());
    });
  }
}
