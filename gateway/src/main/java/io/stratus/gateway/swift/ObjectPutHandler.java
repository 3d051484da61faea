package io.stratus.gateway.swift;

import io.stratus.common.error.StratusException;
import io.stratus.gateway.http.Headers;
import io.stratus.gateway.proxy.BackendPath;
import io.stratus.gateway.proxy.BackendReply;
import io.stratus.gateway.proxy.Quorum;
import io.stratus.gateway.proxy.ReplicatedPut;
import io.stratus.gateway.proxy.Superseded;
import io.stratus.ring.Device;
import io.stratus.ring.Ring;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.WriteStream;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Object PUT, the Swift proxy way: check the request, check the container exists, open a request to
 * each of the object's replicas (handoffs for unreachable ones) carrying the proxy's X-Timestamp and
 * the container node it should update, then stream the body to all of them with back-pressure and
 * answer 201 with the ETag once a quorum stored it. The body is the client's, or for a copy and a
 * manifest another source's ({@link #store}); {@code If-None-Match: *} refuses to overwrite (412).
 */
final class ObjectPutHandler {
  /** Headers besides metadata an object keeps (Swift's allowed_headers and the DLO manifest). */
  static final Set<String> ALLOWED = Set.of("content-disposition", "content-encoding", "x-object-manifest", "cache-control",
      "content-language", "expires", "x-robots-tag");

  private final SwiftProxy proxy;
  private final ObjectReadHandler reads;

  ObjectPutHandler(SwiftProxy proxy, ObjectReadHandler reads) {
    this.proxy = proxy;
    this.reads = reads;
  }

  /** An upload: where it goes, how long it is (-1: unknown) and the headers every replica gets. */
  record Upload(String account, String container, String object, long length, MultiMap headers) {
  }

  /** The quorum's answer to an upload: the status, and the ETag and Last-Modified the replicas agree on. */
  record Stored(int status, String etag, String lastModified) {
  }

  /** The opened replica requests of an upload. */
  private record Opened(ReplicatedPut put, List<HttpClientRequest> requests) {
  }

  Future<Void> handle(SwiftRequest r) {
    HttpServerRequest http = r.http();
    Long length = proxy.constraints().objectLength(http.headers());
    if (length == null) return Responses.error(http, 411);
    proxy.constraints().checkMetadata(http.headers(), "object");
    SwiftPath p = r.path();
    Upload upload = new Upload(p.account(), p.container(), p.object(), length, backendHeaders(r, http.headers()));
    return proxy.requireContainer(r)
        .compose(v -> exists(r))
        .compose(exists -> exists ? Responses.error(http, 412) : upload(r, upload));
  }

  private Future<Void> upload(SwiftRequest r, Upload upload) {
    return openReplicas(r, upload)
        .compose(opened -> streamClientBody(r, opened))
        .compose(uploaded -> answer(r, stored(upload, uploaded)));
  }

  /** Stores an upload whose body {@code body} writes (a copy's source, a manifest): the quorum's answer. */
  Future<Stored> store(SwiftRequest r, Upload upload, Function<WriteStream<Buffer>, Future<Void>> body) {
    return proxy.requireContainer(r, upload.account(), upload.container())
        .compose(v -> openReplicas(r, upload))
        .compose(opened -> opened.put().stream(opened.requests(), body))
        .map(uploaded -> stored(upload, uploaded));
  }

  /**
   * Swift's conditional PUT: with {@code If-None-Match: *}, whether the object exists already (then
   * the PUT answers 412); false without the header; other values of it are 400.
   */
  private Future<Boolean> exists(SwiftRequest r) {
    String condition = r.http().getHeader("If-None-Match");
    if (condition == null) return Future.succeededFuture(false);
    if (!condition.trim().equals("*")) return Future.failedFuture(StratusException.badRequest("If-None-Match only supports *"));
    SwiftPath p = r.path();
    return reads.fetch(r, p.account(), p.container(), p.object(), HttpMethod.HEAD, MultiMap.caseInsensitiveMultiMap())
        .compose(result -> {
          if (result.response() == null) return Future.succeededFuture(false);
          result.response().resume();
          return Future.succeededFuture(result.response().statusCode() / 100 == 2);
        });
  }

  /** The object's headers as the client sets them on a write: metadata, allowed headers, X-Delete-At, type, ETag. */
  MultiMap backendHeaders(SwiftRequest r, MultiMap in) {
    DynamicLargeObject.check(in.get("X-Object-Manifest"));
    MultiMap h = proxy.headers(r).add("X-Timestamp", SwiftTimestamp.now(proxy.clock()));
    Headers.metadata(in, h, "object", ALLOWED);
    String deleteAt = Constraints.deleteAt(in, proxy.clock().millis() / 1000);
    if (deleteAt != null) h.add("X-Delete-At", deleteAt);
    String etag = in.get("ETag");
    if (etag != null) h.add("ETag", etag);
    h.add("Content-Type", contentType(in, r.path().object()));
    return h;
  }

  static String contentType(MultiMap in, String object) {
    String given = in.get("Content-Type");
    boolean detect = "true".equalsIgnoreCase(in.get("X-Detect-Content-Type"));
    if (given != null && !given.isBlank() && !detect) return given;
    String guessed = URLConnection.guessContentTypeFromName(object);
    return guessed != null ? guessed : "application/octet-stream";
  }

  private Future<Opened> openReplicas(SwiftRequest r, Upload upload) {
    Ring ring = proxy.objectRing();
    Ring containers = proxy.containerRing();
    int containerPart = containers.partition(upload.account(), upload.container(), null);
    List<Device> containerNodes = containers.primaries(containerPart);
    int part = ring.partition(upload.account(), upload.container(), upload.object());
    String uriPath = "/" + upload.account() + "/" + upload.container() + "/" + upload.object();
    ReplicatedPut put = new ReplicatedPut(proxy.backend(), proxy.nodes(ring, part), ring.replicaCount(), upload.length(),
        (slot, node) -> {
          MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(upload.headers());
          Device c = containerNodes.get(slot % containerNodes.size());
          h.add("X-Container-Host", Device.hostForm(c.ip()) + ":" + c.port()).add("X-Container-Device", c.name())
              .add("X-Container-Partition", Integer.toString(containerPart));
          String uri = BackendPath.of(node, upload.account(), upload.container(), upload.object());
          return proxy.backend().options(HttpMethod.PUT, node, uri, h, false);
        });
    proxy.cache().invalidate(uriPath);
    return put.open().map(requests -> new Opened(put, requests));
  }

  private Future<ReplicatedPut.Uploaded> streamClientBody(SwiftRequest r, Opened opened) {
    HttpServerRequest http = r.http();
    if (http.headers().contains("Expect", "100-continue", true)) http.response().writeContinue();
    return opened.put().stream(opened.requests(), http);
  }

  /**
   * The quorum's answer to an upload. A write the replicas refused for holding a newer one (409 with a newer
   * X-Backend-Timestamp), alone or with those that stored it, was superseded: 202 as Swift's proxy answers,
   * with the ETag of the body sent (it was written, then replaced).
   */
  private Stored stored(Upload upload, ReplicatedPut.Uploaded uploaded) {
    List<BackendReply> replies = uploaded.replies();
    int replicas = proxy.objectRing().replicaCount();
    if (Superseded.write(replies, upload.headers().get("X-Timestamp"), replicas)) {
      return new Stored(202, "\"" + uploaded.md5() + "\"", null);
    }
    List<Integer> statuses = new ArrayList<>(replies.stream().map(BackendReply::status).toList());
    while (statuses.size() < replicas) statuses.add(503);
    int status = Quorum.best(statuses, replicas);
    return new Stored(status, mostCommon(replies, status, "ETag"), mostCommon(replies, status, "Last-Modified"));
  }

  /** Answers an upload: 201 with its ETag, 202 Accepted (empty of headers, as Swift's) when superseded, or the error. */
  static Future<Void> answer(SwiftRequest r, Stored stored) {
    if (stored.status() / 100 != 2) return Responses.error(r.http(), stored.status());
    if (stored.status() == 202) return Responses.status(r.http(), 202, null);
    return Responses.status(r.http(), 201, created(stored));
  }

  /** The headers of a 201: ETag and Last-Modified. */
  static MultiMap created(Stored stored) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    if (stored.etag() != null) h.add("ETag", stored.etag());
    if (stored.lastModified() != null) h.add("Last-Modified", stored.lastModified());
    return h;
  }

  private static String mostCommon(List<BackendReply> replies, int status, String header) {
    return replies.stream().filter(x -> x.status() == status && x.header(header) != null)
        .collect(Collectors.groupingBy(x -> x.header(header), Collectors.counting()))
        .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
  }
}
