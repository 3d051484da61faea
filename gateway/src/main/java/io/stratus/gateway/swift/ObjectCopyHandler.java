package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.proxy.BackendPath;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.Locale;
import java.util.Map;

/**
 * Swift's server-side copy: {@code COPY} with Destination (and Destination-Account), and PUT with
 * X-Copy-From (and X-Copy-From-Account). The source is read as a GET would answer it (a large object
 * whole, a Range partially, {@code multipart-manifest=get} the manifest itself) and streamed into a
 * replicated PUT of the destination. The copy keeps the source's metadata, overlaid by the request's,
 * or with X-Fresh-Metadata only the request's; the content type is the request's or the source's.
 * In a versioned container the destination's current version is archived first, as for any PUT.
 */
final class ObjectCopyHandler {
  private static final java.util.Set<String> NOT_COPIED = java.util.Set.of("x-static-large-object", "x-object-manifest",
      "etag", "content-type", "x-timestamp", "x-backend-timestamp", "content-length", "last-modified", "accept-ranges",
      "content-range", "date", "x-trans-id", "x-openstack-request-id", "x-backend-data-timestamp", "connection",
      "x-object-sysmeta-slo-etag", "x-object-sysmeta-slo-size");

  private final SwiftProxy proxy;
  private final SwiftAuth auth;
  private final ObjectReadHandler reads;
  private final ObjectPutHandler puts;
  private final ObjectVersioning versioning;

  ObjectCopyHandler(SwiftProxy proxy, SwiftAuth auth, ObjectReadHandler reads, ObjectPutHandler puts,
      ObjectVersioning versioning) {
    this.proxy = proxy;
    this.auth = auth;
    this.reads = reads;
    this.puts = puts;
    this.versioning = versioning;
  }

  /** A copy's two ends. */
  private record Copy(String srcAccount, String srcContainer, String srcObject, SwiftPath destination) {
  }

  /** COPY: the request's path is the source, Destination (and Destination-Account) the target. */
  Future<Void> copy(SwiftRequest r) {
    String destination = r.http().getHeader("Destination");
    if (destination == null) return Future.failedFuture(StratusException.badRequest("Destination header required"));
    String[] target = containerAndObject(destination, "Destination");
    String account = otherAccount(r.http().getHeader("Destination-Account"), r.path().account());
    SwiftPath dest = new SwiftPath(r.path().version(), account, target[0], target[1]);
    proxy.constraints().checkPath(dest);
    auth.check(r, dest.account(), dest.container(), HttpMethod.PUT);
    SwiftPath src = r.path();
    return run(r, new Copy(src.account(), src.container(), src.object(), dest));
  }

  /** PUT with X-Copy-From: the request's path is the target. */
  Future<Void> putFrom(SwiftRequest r) {
    String length = r.http().getHeader("Content-Length");
    if (length != null && !length.trim().equals("0")) {
      return Future.failedFuture(StratusException.badRequest("Copy requests require a zero byte body"));
    }
    String[] source = containerAndObject(r.http().getHeader("X-Copy-From"), "X-Copy-From");
    String account = otherAccount(r.http().getHeader("X-Copy-From-Account"), r.path().account());
    auth.check(r, account, source[0], HttpMethod.GET);
    return run(r, new Copy(account, source[0], source[1], r.path()));
  }

  /**
   * Swift's check of Destination-Account and X-Copy-From-Account: an empty name, or one holding a
   * '/', is refused (400, as a malformed Destination is here); absent, the account is {@code own}.
   */
  private static String otherAccount(String header, String own) {
    if (header == null) return own;
    String account = SwiftPath.decode(header.trim());
    if (account.isEmpty()) throw StratusException.badRequest("Account name cannot be empty");
    if (account.contains("/")) throw StratusException.badRequest("Account name cannot contain slashes");
    return account;
  }

  /** {@code /container/object} (quoted, leading slash optional) as its two names; 412 as Swift when malformed. */
  static String[] containerAndObject(String header, String name) {
    String path = SwiftPath.decode(header.trim());
    if (path.startsWith("/")) path = path.substring(1);
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw new StratusException(ErrorCode.BAD_REQUEST, name + " header must be of the form <container name>/<object name>");
    }
    return new String[] {path.substring(0, slash), path.substring(slash + 1)};
  }

  private Future<Void> run(SwiftRequest r, Copy c) {
    proxy.constraints().checkMetadata(r.http().headers(), "object");
    MultiMap sourceRequest = MultiMap.caseInsensitiveMultiMap();
    for (String h : new String[] {"Range", "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"}) {
      if (r.http().getHeader(h) != null) sourceRequest.add(h, r.http().getHeader(h));
    }
    String manifest = r.http().getParam("multipart-manifest");
    return reads.open(r, c.srcAccount(), c.srcContainer(), c.srcObject(), sourceRequest, HttpMethod.GET, manifest, null)
        .compose(source -> {
          if (!source.success()) return Responses.send(r.http(), source);
          if (source.length() > proxy.constraints().maxFileSize()) {
            source.body().discard();
            return Future.failedFuture(new StratusException(ErrorCode.PAYLOAD_TOO_LARGE, "Your request is too large."));
          }
          return write(r, c, source);
        });
  }

  private Future<Void> write(SwiftRequest r, Copy c, ObjectBody source) {
    MultiMap h;
    try {
      h = headers(r, c, source);
    } catch (RuntimeException e) {
      source.body().discard();
      throw e;
    }
    SwiftPath d = c.destination();
    ObjectPutHandler.Upload upload = new ObjectPutHandler.Upload(d.account(), d.container(), d.object(), source.length(), h);
    boolean[] writing = {false};
    return versioning.beforeOverwrite(r, d)
        .compose(v -> puts.store(r, upload, out -> {
          writing[0] = true;
          return source.body().writeTo(out);
        }))
        // A store that failed before taking the body (no container, no replicas) leaves the source to release.
        .onFailure(e -> {
          if (!writing[0]) source.body().discard();
        })
        .compose(stored -> answer(r, c, source, stored));
  }

  /** 201 with the copy's ETag and where it came from (202 without the ETag: superseded); the quorum's error otherwise. */
  private static Future<Void> answer(SwiftRequest r, Copy c, ObjectBody source, ObjectPutHandler.Stored stored) {
    if (stored.status() / 100 != 2) return Responses.error(r.http(), stored.status());
    MultiMap answer = stored.status() == 202 ? MultiMap.caseInsensitiveMultiMap() : ObjectPutHandler.created(stored);
    answer.add("X-Copied-From", BackendPath.quote(c.srcContainer() + "/" + c.srcObject()))
        .add("X-Copied-From-Account", BackendPath.quote(c.srcAccount()));
    String modified = source.headers().get("Last-Modified");
    if (modified != null) answer.add("X-Copied-From-Last-Modified", modified);
    return Responses.status(r.http(), stored.status() == 202 ? 202 : 201, answer);
  }

  /** The destination's headers: the source's (unless fresh), the request's over them, and the copy's own. */
  private MultiMap headers(SwiftRequest r, Copy c, ObjectBody source) {
    MultiMap in = r.http().headers();
    MultiMap merged = MultiMap.caseInsensitiveMultiMap();
    boolean fresh = "true".equalsIgnoreCase(in.get("X-Fresh-Metadata"));
    boolean manifestCopy = "get".equals(r.http().getParam("multipart-manifest"));
    for (Map.Entry<String, String> e : source.stored()) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      boolean sysmeta = k.startsWith("x-object-sysmeta-");
      if (manifestCopy && (k.equals("x-static-large-object") || k.equals("x-object-manifest") || sysmeta)) {
        merged.add(e.getKey(), e.getValue());
      } else if (fresh ? sysmeta && !NOT_COPIED.contains(k) : !NOT_COPIED.contains(k) && copiable(k)) {
        merged.add(e.getKey(), e.getValue());
      }
    }
    in.forEach(e -> {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith("x-remove-object-meta-")) {
        merged.remove("X-Object-Meta-" + k.substring("x-remove-object-meta-".length()));
      } else if (k.startsWith("x-object-meta-") || ObjectPutHandler.ALLOWED.contains(k) || k.equals("x-delete-at")
          || k.equals("x-delete-after")) {
        merged.set(e.getKey(), e.getValue());
      }
    });
    if (merged.contains("X-Delete-After")) merged.remove("X-Delete-At");
    String type = in.get("Content-Type");
    merged.set("Content-Type", type != null && !type.isBlank() ? type : source.stored().get("Content-Type"));
    if (source.status() == 200 && !manifestCopy && !StaticLargeObject.isSlo(source.stored())
        && source.stored().get("X-Object-Manifest") == null && source.etag() != null) {
      merged.set("ETag", source.etag());
    }
    if (manifestCopy && StaticLargeObject.isSlo(source.stored())) merged.remove("ETag");
    if (merged.get("Content-Type") == null) merged.set("Content-Type", "application/octet-stream");
    MultiMap h = puts.backendHeaders(r, merged);
    for (Map.Entry<String, String> e : merged) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith("x-object-sysmeta-") || k.equals("x-static-large-object")) h.add(e.getKey(), e.getValue());
    }
    return h;
  }

  private static boolean copiable(String k) {
    return k.startsWith("x-object-meta-") || k.startsWith("x-object-sysmeta-") || ObjectPutHandler.ALLOWED.contains(k)
        || k.equals("x-delete-at");
  }
}
