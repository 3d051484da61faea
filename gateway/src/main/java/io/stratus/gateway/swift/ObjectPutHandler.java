package io.stratus.gateway.swift;

import io.stratus.gateway.http.Headers;
import io.stratus.gateway.proxy.BackendReply;
import io.stratus.gateway.proxy.Node;
import io.stratus.gateway.proxy.ReplicatedPut;
import io.stratus.ring.Device;
import io.stratus.ring.Ring;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLConnection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Object PUT, the Swift proxy way: check the request, check the container exists, open a request to
 * each of the object's replicas (handoffs for unreachable ones) carrying the proxy's X-Timestamp and
 * the container node it should update, then stream the client's body to all of them with
 * back-pressure and answer 201 with the ETag once a quorum stored it.
 */
final class ObjectPutHandler {
  /** Headers besides metadata an object keeps (Swift's allowed_headers and the DLO manifest). */
  static final Set<String> ALLOWED = Set.of("content-disposition", "content-encoding", "x-object-manifest", "cache-control",
      "content-language", "expires", "x-robots-tag");

  private final SwiftProxy proxy;

  ObjectPutHandler(SwiftProxy proxy) {
    this.proxy = proxy;
  }

  /** A checked upload: how long, and the headers every replica gets. */
  private record Upload(long length, MultiMap headers) {
  }

  /** The opened replica requests of an upload. */
  private record Opened(ReplicatedPut put, List<HttpClientRequest> requests) {
  }

  Future<Void> handle(SwiftRequest r) {
    HttpServerRequest http = r.http();
    Long length = proxy.constraints().objectLength(http.headers());
    if (length == null) return Responses.error(http, 411);
    proxy.constraints().checkMetadata(http.headers(), "object");
    Upload upload = new Upload(length, backendHeaders(r));
    return proxy.requireContainer(r)
        .compose(v -> openReplicas(r, upload))
        .compose(opened -> streamBody(r, opened))
        .compose(replies -> answer(r, replies));
  }

  private MultiMap backendHeaders(SwiftRequest r) {
    MultiMap in = r.http().headers();
    MultiMap h = proxy.headers(r).add("X-Timestamp", SwiftTimestamp.now(proxy.clock()));
    Headers.metadata(in, h, "object", ALLOWED);
    String deleteAt = Constraints.deleteAt(in, proxy.clock().millis() / 1000);
    if (deleteAt != null) h.add("X-Delete-At", deleteAt);
    String etag = in.get("ETag");
    if (etag != null) h.add("ETag", etag);
    h.add("Content-Type", contentType(r));
    return h;
  }

  private static String contentType(SwiftRequest r) {
    String given = r.http().getHeader("Content-Type");
    boolean detect = "true".equalsIgnoreCase(r.http().getHeader("X-Detect-Content-Type"));
    if (given != null && !given.isBlank() && !detect) return given;
    String guessed = URLConnection.guessContentTypeFromName(r.path().object());
    return guessed != null ? guessed : "application/octet-stream";
  }

  private Future<Opened> openReplicas(SwiftRequest r, Upload upload) {
    SwiftPath p = r.path();
    Ring ring = proxy.objectRing();
    Ring containers = proxy.containerRing();
    int containerPart = containers.partition(p.account(), p.container(), null);
    List<Device> containerNodes = containers.primaries(containerPart);
    int part = ring.partition(p.account(), p.container(), p.object());
    ReplicatedPut put = new ReplicatedPut(proxy.backend(), proxy.nodes(ring, part), ring.replicaCount(), upload.length(),
        (slot, node) -> {
          MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(upload.headers());
          Device c = containerNodes.get(slot % containerNodes.size());
          h.add("X-Container-Host", Device.hostForm(c.ip()) + ":" + c.port()).add("X-Container-Device", c.name())
              .add("X-Container-Partition", Integer.toString(containerPart));
          return proxy.backend().options(HttpMethod.PUT, node, backendUri(node, p), h, false);
        });
    return put.open().map(requests -> new Opened(put, requests));
  }

  private static String backendUri(Node node, SwiftPath p) {
    return io.stratus.gateway.proxy.BackendPath.of(node, p.account(), p.container(), p.object());
  }

  private Future<List<BackendReply>> streamBody(SwiftRequest r, Opened opened) {
    HttpServerRequest http = r.http();
    if (http.headers().contains("Expect", "100-continue", true)) http.response().writeContinue();
    return opened.put().stream(opened.requests(), http);
  }

  private Future<Void> answer(SwiftRequest r, List<BackendReply> replies) {
    int replicas = proxy.objectRing().replicaCount();
    List<Integer> statuses = new java.util.ArrayList<>(replies.stream().map(BackendReply::status).toList());
    while (statuses.size() < replicas) statuses.add(503);
    int status = io.stratus.gateway.proxy.Quorum.best(statuses, replicas);
    if (status / 100 != 2) return Responses.error(r.http(), status);
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    String etag = mostCommon(replies, status, "ETag");
    if (etag != null) h.add("ETag", etag);
    String modified = mostCommon(replies, status, "Last-Modified");
    if (modified != null) h.add("Last-Modified", modified);
    return Responses.status(r.http(), 201, h);
  }

  private static String mostCommon(List<BackendReply> replies, int status, String header) {
    return replies.stream().filter(x -> x.status() == status && x.header(header) != null)
        .collect(Collectors.groupingBy(x -> x.header(header), Collectors.counting()))
        .entrySet().stream().max(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey).orElse(null);
  }
}
