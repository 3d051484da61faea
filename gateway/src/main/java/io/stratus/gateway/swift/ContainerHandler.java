package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.http.Headers;
import io.stratus.gateway.http.SwiftErrors;
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
  /** The one storage policy, as /info's swift.policies names it. */
  static final String POLICY = "Policy-0";

  private final SwiftProxy proxy;

  ContainerHandler(SwiftProxy proxy) {
    this.proxy = proxy;
  }

  Future<Void> read(SwiftRequest r) {
    SwiftPath p = r.path();
    if (r.http().method() == HttpMethod.GET) {
      Constraints.checkListingLimit(r.http().getParam("limit"), Constraints.CONTAINER_LISTING_LIMIT);
    }
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
    MultiMap client = clientHeaders(r.http().headers());
    checkPolicy(r.http().getHeader("X-Storage-Policy"));
    return proxy.ensureAccount(r).compose(v -> write(r, HttpMethod.PUT, true, client));
  }

  Future<Void> post(SwiftRequest r) {
    return write(r, HttpMethod.POST, false, clientHeaders(r.http().headers()));
  }

  Future<Void> delete(SwiftRequest r) {
    return write(r, HttpMethod.DELETE, true, r.http().headers());
  }

  private Future<Void> write(SwiftRequest r, HttpMethod method, boolean accountUpdate, MultiMap client) {
    SwiftPath p = r.path();
    return write(r, method, accountUpdate, p.account(), p.container(), client)
        .compose(status -> Responses.status(r.http(), status, null));
  }

  /**
   * A client's container PUT or POST headers checked as Swift's proxy and middlewares check them
   * (container_quotas' values, versioned_writes' locations, clean_acl, metadata limits), with the
   * ACLs in their cleaned form and versioning's rules applied.
   */
  private MultiMap clientHeaders(MultiMap in) {
    checkQuota(in.get("X-Container-Meta-Quota-Bytes"), "Invalid bytes quota.");
    checkQuota(in.get("X-Container-Meta-Quota-Count"), "Invalid count quota.");
    MultiMap out = ObjectVersioning.containerHeaders(in);
    for (String acl : List.of("X-Container-Read", "X-Container-Write")) {
      String value = out.get(acl);
      if (value != null) out.set(acl, ContainerAcl.clean(acl, value));
    }
    proxy.constraints().checkMetadata(in, "container");
    return out;
  }

  /** A quota (empty: none) must be digits only, as container_quotas checks it; 400 with its message. */
  private static void checkQuota(String value, String message) {
    if (value != null && !value.isEmpty() && !Constraints.digits(value)) {
      throw SwiftErrors.plain(ErrorCode.BAD_REQUEST, message);
    }
  }

  /**
   * X-Storage-Policy of a container PUT names a policy /info lists (without regard to case, as Swift
   * looks it up); 400 otherwise. There is one policy, so no container can be asked to change it.
   */
  private static void checkPolicy(String name) {
    if (name == null || name.isEmpty() || POLICY.equalsIgnoreCase(name)) return;
    throw StratusException.badRequest("Invalid X-Storage-Policy '" + name + "'");
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
