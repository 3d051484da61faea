package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.http.SwiftErrors;
import io.stratus.ring.Ring;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import java.util.Locale;

/**
 * Swift's versioned_writes for containers with X-Versions-Location (stack mode) or
 * X-History-Location (history mode): before an object is overwritten by any write (a PUT, a DLO or
 * SLO manifest PUT, a copy onto it) or, in history mode, deleted, its current version is copied,
 * streamed, to {@code <versions>/<len hex><name>/<timestamp>};
 * a DELETE in stack mode restores the newest archived version instead, in history mode it leaves a
 * delete marker ({@code application/x-deleted;swift_versions_deleted=1}) in the versions container.
 */
final class ObjectVersioning {
  static final String DELETE_MARKER = "application/x-deleted;swift_versions_deleted=1";

  private final SwiftProxy proxy;
  private final ObjectReadHandler reads;
  private final ObjectPutHandler puts;
  private final ObjectWriteHandler writes;

  ObjectVersioning(SwiftProxy proxy, ObjectReadHandler reads, ObjectPutHandler puts, ObjectWriteHandler writes) {
    this.proxy = proxy;
    this.reads = reads;
    this.puts = puts;
    this.writes = writes;
  }

  /** A container's versioning: where versions go and whether deletes leave markers (history mode). */
  record Mode(String location, boolean history) {
  }

  /**
   * The container headers a client's container PUT/POST sends, with versioning's rules: only one of
   * the two locations at once (400), setting one clears the other, X-Remove-*-Location clears it.
   * A location must be a container name: one with a slash is 412 as in Swift's versioned_writes;
   * one too long to be a container is 400 here already (Swift takes it, then fails every archiving).
   */
  static MultiMap containerHeaders(MultiMap in) {
    boolean stack = in.contains("X-Versions-Location");
    boolean history = in.contains("X-History-Location");
    if (stack && history) {
      throw StratusException.badRequest("Only one of X-Versions-Location or X-History-Location may be specified");
    }
    if (stack) checkLocation(in.get("X-Versions-Location"));
    if (history) checkLocation(in.get("X-History-Location"));
    MultiMap out = MultiMap.caseInsensitiveMultiMap().addAll(in);
    if (stack) out.set("X-History-Location", "");
    if (history) out.set("X-Versions-Location", "");
    if (in.contains("X-Remove-Versions-Location")) out.set("X-Versions-Location", "");
    if (in.contains("X-Remove-History-Location")) out.set("X-History-Location", "");
    return out;
  }

  /** A versions location (empty: none) as a container name, checked as its user would send it and decoded. */
  private static void checkLocation(String location) {
    if (location.isEmpty()) return;
    String name = SwiftPath.decode(location.trim());
    if (location.indexOf('/') >= 0 || name.indexOf('/') >= 0) {
      throw SwiftErrors.plain(ErrorCode.PRECONDITION_FAILED, "Container name cannot contain slashes");
    }
    Constraints.checkLength("Container name", name, Constraints.MAX_CONTAINER_NAME_LENGTH);
  }

  /** The key under which the info cache remembers that a container keeps no versions. */
  static String unversionedKey(String account, String container) {
    return "/" + account + "/" + container + "?unversioned";
  }

  /**
   * The versioning of a container; null when it keeps no versions. That a container keeps none is
   * cached with the containers' existence (container writes through this gateway forget it), so
   * writes to ordinary containers do not pay a container HEAD each.
   */
  Future<Mode> mode(SwiftRequest r, SwiftPath p) {
    String key = unversionedKey(p.account(), p.container());
    if (proxy.cache().get(key) != null) return Future.succeededFuture(null);
    return proxy.containerHeaders(r, p.account(), p.container()).map(h -> {
      if (h == null) return null;
      String history = h.get("X-History-Location");
      if (history != null && !history.isBlank()) return new Mode(SwiftPath.decode(history.trim()), true);
      String stack = h.get("X-Versions-Location");
      if (stack != null && !stack.isBlank()) return new Mode(SwiftPath.decode(stack.trim()), false);
      proxy.cache().put(key, 204);
      return null;
    });
  }

  /** Before a PUT of the request's object: archives its current version when the container keeps versions. */
  Future<Void> beforeOverwrite(SwiftRequest r) {
    return beforeOverwrite(r, r.path());
  }

  /** Before a write of {@code target} (a copy's destination, a manifest): archives its current version, if kept. */
  Future<Void> beforeOverwrite(SwiftRequest r, SwiftPath target) {
    return mode(r, target).compose(mode -> mode == null ? Future.succeededFuture()
        : archiveCurrent(r, target, mode).mapEmpty());
  }

  /** A DELETE in a versioned container: its status, or null when versioning has nothing to do with it. */
  Future<Integer> delete(SwiftRequest r) {
    return mode(r, r.path()).compose(mode -> {
      if (mode == null) return Future.succeededFuture(null);
      if (mode.history()) return historyDelete(r, mode);
      return restorePrevious(r, mode);
    });
  }

  /** {@code %03x} of the name's length, the name and a slash: the prefix of an object's versions. */
  static String versionPrefix(String object) {
    return String.format("%03x", object.length()) + object + "/";
  }

  /**
   * Copies the current version of {@code p} into the versions container; whether there was one. An
   * SLO manifest is copied in its stored form (as Swift's versioned_writes, right of slo in the
   * pipeline, sees it), so that the archived version, and a restored one, is still a large object.
   */
  private Future<Boolean> archiveCurrent(SwiftRequest r, SwiftPath p, Mode mode) {
    return reads.open(r, p.account(), p.container(), p.object(), MultiMap.caseInsensitiveMultiMap(), HttpMethod.GET, "get",
        null).compose(current -> {
          if (!current.success()) {
            current.body().discard();
            if (current.status() == 404) return Future.succeededFuture(false);
            return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE, "The current version could not be read."));
          }
          String name = versionPrefix(p.object()) + current.stored().get("X-Timestamp");
          return copy(r, current, p.account(), mode.location(), name).map(true);
        });
  }

  /** Stores an opened object under another name (metadata, sysmeta and type kept); fails unless stored. */
  private Future<Void> copy(SwiftRequest r, ObjectBody source, String account, String container, String object) {
    MultiMap h = proxy.headers(r).add("X-Timestamp", SwiftTimestamp.now(proxy.clock()));
    source.stored().forEach(e -> {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith("x-object-meta-") || k.startsWith("x-object-sysmeta-") || k.equals("content-type")
          || k.equals("x-static-large-object") || ObjectPutHandler.ALLOWED.contains(k)) {
        h.add(e.getKey(), e.getValue());
      }
    });
    ObjectPutHandler.Upload upload = new ObjectPutHandler.Upload(account, container, object, source.length(), h);
    return puts.store(r, upload, out -> source.body().writeTo(out)).compose(stored -> stored.status() / 100 == 2
        ? Future.succeededFuture()
        : Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE, "The version could not be stored.")));
  }

  /** Stack mode: the newest archived version replaces the object and leaves the versions container. */
  private Future<Integer> restorePrevious(SwiftRequest r, Mode mode) {
    return versions(r, mode).compose(names -> restoreFrom(r, mode, names, 0)).compose(restored -> restored
        ? Future.succeededFuture(204) : Future.succeededFuture((Integer) null));
  }

  private Future<Boolean> restoreFrom(SwiftRequest r, Mode mode, JsonArray names, int i) {
    if (i >= names.size()) return Future.succeededFuture(false);
    SwiftPath p = r.path();
    String version = names.getJsonObject(i).getString("name");
    if (DELETE_MARKER.equals(names.getJsonObject(i).getString("content_type"))) return Future.succeededFuture(false);
    return reads.open(r, p.account(), mode.location(), version, MultiMap.caseInsensitiveMultiMap(), HttpMethod.GET, "get",
        null).compose(body -> {
          if (!body.success()) {
            body.body().discard();
            return restoreFrom(r, mode, names, i + 1);
          }
          return copy(r, body, p.account(), p.container(), p.object())
              .compose(v -> writes.deleteObject(r, p.account(), mode.location(), version))
              .map(true);
        });
  }

  /** The object's archived versions, newest first. */
  private Future<JsonArray> versions(SwiftRequest r, Mode mode) {
    SwiftPath p = r.path();
    String query = "format=json&reverse=true&limit=100&prefix=" + io.stratus.gateway.proxy.BackendPath.quote(
        versionPrefix(p.object())).replace("/", "%2F");
    Ring ring = proxy.containerRing();
    return proxy.read(ring, HttpMethod.GET, p.account(), mode.location(), null, query, proxy.headers(r)).compose(result -> {
      HttpClientResponse resp = result.response();
      if (resp == null) return Future.succeededFuture(new JsonArray());
      return resp.body().map(b -> resp.statusCode() == 200 ? new JsonArray(b) : new JsonArray());
    });
  }

  /** History mode: the current version is archived, a delete marker written, then the object deleted. */
  private Future<Integer> historyDelete(SwiftRequest r, Mode mode) {
    SwiftPath p = r.path();
    return archiveCurrent(r, p, mode).compose(existed -> {
      MultiMap h = proxy.headers(r).add("X-Timestamp", SwiftTimestamp.now(proxy.clock())).add("Content-Type", DELETE_MARKER);
      String marker = versionPrefix(p.object()) + SwiftTimestamp.now(proxy.clock());
      ObjectPutHandler.Upload upload = new ObjectPutHandler.Upload(p.account(), mode.location(), marker, 0, h);
      return puts.store(r, upload, out -> Future.succeededFuture())
          .compose(stored -> writes.deleteObject(r, p.account(), p.container(), p.object()));
    });
  }
}
