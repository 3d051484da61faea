package io.stratus.gateway.s3;

import io.stratus.gateway.swift.ObjectBody;
import io.stratus.gateway.swift.SwiftPath;
import io.stratus.gateway.swift.SwiftStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * CopyObject ({@code x-amz-copy-source} on a PUT) and the source side of UploadPartCopy: the source (a bucket of
 * the caller's account) is read as a GET would answer it (a multipart object whole, a range for a part copy) with
 * the x-amz-copy-source-if-* conditions (412 when one fails), and streamed into a replicated PUT of the target.
 * {@code x-amz-metadata-directive} COPY (the default) keeps the source's metadata, content type and tags; REPLACE
 * takes the request's; {@code x-amz-tagging-directive} REPLACE takes the request's tags. Answers CopyObjectResult.
 */
final class ObjectCopy {
  private static final String PREFIX = "x-amz-copy-source-";

  private final SwiftStore store;

  ObjectCopy(SwiftStore store) {
    this.store = store;
  }

  /** A copy's source. */
  record Source(String bucket, String key) {
  }

  /**
   * The source an {@code x-amz-copy-source} header names ({@code [/]bucket/key[?versionId=null]}, URL-encoded); a
   * versionId is checked by {@link VersionIds} (InvalidArgument, or NoSuchVersion for any but "null"), any other
   * query is InvalidArgument.
   */
  static Source source(S3Request r) {
    String header = r.header("x-amz-copy-source").trim();
    String version = null;
    int query = header.indexOf('?');
    if (query >= 0) {
      String parameter = header.substring(query + 1);
      if (!parameter.startsWith("versionId=")) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The only query of a copy source is versionId")
            .with("ArgumentName", "x-amz-copy-source").with("ArgumentValue", header);
      }
      version = SwiftPath.decode(parameter.substring("versionId=".length()));
      header = header.substring(0, query);
    }
    String path = SwiftPath.decode(header);
    if (path.startsWith("/")) path = path.substring(1);
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Copy Source must mention the source bucket and key: "
          + "sourcebucket/sourcekey").with("ArgumentName", "x-amz-copy-source").with("ArgumentValue", header);
    }
    Source source = new Source(path.substring(0, slash), path.substring(slash + 1));
    VersionIds.requireCurrent(version, "x-amz-copy-source", source.bucket(), source.key());
    return source;
  }

  Future<Void> copy(S3Request r) {
    BucketConfigs.requireCannedName(r.header("x-amz-acl"));
    Source source = source(r);
    String directive = directive(r, "x-amz-metadata-directive");
    String tagging = directive(r, "x-amz-tagging-directive");
    if (source.bucket().equals(r.bucket()) && source.key().equals(r.key()) && directive.equals("COPY")
        && r.header("x-amz-storage-class") == null) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "This copy request is illegal because it is trying to copy an object"
          + " to itself without changing the object's metadata, storage class, website redirect location or encryption"
          + " attributes.");
    }
    MultiMap requested = directive.equals("REPLACE") ? ObjectHandler.clientHeaders(r.http().headers()) : null;
    return open(r, source, null).compose(body -> {
      MultiMap client = requested != null ? requested : sourceHeaders(body);
      client.remove(ObjectHandler.TAGGING_META);
      String tags = tagging.equals("REPLACE") ? r.header("x-amz-tagging") : body.stored().get(ObjectHandler.TAGGING_META);
      if (tagging.equals("REPLACE") && tags != null) tags = ObjectTagging.normalize(tags);
      if (tags != null && !tags.isEmpty()) client.set(ObjectHandler.TAGGING_META, tags);
      return write(r, r.bucket(), r.key(), body, client);
    }).compose(w -> S3Responses.xml(r.http(), XmlWriter.document("CopyObjectResult")
        .element("LastModified", lastModified(w)).element("ETag", "\"" + w.etag() + "\"")));
  }

  private static String directive(S3Request r, String header) {
    String v = r.header(header);
    if (v == null) return "COPY";
    String d = v.trim().toUpperCase(Locale.ROOT);
    if (!d.equals("COPY") && !d.equals("REPLACE")) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Unknown " + header + ": " + v).with("ArgumentName", header)
          .with("ArgumentValue", v);
    }
    return d;
  }

  static String lastModified(SwiftStore.Written w) {
    return w.lastModified() == null ? S3Responses.iso(Instant.now()) : S3Responses.isoFromHttp(w.lastModified());
  }

  /** The Swift headers of the source object that a COPY directive carries over. */
  private static MultiMap sourceHeaders(ObjectBody body) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, String> e : body.stored()) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith("x-object-meta-") || k.equals("content-disposition") || k.equals("content-encoding")
          || k.equals("cache-control") || k.equals("content-language") || k.equals("expires")) {
        out.add(e.getKey(), e.getValue());
      }
    }
    out.set("Content-Type", ObjectHandler.contentType(body.stored().get("Content-Type")));
    return out;
  }

  /**
   * The source opened for reading, with {@code range} ({@code bytes=a-b}) when given; its conditions checked
   * (PreconditionFailed), NoSuchKey / NoSuchBucket / InvalidRange as it fails.
   */
  Future<ObjectBody> open(S3Request r, Source source, String range) {
    MultiMap request = MultiMap.caseInsensitiveMultiMap();
    if (range != null) request.add("Range", range);
    return store.openObject(r.swift(), source.bucket(), source.key(), request, HttpMethod.GET, false).compose(body -> {
      if (!body.success()) {
        body.body().discard();
        if (body.status() == 404) {
          return store.headContainer(r.swift(), source.bucket()).map(head -> {
            throw S3Errors.forStatus(404, false, source.bucket(), head.status() == 404 ? null : source.key());
          });
        }
        throw S3Errors.forStatus(body.status(), false, source.bucket(), source.key());
      }
      int condition = S3Conditionals.evaluate(r.http().headers(), PREFIX, ObjectHandler.etag(body),
          body.headers().get("Last-Modified"));
      if (condition != S3Conditionals.PROCEED) {
        body.body().discard();
        throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED, S3ErrorCode.PRECONDITION_FAILED.message(),
            S3Errors.resource(source.bucket(), source.key()));
      }
      if (body.length() > store.maxFileSize()) {
        body.body().discard();
        throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE);
      }
      return Future.succeededFuture(body);
    });
  }

  /** Streams an opened source into {@code container/object} with {@code client} headers; the source is always consumed. */
  Future<SwiftStore.Written> write(S3Request r, String container, String object, ObjectBody source, MultiMap client) {
    boolean[] writing = {false};
    return store.putObject(r.swift(), container, object, source.length(), client, MultiMap.caseInsensitiveMultiMap(), out -> {
      writing[0] = true;
      return source.body().writeTo(out);
    }).transform(ar -> {
      if (!writing[0]) source.body().discard();
      if (ar.failed()) return Future.failedFuture(ObjectHandler.bucketMissing(ar.cause(), r));
      SwiftStore.Written w = ar.result();
      if (w.status() / 100 != 2) return Future.failedFuture(S3Errors.forStatus(w.status(), false, r.bucket(), r.key()));
      return Future.succeededFuture(w);
    });
  }
}
