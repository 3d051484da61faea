package io.stratus.gateway.swift;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/**
 * The Swift v1 API's front: parses and checks the path, authorizes the caller for the account, and
 * hands the request to the account, container or object controller by level and method. Unknown
 * methods answer 405.
 */
public final class SwiftApi {
  /** The methods temp URLs serve and the digests their signatures may use, for /info. */
  public static final java.util.List<String> TEMPURL_METHODS = TempUrl.METHODS;
  public static final java.util.List<String> DIGESTS = TempUrlSignature.DIGESTS;
  /** The storage policy containers are in, for /info. */
  public static final String STORAGE_POLICY = ContainerHandler.POLICY;
  private final SwiftProxy proxy;
  private final SwiftAuth auth;
  private final ObjectPutHandler objectPuts;
  private final ObjectReadHandler objectReads;
  private final ObjectWriteHandler objectWrites;
  private final ObjectCopyHandler copies;
  private final SloManifestPut sloPuts;
  private final StaticLargeObject slo;
  private final ContainerHandler containers;
  private final AccountHandler accounts;
  private final TempUrl tempUrl;
  private final FormPost formPost;
  private final BulkDelete bulkDelete;
  private final ExtractArchive extract;
  private final ObjectVersioning versioning;
  private final SwiftStore store;

  public SwiftApi(SwiftProxy proxy, SwiftAuth auth) {
    this.proxy = proxy;
    this.auth = auth;
    LargeObjectSegments segments = new LargeObjectSegments(proxy);
    this.objectReads = new ObjectReadHandler(proxy);
    this.objectWrites = new ObjectWriteHandler(proxy);
    this.slo = new StaticLargeObject(proxy, segments, objectWrites);
    objectReads.largeObjects(new DynamicLargeObject(proxy, segments), slo);
    this.objectPuts = new ObjectPutHandler(proxy, objectReads);
    this.versioning = new ObjectVersioning(proxy, objectReads, objectPuts, objectWrites);
    this.copies = new ObjectCopyHandler(proxy, auth, objectReads, objectPuts, versioning);
    this.sloPuts = new SloManifestPut(proxy, objectReads, objectPuts, versioning);
    this.containers = new ContainerHandler(proxy);
    this.accounts = new AccountHandler(proxy);
    this.tempUrl = new TempUrl(proxy);
    this.formPost = new FormPost(proxy, objectPuts, versioning);
    this.bulkDelete = new BulkDelete(objectWrites, containers);
    this.extract = new ExtractArchive(proxy, objectPuts, containers, versioning);
    this.store = new SwiftStore(proxy, objectReads, objectPuts, objectWrites, versioning, containers);
  }

  /** The same machinery for the S3 API, in-process. */
  public SwiftStore store() {
    return store;
  }

  /** Serves a request whose path starts with /v1; completes once the answer is sent. */
  public Future<Void> handle(io.vertx.core.http.HttpServerRequest http, String transId) {
    SwiftPath path = SwiftPath.parse(http.path());
    if (!path.version().equals("v1") && !path.version().equals("v1.0") || path.account() == null) {
      throw StratusException.notFound("No such API version or account.");
    }
    proxy.constraints().checkPath(path);
    if (FormPost.requested(http)) return formPost.handle(http, transId, path);
    if (TempUrl.requested(http)) return tempUrl.authorize(http, transId, path).compose(this::dispatch);
    return auth.authenticate(http).compose(caller -> {
      SwiftRequest r = new SwiftRequest(http, transId, path, caller);
      if (!auth.owns(caller, path.account(), HttpMethod.PUT)) hideOwnerHeaders(r);
      if (auth.owns(caller, path.account(), http.method())) return dispatch(r);
      return allowedByAcl(r).compose(allowed -> allowed ? dispatch(r) : Future.failedFuture(denied(caller)));
    });
  }

  /**
   * Keystoneauth's container ACLs for a caller that does not own the account: X-Container-Read lets
   * GET/HEAD of objects and (by grant, or referrer with .rlistings) the listing; X-Container-Write
   * lets object PUT, POST, DELETE. Container writes (and so setting ACLs) stay with the owners.
   */
  private Future<Boolean> allowedByAcl(SwiftRequest r) {
    SwiftPath p = r.path();
    HttpMethod m = r.http().method();
    boolean read = m == HttpMethod.GET || m == HttpMethod.HEAD;
    boolean objectWrite = p.level() == SwiftPath.Level.OBJECT && (m == HttpMethod.PUT || m == HttpMethod.POST
        || m == HttpMethod.DELETE);
    if (p.container() == null || !read && !objectWrite) return Future.succeededFuture(false);
    return proxy.containerHeaders(r, p.account(), p.container()).map(headers -> {
      if (headers == null) return false;
      ContainerAcl acl = ContainerAcl.parse(headers.get(read ? "X-Container-Read" : "X-Container-Write"));
      if (acl.grants(r.caller())) return true;
      return read && acl.referrerAllows(r.http().getHeader("Referer"), p.level() == SwiftPath.Level.CONTAINER);
    });
  }

  /**
   * Swift's owner-only metadata (the Temp-URL keys) for a caller that is not an owner (no write role
   * on the account): what it sends of them is dropped, and answers do not show them.
   */
  private static void hideOwnerHeaders(SwiftRequest r) {
    TempUrl.KEY_HEADERS.forEach(r.http().headers()::remove);
    io.vertx.core.http.HttpServerResponse out = r.http().response();
    out.headersEndHandler(v -> TempUrl.KEY_HEADERS.forEach(out.headers()::remove));
  }

  private static StratusException denied(io.stratus.common.auth.AuthContext caller) {
    if (caller == null) return StratusException.unauthorized("The request you have made requires authentication.");
    return StratusException.forbidden("Access was denied to this resource.");
  }

  private Future<Void> dispatch(SwiftRequest r) {
    HttpMethod m = r.http().method();
    if (m == HttpMethod.PUT && r.http().getParam("extract-archive") != null) return extract.handle(r);
    return switch (r.path().level()) {
      case OBJECT -> {
        if (m == HttpMethod.GET || m == HttpMethod.HEAD) yield objectReads.handle(r);
        if (m == HttpMethod.PUT) yield objectPut(r);
        if (m == HttpMethod.POST) yield objectWrites.post(r);
        if (m == HttpMethod.DELETE) {
          yield "delete".equals(r.http().getParam("multipart-manifest")) ? slo.delete(r) : objectDelete(r);
        }
        if (m.name().equals("COPY")) yield copies.copy(r);
        yield notAllowed();
      }
      case CONTAINER -> {
        if (m == HttpMethod.GET || m == HttpMethod.HEAD) yield containers.read(r);
        if (m == HttpMethod.PUT) yield containers.put(r);
        if (m == HttpMethod.POST) yield containers.post(r);
        if (m == HttpMethod.DELETE) yield containers.delete(r);
        yield notAllowed();
      }
      case ACCOUNT -> {
        if ((m == HttpMethod.POST || m == HttpMethod.DELETE) && r.http().params().contains("bulk-delete")) {
          yield bulkDelete.handle(r);
        }
        if (m == HttpMethod.GET || m == HttpMethod.HEAD) yield accounts.read(r);
        if (m == HttpMethod.POST) yield accounts.post(r);
        yield notAllowed();
      }
    };
  }

  private Future<Void> objectPut(SwiftRequest r) {
    if (r.http().getHeader("X-Copy-From") != null) return copies.putFrom(r);
    if ("put".equals(r.http().getParam("multipart-manifest"))) return sloPuts.handle(r);
    return versioning.beforeOverwrite(r).compose(v -> objectPuts.handle(r));
  }

  private Future<Void> objectDelete(SwiftRequest r) {
    return versioning.delete(r).compose(status -> status == null ? objectWrites.delete(r)
        : Responses.status(r.http(), status, null));
  }

  private static Future<Void> notAllowed() {
    return Future.failedFuture(new StratusException(ErrorCode.METHOD_NOT_ALLOWED, "Method Not Allowed"));
  }
}
