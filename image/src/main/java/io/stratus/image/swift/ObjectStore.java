package io.stratus.image.swift;

import io.stratus.common.auth.ServiceSession;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The image bytes' home: the gateway's Swift API, under the image service's own account, one
 * container. Images are stored as segments plus a static large object manifest; everything goes over
 * HTTP with the service's token, renewed (and a refused request retried once) when it expires.
 */
public final class ObjectStore {
  private final HttpClient client;
  private final ServiceSession session;
  private final URI gateway;
  private final String container;
  private final long timeoutMillis;

  public ObjectStore(HttpClient client, ServiceSession session, String gatewayUrl, String container, long timeoutMillis) {
    this.client = client;
    this.session = session;
    this.gateway = URI.create(gatewayUrl);
    this.container = container;
    this.timeoutMillis = timeoutMillis;
  }

  public String container() {
    return container;
  }

  /** Creates the container (no-op when it exists). */
  public Future<Void> ensureContainer() {
    return simple(HttpMethod.PUT, "", null, null, 201, 202).mapEmpty();
  }

  /** A PUT of one object, headers sent with the first write, the body chunked; the caller writes and ends it. */
  public Future<HttpClientRequest> openPut(String object) {
    return session.credentials().compose(c -> client.request(options(HttpMethod.PUT, c, object, ""))
        .map(request -> request.setChunked(true)));
  }

  /** Writes the manifest of a static large object made of {@code segments} (container/object, etag, size). */
  public Future<Void> putManifest(String object, List<Segment> segments) {
    JsonArray manifest = new JsonArray();
    for (Segment s : segments) {
      manifest.add(new io.vertx.core.json.JsonObject().put("path", "/" + container + "/" + s.object()).put("etag", s.etag())
          .put("size_bytes", s.size()));
    }
    return simple(HttpMethod.PUT, object, "multipart-manifest=put", manifest.toBuffer(), 201).mapEmpty();
  }

  /** Stores an empty object (an image of zero bytes). */
  public Future<Void> putEmpty(String object) {
    return simple(HttpMethod.PUT, object, null, Buffer.buffer(), 201).mapEmpty();
  }

  /** The object's response (200; 206 or 416 for a range), its body unread; NOT_FOUND and errors as failures. */
  public Future<HttpClientResponse> get(String object, String range) {
    return withToken(c -> {
      RequestOptions options = options(HttpMethod.GET, c, object, "");
      if (range != null) options.putHeader("Range", range);
      return client.request(options).compose(HttpClientRequest::send);
    }).compose(response -> {
      int status = response.statusCode();
      if (status == 200 || status == 206 || status == 416) return Future.succeededFuture(response);
      return response.body().transform(ar -> Future.failedFuture(failure(response.statusCode(), "GET " + object)));
    });
  }

  /** Deletes an object; a manifest with its segments. A missing object is fine. */
  public Future<Void> delete(String object, boolean manifest) {
    return simple(HttpMethod.DELETE, object, manifest ? "multipart-manifest=delete" : null, null, 200, 204, 404).mapEmpty();
  }

  /** One segment as stored: object name in the container, its ETag and size. */
  public record Segment(String object, String etag, long size) {
  }

  private Future<Integer> simple(HttpMethod method, String object, String query, Buffer body, int... ok) {
    return withToken(c -> client.request(options(method, c, object, query == null ? "" : "?" + query))
        .compose(request -> body == null ? request.send() : request.send(body)))
        .compose(response -> response.body().compose(b -> {
          for (int status : ok) {
            if (status == response.statusCode()) return Future.succeededFuture(status);
          }
          return Future.failedFuture(failure(response.statusCode(), method + " " + object + ": " + b));
        }));
  }

  /** Runs a request with the service token; on 401 logs in again and retries once. */
  private Future<HttpClientResponse> withToken(Function<ServiceSession.Credentials, Future<HttpClientResponse>> call) {
    return session.credentials().compose(c -> call.apply(c).compose(response -> {
      if (response.statusCode() != 401) return Future.succeededFuture(response);
      session.invalidate(c);
      return response.body().compose(b -> session.credentials()).compose(call);
    }));
  }

  private RequestOptions options(HttpMethod method, ServiceSession.Credentials c, String object, String query) {
    String path = "/v1/" + c.account() + "/" + encode(container) + (object.isEmpty() ? "" : "/" + encode(object)) + query;
    return new RequestOptions().setMethod(method).setHost(gateway.getHost()).setPort(gateway.getPort() < 0 ? 80 : gateway.getPort())
        .setURI(basePath() + path).setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis)
        .putHeader("X-Auth-Token", c.token());
  }

  private String basePath() {
    String p = gateway.getRawPath();
    if (p == null) return "";
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
  }

  static StratusException failure(int status, String what) {
    if (status == 404) return StratusException.notFound("The image data is missing from the object store (" + what + ").");
    return new StratusException(ErrorCode.UNAVAILABLE, "The object store answered " + status + " to " + what + ".");
  }
}
