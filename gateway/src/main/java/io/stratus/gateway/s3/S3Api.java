package io.stratus.gateway.s3;

import io.stratus.common.error.StratusException;
import io.stratus.common.http.Escapes;
import io.stratus.common.policy.RolePolicy;
import io.stratus.gateway.s3.auth.S3Auth;
import io.stratus.gateway.s3.auth.S3Body;
import io.stratus.gateway.s3.auth.S3Caller;
import io.stratus.gateway.swift.SwiftPath;
import io.stratus.gateway.swift.SwiftStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The S3 API's front: authenticates a request ({@link S3Auth}), finds the bucket and key it names (path-style
 * {@code /bucket/key}, or virtual-hosted {@code bucket.<s3-domain>}), checks the caller's role on its project
 * (reader for GET and HEAD, member for writes) and hands it to the operation by method, level and subresource;
 * a request with an Origin gets the CORS headers its bucket's rules allow. Unsigned, it serves browser form uploads
 * ({@link FormUpload}) and CORS preflights ({@link CorsHandler}).
 * Every answer carries x-amz-request-id and x-amz-id-2; every failure is rendered here as S3 XML. Buckets are the
 * containers of the caller's account {@code AUTH_<project>}.
 */
public final class S3Api {
  /** The account prefix of project accounts. */
  private final String resellerPrefix;
  private final S3Auth auth;
  private final String domain;
  private final BucketHandler buckets;
  private final BucketConfigs configs;
  private final ListObjects listings;
  private final ObjectHandler objects;
  private final ObjectCopy copies;
  private final ObjectTagging tagging;
  private final DeleteObjects batchDeletes;
  private final MultipartUploads multipart;
  private final CompleteUpload completes;
  private final CorsHandler cors;
  private final FormUpload forms;

  public S3Api(SwiftStore store, S3Auth auth, String domain, String resellerPrefix) {
    this.auth = auth;
    this.domain = domain == null ? "" : domain.toLowerCase(Locale.ROOT);
    this.resellerPrefix = resellerPrefix;
    this.buckets = new BucketHandler(store);
    CorsIndex corsIndex = new CorsIndex(store);
    this.cors = new CorsHandler(corsIndex);
    this.forms = new FormUpload(store, auth, resellerPrefix, cors);
    this.configs = new BucketConfigs(store, corsIndex);
    this.listings = new ListObjects(store);
    this.objects = new ObjectHandler(store);
    this.copies = new ObjectCopy(store);
    this.tagging = new ObjectTagging(store);
    this.batchDeletes = new DeleteObjects(objects);
    this.multipart = new MultipartUploads(store);
    this.completes = new CompleteUpload(store, multipart);
  }

  /** Whether a request that carries no signature is an S3 browser upload (POST of multipart/form-data to a bucket). */
  public static boolean isFormPost(HttpServerRequest request) {
    String type = request.getHeader("Content-Type");
    return request.method() == HttpMethod.POST && type != null
        && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") && !request.path().startsWith("/v1");
  }

  /** Serves a request that carries an AWS signature; completes once the answer is sent (errors included). */
  public Future<Void> handle(HttpServerRequest http, String transId) {
    stamp(http, transId);
    String[] target;
    try {
      if (!Escapes.wellFormed(http.uri())) throw new S3Exception(S3ErrorCode.INVALID_URI);
      target = target(http);
    } catch (RuntimeException e) {
      return render(http, transId, e, null, null);
    }
    return auth.authenticate(http)
        .compose(caller -> handle(http, transId, caller, auth.body(http, caller)))
        .recover(e -> render(http, transId, e, target[0], target[1]));
  }

  /**
   * A browser form upload (presigned POST, S3's POST Object) to a bucket: the form's policy and signature are its
   * authentication ({@link FormUpload}). Completes once the answer is sent (errors included, as S3 XML).
   */
  public Future<Void> handleFormPost(HttpServerRequest http, String transId) {
    stamp(http, transId);
    String[] target = {null, null};
    try {
      target = target(http);
      if (target[0] == null || target[1] != null) throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
      String bucket = target[0];
      return forms.handle(http, transId, bucket).recover(e -> render(http, transId, e, bucket, null));
    } catch (RuntimeException e) {
      return render(http, transId, e, target[0], target[1]);
    }
  }

  /** Whether a request that carries no signature is a CORS preflight for S3: an OPTIONS outside the Swift API. */
  public static boolean isPreflight(HttpServerRequest request) {
    return CorsHandler.isPreflight(request);
  }

  /**
   * A CORS preflight ({@code OPTIONS /bucket[/key]}, unsigned) answered from the bucket's CORS rules: 200 with the
   * Access-Control-Allow-* headers, or 403 AccessForbidden. Completes once the answer is sent.
   */
  public Future<Void> handlePreflight(HttpServerRequest http, String transId) {
    stamp(http, transId);
    String[] target = {null, null};
    try {
      target = target(http);
      String[] t = target;
      return cors.preflight(http, transId, t[0]).recover(e -> render(http, transId, e, t[0], t[1]));
    } catch (RuntimeException e) {
      return render(http, transId, e, target[0], target[1]);
    }
  }

  /**
   * Serves an S3 request whose caller is already known: the API below authentication (the gateway calls it once the
   * signature is checked; tests call it with a caller of their own). Completes once the answer is sent.
   */
  public Future<Void> handle(HttpServerRequest http, String transId, S3Caller caller, S3Body body) {
    stamp(http, transId);
    String[] target = {null, null};
    try {
      target = target(http);
      S3Request r = request(http, transId, caller, body, target);
      authorize(r);
      return cors.decorate(http, transId, r.swift().path().account(), r.bucket()).compose(v -> dispatch(r))
          .recover(e -> render(http, transId, e, r.bucket(), r.key()));
    } catch (RuntimeException e) {
      return render(http, transId, e, target[0], target[1]);
    }
  }

  private S3Request request(HttpServerRequest http, String transId, S3Caller caller, S3Body body, String[] target) {
    String account = resellerPrefix + caller.auth().projectId();
    return new S3Request(http, transId, caller, body, target[0], target[1],
        SwiftStore.context(http, transId, account, caller.auth()));
  }

  private static void stamp(HttpServerRequest http, String transId) {
    http.response().putHeader("x-amz-request-id", transId).putHeader("x-amz-id-2", transId);
  }

  private static Future<Void> render(HttpServerRequest http, String transId, Throwable e, String bucket, String key) {
    S3Errors.send(http, e, transId, bucket, key);
    return Future.succeededFuture();
  }

  /** The bucket and key a request names (null when absent), from the Host (virtual-hosted) or the path. */
  String[] target(HttpServerRequest http) {
    String path = SwiftPath.decode(http.path());
    if (path.indexOf('\0') >= 0) throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Invalid path");
    String rest = path.startsWith("/") ? path.substring(1) : path;
    String bucket = virtualBucket(http.getHeader("Host"));
    String key;
    if (bucket == null) {
      int slash = rest.indexOf('/');
      bucket = slash < 0 ? rest : rest.substring(0, slash);
      key = slash < 0 ? "" : rest.substring(slash + 1);
    } else {
      key = rest;
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > 1024) throw new S3Exception(S3ErrorCode.KEY_TOO_LONG);
    return new String[] {bucket.isEmpty() ? null : bucket, bucket.isEmpty() || key.isEmpty() ? null : key};
  }

  private String virtualBucket(String host) {
    if (domain.isEmpty() || host == null) return null;
    String h = host.toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > 0 && h.indexOf(']') < colon) h = h.substring(0, colon);
    if (!h.endsWith("." + domain)) return null;
    return host.substring(0, h.length() - domain.length() - 1);
  }

  /** Reader for GET and HEAD, member for writes, on the caller's own project (admins pass). */
  private static void authorize(S3Request r) {
    HttpMethod m = r.http().method();
    String role = m == HttpMethod.GET || m == HttpMethod.HEAD ? RolePolicy.READER : RolePolicy.MEMBER;
    try {
      if (r.project() == null) throw StratusException.forbidden("The credential is not scoped to a project.");
      RolePolicy.requireOnProject(r.caller().auth(), r.project(), role);
    } catch (StratusException e) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, S3ErrorCode.ACCESS_DENIED.message(),
          S3Errors.resource(r.bucket(), r.key()));
    }
  }

  private Future<Void> dispatch(S3Request r) {
    if (r.bucket() == null) {
      if (r.http().method() == HttpMethod.GET) return buckets.list(r);
      throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
    }
    return r.key() == null ? bucket(r) : object(r);
  }

  private Future<Void> bucket(S3Request r) {
    HttpMethod m = r.http().method();
    String sub = configs.subresource(r);
    if (sub != null) return configs.handle(r, sub);
    if (m == HttpMethod.GET) {
      if (r.has("uploads")) return multipart.listUploads(r);
      if (r.has("versions")) return listings.versions(r);
      return "2".equals(r.param("list-type")) ? listings.v2(r) : listings.v1(r);
    }
    if (m == HttpMethod.HEAD) return buckets.head(r);
    if (m == HttpMethod.PUT) return buckets.create(r);
    if (m == HttpMethod.DELETE) return buckets.delete(r);
    if (m == HttpMethod.POST && r.has("delete")) return batchDeletes.handle(r);
    throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
  }

  private Future<Void> object(S3Request r) {
    HttpMethod m = r.http().method();
    boolean upload = r.has("uploadId");
    if (r.has("tagging")) return tagging.handle(r);
    if (r.has("acl")) return configs.objectAcl(r);
    if (m == HttpMethod.GET) return upload ? multipart.listParts(r) : objects.get(r);
    if (m == HttpMethod.HEAD) return objects.get(r);
    if (m == HttpMethod.PUT) {
      if (upload || r.has("partNumber")) {
        return r.header("x-amz-copy-source") != null ? multipart.uploadPartCopy(r, copies) : multipart.uploadPart(r, objects);
      }
      return r.header("x-amz-copy-source") != null ? copies.copy(r) : objects.put(r);
    }
    if (m == HttpMethod.DELETE) return upload ? multipart.abort(r) : objects.delete(r);
    if (m == HttpMethod.POST) {
      if (r.has("uploads")) return multipart.create(r, objects);
      if (upload) return completes.complete(r);
      throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "This POST operation is not implemented.");
    }
    throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
  }
}
