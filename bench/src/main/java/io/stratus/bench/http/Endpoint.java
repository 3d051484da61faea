package io.stratus.bench.http;

import java.net.URI;
import java.util.Locale;

/** Scheme, host and port of a base URL plus its path prefix, e.g. http://127.0.0.1:8080/v1/AUTH_x. */
public record Endpoint(boolean ssl, String host, int port, String basePath) {

  /** Parses an http(s) URL; the path (without trailing slash) becomes the base path. */
  public static Endpoint parse(String url) {
    URI uri = URI.create(url.trim());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    boolean ssl = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new Endpoint(ssl, uri.getHost(), port, path);
  }

  /** The Host header value: host, plus the port unless it is the scheme's default. */
  public String hostHeader() {
    boolean defaultPort = ssl ? port == 443 : port == 80;
    return defaultPort ? host : host + ":" + port;
  }

  /** The base URL without path. */
  public String origin() {
    return (ssl ? "https://" : "http://") + hostHeader();
  }

  /** Whether two endpoints are the same server (scheme, host and port). */
  public boolean sameServer(Endpoint other) {
    return ssl == other.ssl && host.equals(other.host) && port == other.port;
  }
}
