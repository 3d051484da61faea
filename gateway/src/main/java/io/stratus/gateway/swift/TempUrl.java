package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.http.SwiftErrors;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Swift's tempurl middleware: a request carrying {@code temp_url_sig} and {@code temp_url_expires}
 * is let in without a token when the signature is the HMAC of {@code [ip=range\n]METHOD\nexpires\npath}
 * (or {@code prefix:/v1/a/c/prefix}) under one of the account's or container's Temp-URL keys and
 * has not expired; HEAD is also let in by a GET, POST or PUT signature. Its answers lose
 * X-Object-Meta-* (but X-Object-Meta-Public-*) and get a Content-Disposition (filename, inline).
 * Anything wrong is a 401 with Swift's "Temp URL invalid" body.
 */
final class TempUrl {
  /** The methods a temp URL may be used with, as /info lists them. */
  static final List<String> METHODS = List.of("GET", "HEAD", "PUT");
  /** The owner-only metadata holding the keys: set by owners only, hidden from everyone else. */
  static final List<String> KEY_HEADERS = List.of("X-Account-Meta-Temp-URL-Key", "X-Account-Meta-Temp-URL-Key-2",
      "X-Container-Meta-Temp-URL-Key", "X-Container-Meta-Temp-URL-Key-2");
  /** Headers a temp URL PUT may not carry (they would point at data the URL does not grant). */
  private static final List<String> DISALLOWED = List.of("X-Object-Manifest", "X-Symlink-Target");
  /** The query parameters a temp URL request keeps. */
  private static final List<String> QUERY = List.of("temp_url_sig", "temp_url_expires", "temp_url_prefix",
      "temp_url_ip_range", "filename", "inline");
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
      Locale.US).withZone(ZoneOffset.UTC);
  /** The 401 text Swift's tempurl answers with. */
  static final String INVALID = "401 Unauthorized: Temp URL invalid\n";

  private final SwiftProxy proxy;

  TempUrl(SwiftProxy proxy) {
    this.proxy = proxy;
  }

  /** Whether the request asks to be let in by a temp URL (either query parameter present). */
  static boolean requested(HttpServerRequest http) {
    return http.getParam("temp_url_sig") != null || http.getParam("temp_url_expires") != null;
  }

  /** The request as an anonymous caller let in by its signature, or a 401 failure. */
  Future<SwiftRequest> authorize(HttpServerRequest http, String transId, SwiftPath path) {
    String prefix = http.getParam("temp_url_prefix");
    String ipRange = http.getParam("temp_url_ip_range");
    long expires = TempUrlSignature.expires(http.getParam("temp_url_expires"));
    TempUrlSignature.Digest sig = TempUrlSignature.parse(http.getParam("temp_url_sig"));
    boolean valid = sig != null && expires >= proxy.clock().millis() / 1000.0 && METHODS.contains(http.method().name())
        && path.level() == SwiftPath.Level.OBJECT && (prefix == null || path.object().startsWith(prefix))
        && (ipRange == null || TempUrlSignature.inRange(http.remoteAddress().hostAddress(), ipRange));
    if (!valid) return Future.failedFuture(invalid());
    SwiftRequest r = new SwiftRequest(http, transId, path, null);
    String signedPath = prefix != null
        ? "prefix:/" + path.version() + "/" + path.account() + "/" + path.container() + "/" + prefix
        : SwiftPath.decode(http.path());
    return keys(proxy, r).compose(keys -> {
      for (String method : signedMethods(http.method())) {
        String body = TempUrlSignature.tempUrlBody(method, expires, signedPath, ipRange);
        for (String key : keys) {
          if (TempUrlSignature.matches(sig, key, body)) return admit(r, expires);
        }
      }
      return Future.failedFuture(invalid());
    });
  }

  /**
   * Lets a signed request in as Swift's tempurl does: a PUT may not point at other data
   * (X-Object-Manifest, X-Symlink-Target: 400); only the temp URL's own query parameters remain, so
   * a temp URL cannot be turned into a manifest or archive upload; the answer is filtered.
   */
  private static Future<SwiftRequest> admit(SwiftRequest r, long expires) {
    HttpServerRequest http = r.http();
    if (http.method() != HttpMethod.GET && http.method() != HttpMethod.HEAD) {
      for (String name : DISALLOWED) {
        if (http.headers().contains(name)) {
          return Future.failedFuture(StratusException.badRequest("The header '" + name + "' is not allowed in this tempurl"));
        }
      }
    }
    List<String> extra = http.params().names().stream().filter(n -> !QUERY.contains(n)).toList();
    extra.forEach(http.params()::remove);
    http.headers().remove("X-Timestamp").remove("X-Open-Expired");
    filterResponse(http, expires);
    return Future.succeededFuture(r);
  }

  /** The failure a bad temp URL answers with. */
  static StratusException invalid() {
    return SwiftErrors.plain(ErrorCode.UNAUTHORIZED, INVALID);
  }

  /** HEAD may use a signature made for GET, POST or PUT, as Swift's tempurl allows. */
  private static List<String> signedMethods(HttpMethod method) {
    if (method == HttpMethod.HEAD) return List.of("HEAD", "GET", "POST", "PUT");
    return List.of(method.name());
  }

  /** The account's then the container's Temp-URL keys that are set. */
  static Future<List<String>> keys(SwiftProxy proxy, SwiftRequest r) {
    SwiftPath p = r.path();
    Future<MultiMap> account = proxy.accountHeaders(r, p.account());
    Future<MultiMap> container = proxy.containerHeaders(r, p.account(), p.container());
    return Future.all(account, container).map(v -> {
      List<String> keys = new ArrayList<>();
      for (MultiMap headers : List.of(orEmpty(account.result()), orEmpty(container.result()))) {
        for (String name : KEY_HEADERS) {
          String key = headers.get(name);
          if (key != null && !key.isEmpty()) keys.add(key);
        }
      }
      return keys;
    });
  }

  private static MultiMap orEmpty(MultiMap headers) {
    return headers != null ? headers : MultiMap.caseInsensitiveMultiMap();
  }

  /** Swift's outgoing header rules for temp URL answers, applied as the headers go out. */
  private static void filterResponse(HttpServerRequest http, long expires) {
    HttpServerResponse out = http.response();
    out.headersEndHandler(v -> {
      MultiMap h = out.headers();
      List<String> drop = h.names().stream().map(n -> n.toLowerCase(Locale.ROOT))
          .filter(n -> n.startsWith("x-object-meta-") && !n.startsWith("x-object-meta-public-")).toList();
      drop.forEach(h::remove);
      boolean read = http.method() == HttpMethod.GET || http.method() == HttpMethod.HEAD;
      if (read && out.getStatusCode() / 100 == 2) {
        h.set("Content-Disposition", disposition(http, h.get("Content-Disposition")));
        h.set("Expires", HTTP_DATE.format(Instant.ofEpochSecond(expires)));
      }
    });
  }

  /** Swift's choice of Content-Disposition: inline, the given filename, the stored one, or the object's name. */
  private static String disposition(HttpServerRequest http, String stored) {
    String filename = http.getParam("filename");
    String value;
    if (http.getParam("inline") != null) {
      value = filename != null ? TempUrlSignature.disposition("inline", filename) : "inline";
    } else if (filename != null) {
      value = TempUrlSignature.disposition("attachment", filename);
    } else if (stored != null) {
      value = stored;
    } else {
      String path = SwiftPath.decode(http.path());
      while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
      value = TempUrlSignature.disposition("attachment", path.substring(path.lastIndexOf('/') + 1));
    }
    return value.replace("\n", "%0A");
  }
}
