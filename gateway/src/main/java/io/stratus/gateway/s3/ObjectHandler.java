package io.stratus.gateway.s3;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.gateway.proxy.ReplicatedPut;
import io.stratus.gateway.swift.ObjectBody;
import io.stratus.gateway.swift.SwiftStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Object PUT, GET, HEAD and DELETE: {@code x-amz-meta-*} is kept as X-Object-Meta-*, Content-Type and the content
 * headers as Swift keeps them, Content-MD5 checked by the storage nodes (BadDigest); the body streams from
 * {@link io.stratus.gateway.s3.auth.S3Body} to the replicas through the Swift PUT path with back-pressure. GET and
 * HEAD answer ranges, S3's conditionals and the response-* overrides (versionId and partNumber are only checked, see
 * {@link VersionIds}); an object completed by a multipart upload (an SLO manifest) streams its parts and shows its
 * S3 ETag. DELETE answers 204 whether or not the key existed, and takes a multipart object's parts with it (not in a
 * versioned bucket, whose archived versions use them).
 */
final class ObjectHandler {
  /** The S3 ETag of an object whose Swift ETag is another (a multipart upload's manifest). */
  static final String SYSMETA_ETAG = "X-Object-Sysmeta-S3-Etag";
  /** The user-metadata key the object's tag set is kept under (as a query string). */
  static final String TAGGING_META = "X-Object-Meta-S3-Tagging";
  static final String DEFAULT_TYPE = "binary/octet-stream";
  private static final int MAX_USER_METADATA = 2048;
  private static final List<String> CONTENT_HEADERS = List.of("Content-Disposition", "Content-Encoding", "Cache-Control",
      "Content-Language", "Expires");
  private static final Set<String> STORAGE_CLASSES = Set.of("STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA",
      "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR", "OUTPOSTS", "SNOW", "EXPRESS_ONEZONE");
  private static final Map<String, String> OVERRIDES = Map.of("response-content-type", "Content-Type",
      "response-content-language", "Content-Language", "response-expires", "Expires", "response-cache-control",
      "Cache-Control", "response-content-disposition", "Content-Disposition", "response-content-encoding",
      "Content-Encoding");

  private final SwiftStore store;

  ObjectHandler(SwiftStore store) {
    this.store = store;
  }

  SwiftStore store() {
    return store;
  }

  Future<Void> put(S3Request r) {
    BucketConfigs.requireCannedName(r.header("x-amz-acl"));
    long length = length(r);
    MultiMap client = clientHeaders(r.http().headers());
    byte[] md5 = S3Request.md5Header(r.header("Content-MD5"));
    if (md5 != null) client.set("ETag", Digests.hex(md5));
    String tags = r.header("x-amz-tagging");
    if (tags != null) client.set(TAGGING_META, ObjectTagging.normalize(tags));
    return store(r, r.key(), length, client, MultiMap.caseInsensitiveMultiMap(), r.body().stream())
        .compose(w -> {
          r.http().response().putHeader("ETag", "\"" + w.etag() + "\"");
          return S3Responses.empty(r.http(), 200);
        });
  }

  /** The decoded length of the request's body; MissingContentLength when unknown and not chunked, EntityTooLarge. */
  long length(S3Request r) {
    long length = r.body().length();
    boolean chunked = r.http().headers().contains("Transfer-Encoding", "chunked", true);
    if (length < 0 && !chunked) throw new S3Exception(S3ErrorCode.MISSING_CONTENT_LENGTH);
    if (length > store.maxFileSize()) throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE);
    return length;
  }

  /**
   * Stores {@code body} as {@code bucket/key} of the request (or a segment: {@code container} other than the bucket
   * through {@link #store(S3Request, String, String, long, MultiMap, MultiMap, ReadStream)}); the quorum's answer,
   * failed in S3 terms unless stored.
   */
  Future<SwiftStore.Written> store(S3Request r, String key, long length, MultiMap client, MultiMap sysmeta,
      ReadStream<Buffer> body) {
    return store(r, r.bucket(), key, length, client, sysmeta, body);
  }

  Future<SwiftStore.Written> store(S3Request r, String container, String key, long length, MultiMap client,
      MultiMap sysmeta, ReadStream<Buffer> body) {
    return store.putObject(r.swift(), container, key, length, client, sysmeta, out -> pipe(r, body, out))
        .recover(e -> Future.failedFuture(bucketMissing(e, r)))
        .map(w -> {
          if (w.status() / 100 != 2) throw S3Errors.forStatus(w.status(), false, r.bucket(), r.key());
          return w;
        });
  }

  private static Future<Void> pipe(S3Request r, ReadStream<Buffer> body, WriteStream<Buffer> out) {
    if (r.http().response().closed()) {
      return Future.failedFuture(new ReplicatedPut.ClientDisconnected(new IOException("connection closed before the body")));
    }
    r.continueIfExpected();
    return body.pipe().endOnComplete(false).to(out);
  }

  /** A Swift 404 of a write or listing: the bucket is missing. */
  static Throwable bucketMissing(Throwable e, S3Request r) {
    if (e instanceof StratusException s && s.code() == ErrorCode.NOT_FOUND) {
      return new S3Exception(S3ErrorCode.NO_SUCH_BUCKET, S3ErrorCode.NO_SUCH_BUCKET.message(), "/" + r.bucket())
          .with("BucketName", r.bucket());
    }
    return e;
  }

  /** The Swift headers an S3 write's headers ask for: user metadata, content type and headers; storage class checked. */
  static MultiMap clientHeaders(MultiMap in) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    int size = 0;
    for (Map.Entry<String, String> e : in) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith("x-amz-meta-") && k.length() > "x-amz-meta-".length()) {
        String name = k.substring("x-amz-meta-".length());
        size += name.length() + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        if (!("x-object-meta-" + name).equalsIgnoreCase(TAGGING_META)) out.add("X-Object-Meta-" + name, e.getValue());
      }
    }
    if (size > MAX_USER_METADATA) throw new S3Exception(S3ErrorCode.METADATA_TOO_LARGE);
    String storageClass = in.get("x-amz-storage-class");
    if (storageClass != null && !STORAGE_CLASSES.contains(storageClass)) throw new S3Exception(S3ErrorCode.INVALID_STORAGE_CLASS);
    String type = in.get("Content-Type");
    out.set("Content-Type", type == null || type.isBlank() ? DEFAULT_TYPE : type);
    for (String h : CONTENT_HEADERS) {
      String v = in.get(h);
      if (h.equals("Content-Encoding") && v != null) v = withoutAwsChunked(v);
      if (v != null && !v.isBlank()) out.set(h, v);
    }
    return out;
  }

  /** A Content-Encoding without the aws-chunked transfer coding (which is the request's, not the object's). */
  private static String withoutAwsChunked(String encoding) {
    List<String> kept = new ArrayList<>();
    for (String part : encoding.split(",")) {
      if (!part.trim().equalsIgnoreCase("aws-chunked") && !part.isBlank()) kept.add(part.trim());
    }
    return String.join(", ", kept);
  }

  Future<Void> get(S3Request r) {
    HttpMethod method = r.http().method();
    VersionIds.requireCurrent(r.param("versionId"), "versionId", r.bucket(), r.key());
    if (r.has("partNumber")) MultipartUploads.partNumber(r);
    Map<String, String> overrides = overrides(r);
    MultiMap request = MultiMap.caseInsensitiveMultiMap();
    String range = r.header("Range");
    if (range != null) request.add("Range", range);
    return store.openObject(r.swift(), r.bucket(), r.key(), request, method, false).compose(body -> {
      if (!body.success()) {
        body.body().discard();
        return notFound(r, body.status());
      }
      String etag = etag(body);
      String lastModified = body.headers().get("Last-Modified");
      int condition = S3Conditionals.evaluate(r.http().headers(), "", etag, lastModified);
      HttpServerResponse out = r.http().response();
      if (condition == 412) {
        body.body().discard();
        throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED, S3ErrorCode.PRECONDITION_FAILED.message(),
            S3Errors.resource(r.bucket(), r.key())).with("Condition", "If-Match");
      }
      out.putHeader("ETag", "\"" + etag + "\"");
      if (lastModified != null) out.putHeader("Last-Modified", lastModified);
      if (condition == 304) {
        body.body().discard();
        return out.setStatusCode(304).end();
      }
      describe(body, out);
      overrides.forEach(out.headers()::set);
      out.setStatusCode(body.status()).putHeader("Content-Length", Long.toString(body.length()));
      if (method == HttpMethod.HEAD) {
        body.body().discard();
        return out.end();
      }
      return body.body().sendTo(out);
    });
  }

  /**
   * The response headers the request's response-* parameters ask for, by header name. A value with a control
   * character (CR and LF above all: a header it would split) is InvalidArgument, checked before anything is read.
   */
  private static Map<String, String> overrides(S3Request r) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> o : OVERRIDES.entrySet()) {
      String v = r.param(o.getKey());
      if (v == null) continue;
      if (v.chars().anyMatch(Character::isISOControl)) {
        // The value is not echoed: its control characters have no place in an XML body either.
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The " + o.getKey()
            + " value may not contain control characters.", S3Errors.resource(r.bucket(), r.key()))
            .with("ArgumentName", o.getKey());
      }
      headers.put(o.getValue(), v);
    }
    return headers;
  }

  /** A failed read: NoSuchKey, or NoSuchBucket when the bucket is what is missing, or the status mapped. */
  private Future<Void> notFound(S3Request r, int status) {
    if (status != 404) throw S3Errors.forStatus(status, false, r.bucket(), r.key());
    return store.headContainer(r.swift(), r.bucket()).compose(head -> {
      if (head.status() == 404) throw S3Errors.forStatus(404, false, r.bucket(), null);
      throw S3Errors.forStatus(404, false, r.bucket(), r.key());
    });
  }

  /** An object's S3 ETag (unquoted): a multipart object's from sysmeta, else Swift's. */
  static String etag(ObjectBody body) {
    String s3 = body.stored().get(SYSMETA_ETAG);
    return s3 != null ? s3 : body.etag();
  }

  /** The S3 headers of an object: its type, content headers, user metadata, tag count, Content-Range. */
  static void describe(ObjectBody body, HttpServerResponse out) {
    MultiMap h = body.headers();
    out.putHeader("Content-Type", contentType(h.get("Content-Type")));
    out.putHeader("Accept-Ranges", "bytes");
    for (String name : CONTENT_HEADERS) {
      if (h.get(name) != null) out.putHeader(name, h.get(name));
    }
    if (h.get("Content-Range") != null) out.putHeader("Content-Range", h.get("Content-Range"));
    for (Map.Entry<String, String> e : h) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.equalsIgnoreCase(TAGGING_META)) {
        out.putHeader("x-amz-tagging-count", Integer.toString(ObjectTagging.parse(e.getValue()).size()));
      } else if (k.startsWith("x-object-meta-")) {
        out.putHeader("x-amz-meta-" + k.substring("x-object-meta-".length()), e.getValue());
      }
    }
  }

  /** A stored content type without the parameters large objects keep in it (swift_bytes, s3_etag). */
  static String contentType(String stored) {
    if (stored == null) return DEFAULT_TYPE;
    return stored.replaceAll(";\\s*swift_bytes=\\d+", "").replaceAll(";\\s*s3_etag=[^;]*", "");
  }

  /** DeleteObject; a versionId other than "null" names no version here, so nothing is deleted (AWS's 204). */
  Future<Void> delete(S3Request r) {
    if (!VersionIds.current(r.param("versionId"), "versionId")) return S3Responses.empty(r.http(), 204);
    return deleteKey(r, r.key()).compose(v -> S3Responses.empty(r.http(), 204));
  }

  /** Deletes a key (and a multipart object's parts); succeeds when it is gone, whether or not it was there. */
  Future<Void> deleteKey(S3Request r, String key) {
    return store.openObject(r.swift(), r.bucket(), key, MultiMap.caseInsensitiveMultiMap(), HttpMethod.HEAD, true)
        .compose(head -> {
          head.body().discard();
          boolean manifest = head.success() && SwiftStore.isManifest(head.stored());
          Future<Boolean> versioned = manifest ? store.versioned(r.swift(), r.bucket()) : Future.succeededFuture(true);
          return versioned.compose(keep -> keep ? Future.succeededFuture() : deleteParts(r, key));
        })
        .compose(v -> store.deleteObject(r.swift(), r.bucket(), key))
        .recover(e -> Future.failedFuture(bucketMissing(e, r)))
        .map(status -> {
          if (status / 100 != 2 && status != 404) throw S3Errors.forStatus(status, false, r.bucket(), key);
          return null;
        });
  }

  /** Deletes the parts a multipart object's manifest lists in the bucket's segments container. */
  private Future<Void> deleteParts(S3Request r, String key) {
    String segments = MultipartUploads.segmentsOf(r.bucket());
    return store.openObject(r.swift(), r.bucket(), key, MultiMap.caseInsensitiveMultiMap(), HttpMethod.GET, true)
        .compose(manifest -> manifest.success() ? SwiftStore.segments(manifest) : Future.succeededFuture(List.of()))
        .compose(parts -> {
          Future<Void> chain = Future.succeededFuture();
          for (SwiftStore.Segment s : parts) {
            if (!s.container().equals(segments)) continue;
            chain = chain.compose(v -> store.deleteVersionless(r.swift(), s.container(), s.object()).<Void>mapEmpty()
                .otherwiseEmpty());
          }
          return chain;
        });
  }
}
