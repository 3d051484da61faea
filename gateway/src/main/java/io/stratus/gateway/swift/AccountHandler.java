package io.stratus.gateway.swift;

import io.stratus.gateway.http.Headers;
import io.stratus.gateway.proxy.Quorum;
import io.stratus.ring.Ring;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import java.util.Set;

/**
 * Account HEAD and listing GET (one replica with failover, streamed; an account that does not exist
 * yet answers as an empty one when auto-create is on, as Swift does) and POST (metadata, by quorum;
 * creates the account first if needed). PUT and DELETE are refused (405) as with Swift's
 * allow_account_management off.
 */
final class AccountHandler {
  private final SwiftProxy proxy;

  AccountHandler(SwiftProxy proxy) {
    this.proxy = proxy;
  }

  Future<Void> read(SwiftRequest r) {
    SwiftPath p = r.path();
    if (r.http().method() == HttpMethod.GET) {
      Constraints.checkListingLimit(r.http().getParam("limit"), Constraints.ACCOUNT_LISTING_LIMIT);
    }
    MultiMap h = proxy.headers(r);
    String accept = r.http().getHeader("Accept");
    if (accept != null) h.add("Accept", accept);
    Ring ring = proxy.accountRing();
    return proxy.read(ring, r.http().method(), p.account(), null, null, r.http().query(), h).compose(result -> {
      HttpClientResponse resp = result.response();
      if (resp != null) return Responses.relay(r.http(), resp);
      int status = Quorum.best(result.statuses(), ring.replicaCount());
      if (status == 404 && proxy.accountAutocreate()) return empty(r);
      return Responses.error(r.http(), status);
    });
  }

  /** What Swift answers for an account that auto-create will make on the first write. */
  private Future<Void> empty(SwiftRequest r) {
    HttpServerResponse out = r.http().response();
    out.putHeader("X-Account-Container-Count", "0").putHeader("X-Account-Object-Count", "0")
        .putHeader("X-Account-Bytes-Used", "0").putHeader("X-Timestamp", SwiftTimestamp.now(proxy.clock()));
    String format = r.http().getParam("format");
    String accept = r.http().getHeader("Accept");
    String body = "";
    String type = "text/plain; charset=utf-8";
    if ("json".equals(format) || format == null && accept != null && accept.contains("application/json")) {
      body = "[]";
      type = "application/json; charset=utf-8";
    } else if ("xml".equals(format) || format == null && accept != null && accept.contains("xml")) {
      body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<account name=\"" + r.path().account() + "\"></account>";
      type = "application/xml; charset=utf-8";
    }
    out.putHeader("Content-Type", type);
    if (body.isEmpty() || r.http().method() == HttpMethod.HEAD) {
      out.setStatusCode(204).putHeader("Content-Length", "0");
      return out.end();
    }
    return out.setStatusCode(200).end(body);
  }

  Future<Void> post(SwiftRequest r) {
    String acl = r.http().getHeader("X-Account-Access-Control");
    if (acl != null) AccountAcl.check(acl);
    proxy.constraints().checkMetadata(r.http().headers(), "account");
    return proxy.ensureAccount(r).compose(v -> {
      MultiMap h = proxy.headers(r).add("X-Timestamp", SwiftTimestamp.now(proxy.clock()));
      Headers.metadata(r.http().headers(), h, "account", Set.of());
      Ring ring = proxy.accountRing();
      return proxy.write(ring, HttpMethod.POST, r.path().account(), null, null, (slot, node) -> h)
          .compose(replies -> Responses.status(r.http(), SwiftProxy.best(replies, ring.replicaCount()), null));
    });
  }
}
