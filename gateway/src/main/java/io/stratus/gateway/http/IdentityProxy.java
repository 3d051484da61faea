package io.stratus.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * A streaming reverse proxy to a service behind a path prefix: identity for {@code /auth/v1.0}
 * (tempauth) and {@code /identity/*} (Keystone v3), image for {@code /image/*} (Glance v2), compute-api
 * for {@code /compute/*} (Nova v2.1), the prefix stripped. Request and response bodies are piped with back-pressure, never buffered. The
 * X-Storage-Url tempauth answers is rewritten to point at this gateway (its public URL, or the Host
 * the client used).
 */
public final class IdentityProxy {
  public static final String PREFIX = "/identity";
  public static final String IMAGE_PREFIX = "/image";
  public static final String COMPUTE_PREFIX = "/compute";

  private final String prefix;
  private final HttpClient client;
  private final URI identity;
  private final String publicUrl;
  private final long timeoutMillis;

  public IdentityProxy(HttpClient client, String identityUrl, String publicUrl, long timeoutMillis) {
    this(PREFIX, client, identityUrl, publicUrl, timeoutMillis);
  }

  /** A proxy that strips {@code prefix} and sends the rest of the path to {@code serviceUrl}. */
  public IdentityProxy(String prefix, HttpClient client, String serviceUrl, String publicUrl, long timeoutMillis) {
    this.prefix = prefix;
    this.client = client;
    this.identity = URI.create(serviceUrl);
    this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : stripSlash(publicUrl);
    this.timeoutMillis = timeoutMillis;
  }

  public Future<Void> handle(HttpServerRequest request, String transId) {
    String path = request.uri();
    if (path.startsWith(prefix)) path = path.substring(prefix.length());
    if (path.isEmpty() || path.startsWith("?")) path = "/" + path;
    String base = identity.getPath() == null ? "" : stripSlash(identity.getPath());
    RequestOptions options = new RequestOptions().setMethod(request.method()).setHost(identity.getHost())
        .setPort(identity.getPort() < 0 ? 80 : identity.getPort()).setURI(base + path)
        .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis);
    request.headers().forEach(e -> {
      if (!Headers.hopByHop(e.getKey())) options.addHeader(e.getKey(), e.getValue());
    });
    options.putHeader("X-Openstack-Request-Id", transId).putHeader("X-Trans-Id", transId);
    String host = clientAuthority(request);
    if (host != null) options.putHeader("X-Forwarded-Host", host);
    options.putHeader("X-Forwarded-Proto", request.scheme());
    return client.request(options)
        .compose(out -> send(out, request))
        .compose(resp -> relay(request, resp));
  }

  /**
   * Sends the request, its body piped with back-pressure; the service's 100 Continue is passed on. A client
   * that goes away mid-body resets the backend request instead of ending it: a truncated chunked body must
   * not look complete to the service.
   */
  private static Future<HttpClientResponse> send(HttpClientRequest out, HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    boolean chunked = request.headers().contains("Transfer-Encoding", "chunked", true);
    if (length == null && !chunked) return out.send();
    if (chunked) out.setChunked(true); else out.putHeader("Content-Length", length);
    if (request.headers().contains("Expect", "100-continue", true)) {
      out.continueHandler(v -> request.response().writeContinue());
      out.sendHead();
    }
    request.pipe().endOnFailure(false).to(out).onFailure(e -> out.reset(0, e));
    return out.response();
  }

  private Future<Void> relay(HttpServerRequest request, HttpClientResponse resp) {
    HttpServerResponse out = request.response().setStatusCode(resp.statusCode());
    resp.headers().forEach(e -> {
      if (!Headers.hopByHop(e.getKey()) && !e.getKey().equalsIgnoreCase("X-Openstack-Request-Id")) {
        out.headers().add(e.getKey(), e.getValue());
      }
    });
    String storage = resp.getHeader("X-Storage-Url");
    if (storage != null) out.headers().set("X-Storage-Url", rewrite(storage, request));
    String length = resp.getHeader("Content-Length");
    if (length != null) {
      out.putHeader("Content-Length", length);
    } else {
      out.setChunked(true);
    }
    return resp.pipeTo(out).onFailure(e -> io.stratus.gateway.proxy.Backend.discard(resp));
  }

  /** The storage URL's path under this gateway's base URL. */
  String rewrite(String storageUrl, HttpServerRequest request) {
    String path = URI.create(storageUrl).getRawPath();
    String base = publicUrl != null ? publicUrl : request.scheme() + "://" + clientAuthority(request);
    return base + path;
  }

  /**
   * The host (and port) the client addressed: HTTP/1.1's Host header or HTTP/2's :authority (which
   * has no Host header), else the address the connection came in on.
   */
  static String clientAuthority(HttpServerRequest request) {
    HostAndPort authority = request.authority();
    if (authority != null) {
      String h = authority.host().indexOf(':') >= 0 && !authority.host().startsWith("[")
          ? "[" + authority.host() + "]" : authority.host();
      return authority.port() > 0 ? h + ":" + authority.port() : h;
    }
    String host = request.getHeader("Host");
    if (host != null) return host;
    return request.localAddress().hostAddress() + ":" + request.localAddress().port();
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
