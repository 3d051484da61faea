package io.stratus.gateway.s3;

import io.stratus.common.http.Utf8;
import io.stratus.gateway.swift.SwiftStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ListObjects v1 and v2 (and ListObjectVersions, current versions only) over the container listing: prefix,
 * delimiter (Swift's subdir roll-up becomes CommonPrefixes), marker / continuation-token (the last name of the
 * previous page, base64url; a token not made here is InvalidArgument) / start-after, max-keys (at most 1000; one
 * more is asked of Swift to know IsTruncated), encoding-type=url. A multipart object shows its S3 ETag and whole size, kept as {@code s3_etag} and
 * {@code swift_bytes} parameters of its listed content type.
 */
final class ListObjects {
  private static final int MAX_KEYS = 1000;
  /** The longest name a continuation token carries: a key's limit (a subdir is shorter than the key under it). */
  private static final int MAX_TOKEN_NAME = 1024;
  private static final Pattern S3_ETAG = Pattern.compile(";\\s*s3_etag=([^;]*)");
  private static final Pattern SWIFT_BYTES = Pattern.compile(";\\s*swift_bytes=(\\d+)");

  private final SwiftStore store;

  ListObjects(SwiftStore store) {
    this.store = store;
  }

  /** A page of the listing: objects and subdirs in name order, and whether more follow. */
  private record Page(List<JsonObject> entries, boolean truncated) {
    int keyCount() {
      return entries.size();
    }

    String lastName() {
      JsonObject last = entries.get(entries.size() - 1);
      return last.containsKey("subdir") ? last.getString("subdir") : last.getString("name");
    }
  }

  /** The parameters every listing shares. */
  private record Query(String prefix, String delimiter, int maxKeys, boolean url) {
  }

  private static Query query(S3Request r) {
    String encoding = r.param("encoding-type");
    if (encoding != null && !encoding.equals("url")) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request")
          .with("ArgumentName", "encoding-type").with("ArgumentValue", encoding);
    }
    int maxKeys = MAX_KEYS;
    String given = r.param("max-keys");
    if (given != null) {
      try {
        maxKeys = Integer.parseInt(given.trim());
      } catch (NumberFormatException e) {
        maxKeys = -1;
      }
      if (maxKeys < 0) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Provided max-keys not an integer or within integer range")
            .with("ArgumentName", "max-keys").with("ArgumentValue", given);
      }
    }
    String prefix = r.param("prefix");
    String delimiter = r.param("delimiter");
    return new Query(prefix == null ? "" : prefix, delimiter == null || delimiter.isEmpty() ? null : delimiter,
        Math.min(maxKeys, MAX_KEYS), encoding != null);
  }

  private Future<Page> page(S3Request r, Query q, String marker) {
    if (q.maxKeys() == 0) return Future.succeededFuture(new Page(List.of(), false));
    StringBuilder query = new StringBuilder("limit=").append(q.maxKeys() + 1);
    if (!q.prefix().isEmpty()) query.append("&prefix=").append(BucketHandler.encode(q.prefix()));
    if (q.delimiter() != null) query.append("&delimiter=").append(BucketHandler.encode(q.delimiter()));
    if (marker != null && !marker.isEmpty()) query.append("&marker=").append(BucketHandler.encode(marker));
    return store.listContainer(r.swift(), r.bucket(), query.toString()).map(listing -> {
      if (listing.status() / 100 != 2) throw S3Errors.forStatus(listing.status(), false, r.bucket(), null);
      JsonArray rows = listing.rows();
      List<JsonObject> entries = new ArrayList<>();
      for (int i = 0; i < rows.size() && i < q.maxKeys(); i++) entries.add(rows.getJsonObject(i));
      return new Page(entries, rows.size() > q.maxKeys());
    });
  }

  Future<Void> v1(S3Request r) {
    Query q = query(r);
    String marker = r.param("marker");
    return page(r, q, marker).compose(page -> {
      XmlWriter xml = XmlWriter.document("ListBucketResult").element("Name", r.bucket())
          .element("Prefix", enc(q, q.prefix())).element("Marker", enc(q, marker == null ? "" : marker))
          .element("MaxKeys", q.maxKeys()).element("Delimiter", enc(q, q.delimiter()))
          .element("IsTruncated", page.truncated());
      if (page.truncated() && q.delimiter() != null) xml.element("NextMarker", enc(q, page.lastName()));
      if (q.url()) xml.element("EncodingType", "url");
      entries(xml, r, q, page, true);
      return S3Responses.xml(r.http(), xml);
    });
  }

  Future<Void> v2(S3Request r) {
    Query q = query(r);
    String token = r.param("continuation-token");
    String startAfter = r.param("start-after");
    String marker = token != null ? fromToken(token) : startAfter;
    boolean owner = "true".equals(r.param("fetch-owner"));
    return page(r, q, marker).compose(page -> {
      XmlWriter xml = XmlWriter.document("ListBucketResult").element("Name", r.bucket())
          .element("Prefix", enc(q, q.prefix())).element("MaxKeys", q.maxKeys()).element("KeyCount", page.keyCount())
          .element("Delimiter", enc(q, q.delimiter())).element("IsTruncated", page.truncated())
          .element("ContinuationToken", token).element("StartAfter", enc(q, startAfter));
      if (page.truncated()) xml.element("NextContinuationToken", toToken(page.lastName()));
      if (q.url()) xml.element("EncodingType", "url");
      entries(xml, r, q, page, owner);
      return S3Responses.xml(r.http(), xml);
    });
  }

  /** ListObjectVersions for buckets whose only versions are the current ones (VersionId "null"). */
  Future<Void> versions(S3Request r) {
    Query q = query(r);
    String marker = r.param("key-marker");
    return page(r, q, marker).compose(page -> {
      XmlWriter xml = XmlWriter.document("ListVersionsResult").element("Name", r.bucket())
          .element("Prefix", enc(q, q.prefix())).element("KeyMarker", enc(q, marker == null ? "" : marker))
          .element("VersionIdMarker", "").element("MaxKeys", q.maxKeys()).element("Delimiter", enc(q, q.delimiter()))
          .element("IsTruncated", page.truncated());
      if (page.truncated()) xml.element("NextKeyMarker", enc(q, page.lastName())).element("NextVersionIdMarker", "null");
      if (q.url()) xml.element("EncodingType", "url");
      for (JsonObject row : page.entries()) {
        if (row.containsKey("subdir")) continue;
        xml.start("Version").element("Key", enc(q, row.getString("name"))).element("VersionId", "null")
            .element("IsLatest", true);
        object(xml, r, row, true);
        xml.end();
      }
      prefixes(xml, q, page);
      return S3Responses.xml(r.http(), xml);
    });
  }

  private static void entries(XmlWriter xml, S3Request r, Query q, Page page, boolean owner) {
    for (JsonObject row : page.entries()) {
      if (row.containsKey("subdir")) continue;
      xml.start("Contents").element("Key", enc(q, row.getString("name")));
      object(xml, r, row, owner);
      xml.end();
    }
    prefixes(xml, q, page);
  }

  private static void object(XmlWriter xml, S3Request r, JsonObject row, boolean owner) {
    String type = row.getString("content_type", "");
    Matcher etag = S3_ETAG.matcher(type);
    Matcher bytes = SWIFT_BYTES.matcher(type);
    xml.element("LastModified", S3Responses.isoFromListing(row.getString("last_modified")))
        .element("ETag", "\"" + (etag.find() ? etag.group(1) : row.getString("hash")) + "\"")
        .element("Size", bytes.find() ? Long.parseLong(bytes.group(1)) : row.getLong("bytes", 0L));
    if (owner) BucketHandler.owner(xml, r);
    xml.element("StorageClass", "STANDARD");
  }

  private static void prefixes(XmlWriter xml, Query q, Page page) {
    for (JsonObject row : page.entries()) {
      if (row.containsKey("subdir")) xml.start("CommonPrefixes").element("Prefix", enc(q, row.getString("subdir"))).end();
    }
  }

  private static String enc(Query q, String value) {
    if (value == null || !q.url()) return value;
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String toToken(String name) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The name a continuation token of ours carries. A token is ours only if it is exactly what {@link #toToken} makes of
   * a possible key (UTF-8, 1 to {@value #MAX_TOKEN_NAME} bytes, no NUL); anything else is InvalidArgument, as AWS
   * answers, instead of a marker the listing could not use.
   */
  static String fromToken(String token) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw badToken();
    }
    if (raw.length == 0 || raw.length > MAX_TOKEN_NAME) throw badToken();
    String name = Utf8.decode(raw);
    if (name == null || name.indexOf('\0') >= 0 || !toToken(name).equals(token)) throw badToken();
    return name;
  }

  private static S3Exception badToken() {
    return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The continuation token provided is incorrect")
        .with("ArgumentName", "continuation-token");
  }
}
