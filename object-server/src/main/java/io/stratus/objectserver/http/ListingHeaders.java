package io.stratus.objectserver.http;

import io.stratus.common.error.StratusException;
import io.stratus.objectserver.store.MetaValue;
import io.stratus.objectserver.swift.ListingFormat;
import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.MultiMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The metadata headers accounts and containers keep, and the numbers their row updates carry. */
final class ListingHeaders {
  private static final Set<String> CONTAINER_SAVED = Set.of("x-container-read", "x-container-write",
      "x-container-sync-key", "x-container-sync-to", "x-versions-location", "x-history-location");

  private ListingHeaders() {
  }

  /** A listing's answer: 200 with the body, or 204 with only the headers when the listing is empty. */
  static Reply listing(Reply described, ListingFormat format, String body) {
    Reply out = Reply.of(body.isEmpty() ? 204 : 200).headers(described.headers());
    return body.isEmpty() ? out.header("Content-Type", format.contentType()) : out.body(body, format.contentType());
  }

  /** X-{kind}-Meta-* and X-{kind}-Sysmeta-* (and a container's ACL and sync headers). */
  static Map<String, String> metadata(MultiMap request, String kind) {
    String meta = "x-" + kind + "-meta-";
    String sysmeta = "x-" + kind + "-sysmeta-";
    Map<String, String> out = new LinkedHashMap<>();
    request.forEach(e -> {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith(meta) || k.startsWith(sysmeta) || (kind.equals("container") && CONTAINER_SAVED.contains(k))) {
        out.put(ObjectHeaders.title(k), e.getValue());
      }
    });
    return out;
  }

  static void addMetadata(Reply reply, Map<String, MetaValue> metadata) {
    MetaValue.visible(metadata).forEach(reply::header);
  }

  static long number(MultiMap request, String name) {
    String v = request.get(name);
    if (v == null) throw StratusException.badRequest("Missing " + name);
    try {
      long n = Long.parseLong(v.trim());
      if (n < 0) throw StratusException.badRequest("Invalid " + name);
      return n;
    } catch (NumberFormatException e) {
      throw StratusException.badRequest("Invalid " + name);
    }
  }

  static String required(MultiMap request, String name) {
    String v = request.get(name);
    if (v == null) throw StratusException.badRequest("Missing " + name);
    return v;
  }

  static Timestamp timestamp(MultiMap request, String name) {
    String v = request.get(name);
    if (v == null) throw StratusException.badRequest("Missing " + name);
    try {
      return Timestamp.parse(v);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw StratusException.badRequest("Invalid " + name);
    }
  }
}
