package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.proxy.Backend;
import io.stratus.gateway.proxy.BackendPath;
import io.stratus.gateway.proxy.BackendReply;
import io.stratus.gateway.proxy.InfoCache;
import io.stratus.gateway.proxy.Node;
import io.stratus.gateway.proxy.NodeIter;
import io.stratus.gateway.proxy.Quorum;
import io.stratus.gateway.proxy.ReadResult;
import io.stratus.gateway.proxy.ReplicaRead;
import io.stratus.ring.Ring;
import io.stratus.ring.RingSource;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What the Swift controllers share: the rings, the backend client, the clock, the constraints and
 * the account/container existence cache, with the lookups every controller needs (node iterators,
 * replica reads and writes, container existence, account auto-create).
 */
public final class SwiftProxy {
  private final Backend backend;
  private final RingSource accountRing;
  private final RingSource containerRing;
  private final RingSource objectRing;
  private final Clock clock;
  private final Constraints constraints;
  private final InfoCache cache;
  private final boolean accountAutocreate;

  public SwiftProxy(Backend backend, RingSource accountRing, RingSource containerRing, RingSource objectRing, Clock clock,
      Constraints constraints, InfoCache cache, boolean accountAutocreate) {
    this.backend = backend;
    this.accountRing = accountRing;
    this.containerRing = containerRing;
    this.objectRing = objectRing;
    this.clock = clock;
    this.constraints = constraints;
    this.cache = cache;
    this.accountAutocreate = accountAutocreate;
  }

  public Backend backend() {
    return backend;
  }

  public Ring accountRing() {
    return accountRing.ring();
  }

  public Ring containerRing() {
    return containerRing.ring();
  }

  public Ring objectRing() {
    return objectRing.ring();
  }

  public Clock clock() {
    return clock;
  }

  public Constraints constraints() {
    return constraints;
  }

  public InfoCache cache() {
    return cache;
  }

  public boolean accountAutocreate() {
    return accountAutocreate;
  }

  /** Primaries then handoffs of a partition, skipping error-limited nodes, at most twice the replicas. */
  public NodeIter nodes(Ring ring, int partition) {
    return new NodeIter(partition, ring.primaries(partition), ring.handoffs(partition), backend.limiter(),
        2 * ring.replicaCount());
  }

  /** Headers every backend request carries: the request id under both names. */
  public MultiMap headers(SwiftRequest r) {
    return MultiMap.caseInsensitiveMultiMap().add("X-Trans-Id", r.transId()).add("X-Openstack-Request-Id", r.transId())
        .add("User-Agent", "stratus-proxy");
  }

  /** A GET or HEAD across the replicas of a path, failing over to the next node before the first byte. */
  public Future<ReadResult> read(Ring ring, HttpMethod method, String account, String container, String object, String query,
      MultiMap headers) {
    int part = ring.partition(account, container, object);
    return backend.read(nodes(ring, part), ring.replicaCount(),
        (i, node) -> options(method, node, account, container, object, query, headers));
  }

  /** A GET or HEAD of an object across its replicas whose body resumes from another replica if its node fails. */
  public ReplicaRead objectRead(HttpMethod method, String account, String container, String object, MultiMap headers) {
    Ring ring = objectRing();
    int part = ring.partition(account, container, object);
    return new ReplicaRead(backend, () -> nodes(ring, part), ring.replicaCount(), (node, range) -> {
      MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(headers);
      if (range != null) h.set("Range", range);
      return options(method, node, account, container, object, null, h);
    });
  }

  /** A bodiless write to every replica of a path; the headers may differ per replica slot. */
  public Future<List<BackendReply>> write(Ring ring, HttpMethod method, String account, String container, String object,
      BiFunction<Integer, Node, MultiMap> headersFor) {
    int part = ring.partition(account, container, object);
    return backend.toReplicas(nodes(ring, part), ring.replicaCount(),
        (i, node) -> options(method, node, account, container, object, null, headersFor.apply(i, node)));
  }

  public RequestOptions options(HttpMethod method, Node node, String account, String container, String object, String query,
      MultiMap headers) {
    String uri = BackendPath.of(node, account, container, object) + (query == null || query.isEmpty() ? "" : "?" + query);
    return backend.options(method, node, uri, headers, true);
  }

  /** The Swift answer for the replicas' replies of a write. */
  public static int best(List<BackendReply> replies, int replicas) {
    return Quorum.best(replies.stream().map(BackendReply::status).toList(), replicas);
  }

  /** Fails with 404 unless the container exists (cached briefly), 503 if no container server answers. */
  public Future<Void> requireContainer(SwiftRequest r) {
    return requireContainer(r, r.path().account(), r.path().container());
  }

  /** {@link #requireContainer(SwiftRequest)} for any container of any account. */
  public Future<Void> requireContainer(SwiftRequest r, String account, String container) {
    String key = "/" + account + "/" + container;
    Integer cached = cache.get(key);
    Future<Integer> status = cached != null ? Future.succeededFuture(cached)
        : head(containerRing(), r, account, container).onSuccess(s -> cache.put(key, s));
    return status.compose(s -> {
      if (s / 100 == 2) return Future.succeededFuture();
      if (s == 404) return Future.failedFuture(StratusException.notFound("Container not found."));
      return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE, "No container server answered."));
    });
  }

  /** A container's stored headers (its ACLs, metadata) from a HEAD across replicas; null when it cannot be found. */
  public Future<MultiMap> containerHeaders(SwiftRequest r, String account, String container) {
    return read(containerRing(), HttpMethod.HEAD, account, container, null, null, headers(r)).compose(result -> {
      HttpClientResponse resp = result.response();
      if (resp == null) return Future.succeededFuture(null);
      return resp.body().map(b -> resp.statusCode() / 100 == 2 ? resp.headers() : null);
    });
  }

  /** An account's stored headers (its metadata) from a HEAD across replicas; null when it cannot be found. */
  public Future<MultiMap> accountHeaders(SwiftRequest r, String account) {
    return read(accountRing(), HttpMethod.HEAD, account, null, null, null, headers(r)).compose(result -> {
      HttpClientResponse resp = result.response();
      if (resp == null) return Future.succeededFuture(null);
      return resp.body().map(b -> resp.statusCode() / 100 == 2 ? resp.headers() : null);
    });
  }

  /** Makes sure the account exists, creating it when auto-create is on (Swift's account_autocreate). */
  public Future<Void> ensureAccount(SwiftRequest r) {
    String account = r.path().account();
    String key = "/" + account;
    Integer cached = cache.get(key);
    Future<Integer> status = cached != null ? Future.succeededFuture(cached) : head(accountRing(), r, account, null);
    return status.compose(s -> {
      if (s / 100 == 2) {
        cache.put(key, s);
        return Future.succeededFuture();
      }
      if (s == 404 && accountAutocreate) return createAccount(r);
      if (s == 404) return Future.failedFuture(StratusException.notFound("Account not found."));
      return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE, "No account server answered."));
    });
  }

  /** Creates the request's account on its account servers. */
  public Future<Void> createAccount(SwiftRequest r) {
    String ts = SwiftTimestamp.now(clock);
    Ring ring = accountRing();
    return write(ring, HttpMethod.PUT, r.path().account(), null, null, (i, node) -> headers(r).add("X-Timestamp", ts))
        .compose(replies -> {
          int status = best(replies, ring.replicaCount());
          if (status / 100 != 2) {
            return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE, "The account could not be created."));
          }
          cache.put("/" + r.path().account(), status);
          return Future.succeededFuture();
        });
  }

  /** The status of a HEAD across replicas: the first good answer's, or the quorum of the failures. */
  private Future<Integer> head(Ring ring, SwiftRequest r, String account, String container) {
    return read(ring, HttpMethod.HEAD, account, container, null, null, headers(r)).compose(result -> {
      HttpClientResponse resp = result.response();
      if (resp != null) return resp.body().map(b -> resp.statusCode());
      return Future.succeededFuture(Quorum.best(result.statuses(), ring.replicaCount()));
    });
  }
}
