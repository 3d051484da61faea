package io.stratus.objectserver.http;

import io.stratus.common.error.StratusException;
import io.stratus.objectserver.store.ObjectMeta;
import io.stratus.objectserver.swift.HttpDates;
import io.stratus.objectserver.swift.ReplicationProtocol;
import io.vertx.core.MultiMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which request headers an object keeps (X-Object-Meta-*, X-Object-Sysmeta-* and Swift's
 * allowed_headers), how a POST replaces them, and the headers of a GET or HEAD response.
 */
final class ObjectHeaders {
  private static final Set<String> ALLOWED = Set.of("content-disposition", "content-encoding", "x-delete-at",
      "x-object-manifest", "x-static-large-object", "cache-control", "content-language", "expires", "x-robots-tag");

  private ObjectHeaders() {
  }

  /** The headers a PUT stores. */
  static Map<String, String> forPut(MultiMap request) {
    Map<String, String> out = new LinkedHashMap<>();
    request.forEach(e -> {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith("x-object-meta-") || k.startsWith("x-object-sysmeta-") || ALLOWED.contains(k)) {
        out.put(title(k), e.getValue());
      }
    });
    return out;
  }

  /** A POST replaces user metadata and allowed headers and keeps sysmeta. */
  static Map<String, String> forPost(Map<String, String> current, MultiMap request) {
    Map<String, String> out = new LinkedHashMap<>();
    current.forEach((k, v) -> {
      if (k.toLowerCase(Locale.ROOT).startsWith("x-object-sysmeta-")) out.put(k, v);
    });
    request.forEach(e -> {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith("x-object-meta-") || ALLOWED.contains(k)) out.put(title(k), e.getValue());
    });
    return out;
  }

  /** X-Delete-At: 0 when absent; 400 when not an integer or already past. */
  static long deleteAt(String header, long nowSeconds) {
    if (header == null || header.isEmpty()) return 0;
    try {
      long at = Long.parseLong(header.trim());
      if (at <= nowSeconds) throw StratusException.badRequest("X-Delete-At in past");
      return at;
    } catch (NumberFormatException e) {
      throw StratusException.badRequest("Non-integer X-Delete-At");
    }
  }

  /** True for a replicated write, which keeps the sender's timestamps and metadata. */
  static boolean replicated(MultiMap request) {
    return "true".equalsIgnoreCase(request.get(ReplicationProtocol.REPLICATION_HEADER));
  }

  /** X-Delete-At of a replicated write: any integer, past ones included (the expirer's business). */
  static long storedDeleteAt(String header) {
    if (header == null || header.isEmpty()) return 0;
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      throw StratusException.badRequest("Non-integer X-Delete-At");
    }
  }

  /** The headers of a GET or HEAD of a live object. */
  static void describe(ObjectMeta meta, Reply reply) {
    meta.headers().forEach(reply::header);
    reply.header("Content-Type", meta.contentType())
        .header("ETag", "\"" + meta.etag() + "\"")
        .header("Last-Modified", HttpDates.lastModified(meta.timestamp()))
        .header("X-Timestamp", meta.timestamp().normal())
        .header("X-Backend-Timestamp", meta.timestamp().internal())
        .header("X-Backend-Data-Timestamp", meta.dataTimestamp().internal())
        .header("Accept-Ranges", "bytes");
  }

  /** Python's {@code str.title()}: a capital after every non-letter, lower case elsewhere. */
  static String title(String name) {
    StringBuilder out = new StringBuilder(name.length());
    boolean up = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append(up ? Character.toUpperCase(c) : Character.toLowerCase(c));
      up = !Character.isLetter(c);
    }
    return out.toString();
  }

  /** An ETag header's value without quotes, lower case; null when absent. */
  static String etag(String header) {
    if (header == null) return null;
    String v = header.trim();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
    return v.toLowerCase(Locale.ROOT);
  }
}
