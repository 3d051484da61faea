package io.stratus.gateway.s3;

import io.stratus.gateway.swift.ObjectBody;
import io.stratus.gateway.swift.SwiftStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Object tagging (GET, PUT, DELETE {@code ?tagging}; {@code x-amz-tagging} on PUT and copy): the tag set is kept as
 * a URL-encoded query string in the object's metadata {@link ObjectHandler#TAGGING_META} (hidden from
 * {@code x-amz-meta-*}). Changing it is a metadata POST that re-sends the object's other metadata. At most 10 tags,
 * keys of 1-128 and values of up to 256 characters, keys unique.
 */
final class ObjectTagging {
  private static final int MAX_TAGS = 10;

  private final SwiftStore store;

  ObjectTagging(SwiftStore store) {
    this.store = store;
  }

  /** The tags of a stored query string, in order. */
  static Map<String, String> parse(String query) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) return tags;
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        tags.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw invalid("The tag set is not a valid URL-encoded query string.");
      }
    }
    return tags;
  }

  /** An {@code x-amz-tagging} header checked and written in the stored form. */
  static String normalize(String header) {
    Map<String, String> tags = parse(header);
    check(tags);
    return format(tags);
  }

  static String format(Map<String, String> tags) {
    StringBuilder out = new StringBuilder();
    tags.forEach((k, v) -> {
      if (out.length() > 0) out.append('&');
      out.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return out.toString();
  }

  private static void check(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS) throw invalid("Object tags cannot be greater than 10");
    tags.forEach((k, v) -> {
      if (k.isEmpty() || k.length() > 128) throw invalid("The TagKey you have provided is invalid");
      if (v.length() > 256) throw invalid("The TagValue you have provided is invalid");
    });
  }

  private static S3Exception invalid(String message) {
    return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, message);
  }

  Future<Void> handle(S3Request r) {
    HttpMethod m = r.http().method();
    if (m == HttpMethod.GET) return get(r);
    if (m == HttpMethod.PUT) {
      return r.readBody(64 * 1024, S3ErrorCode.MALFORMED_XML)
          .map(body -> tagsOf(XmlNode.parse(body)))
          .compose(tags -> replace(r, tags))
          .compose(v -> S3Responses.empty(r.http(), 200));
    }
    if (m == HttpMethod.DELETE) return replace(r, Map.of()).compose(v -> S3Responses.empty(r.http(), 204));
    throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED);
  }

  private static Map<String, String> tagsOf(XmlNode root) {
    XmlNode set = root.child("TagSet");
    if (!root.name().equals("Tagging") || set == null) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
    Map<String, String> tags = new LinkedHashMap<>();
    for (XmlNode tag : set.children("Tag")) {
      String k = tag.childText("Key");
      String v = tag.child("Value") == null ? null : tag.child("Value").text();
      if (k == null || v == null) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
      if (tags.put(k, v) != null) throw invalid("Cannot provide multiple Tags with the same key");
    }
    check(tags);
    return tags;
  }

  private Future<ObjectBody> head(S3Request r) {
    return store.openObject(r.swift(), r.bucket(), r.key(), MultiMap.caseInsensitiveMultiMap(), HttpMethod.HEAD, true)
        .map(head -> {
          head.body().discard();
          if (!head.success()) throw S3Errors.forStatus(head.status(), false, r.bucket(), r.key());
          return head;
        });
  }

  private Future<Void> get(S3Request r) {
    return head(r).compose(head -> {
      XmlWriter xml = XmlWriter.document("Tagging").start("TagSet");
      parse(head.stored().get(ObjectHandler.TAGGING_META))
          .forEach((k, v) -> xml.start("Tag").element("Key", k).element("Value", v).end());
      return S3Responses.xml(r.http(), xml.end());
    });
  }

  /** Replaces the tag set by a metadata POST that keeps the rest of the object's metadata. */
  private Future<Void> replace(S3Request r, Map<String, String> tags) {
    return head(r).compose(head -> {
      MultiMap keep = MultiMap.caseInsensitiveMultiMap();
      head.stored().forEach(e -> {
        String k = e.getKey().toLowerCase(Locale.ROOT);
        if (!k.equalsIgnoreCase(ObjectHandler.TAGGING_META)) keep.add(e.getKey(), e.getValue());
      });
      if (!tags.isEmpty()) keep.set(ObjectHandler.TAGGING_META, format(tags));
      return store.postObject(r.swift(), r.bucket(), r.key(), keep);
    }).map(status -> {
      if (status / 100 != 2) throw S3Errors.forStatus(status, false, r.bucket(), r.key());
      return null;
    });
  }
}
