package io.stratus.compute.api;

import io.stratus.common.error.StratusException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One page of a sorted list by Nova's {@code limit} and {@code marker}, with the next-page link when it is full. */
record Page(List<JsonObject> items, Integer limit, String lastId) {
  /** Nova's osapi_max_limit: no page is longer. */
  static final int MAX_LIMIT = 1000;

  static Page of(RoutingContext ctx, List<JsonObject> sorted, Function<JsonObject, String> id) {
    String limitParam = Http.query(ctx, "limit");
    Integer limit = null;
    if (limitParam != null) {
      try {
        limit = Integer.parseInt(limitParam);
      } catch (NumberFormatException e) {
        throw StratusException.badRequest("limit param must be an integer");
      }
      if (limit < 0) throw StratusException.badRequest("limit param must be positive");
    }
    int start = 0;
    String marker = Http.query(ctx, "marker");
    if (marker != null) {
      start = -1;
      for (int i = 0; i < sorted.size(); i++) {
        if (marker.equals(id.apply(sorted.get(i)))) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) throw StratusException.badRequest("marker [" + marker + "] not found");
    }
    int size = Math.min(limit == null ? MAX_LIMIT : Math.min(limit, MAX_LIMIT), sorted.size() - start);
    List<JsonObject> items = sorted.subList(start, start + size);
    boolean full = (limit != null && size == limit || limit == null && size == MAX_LIMIT) && !items.isEmpty();
    return new Page(items, full ? size : null, full ? id.apply(items.get(items.size() - 1)) : null);
  }

  /** The {@code *_links} array pointing at the next page, when this one is full. */
  Optional<JsonArray> next(String url) {
    if (limit == null) return Optional.empty();
    String href = url + "?limit=" + limit + "&marker=" + URLEncoder.encode(lastId, StandardCharsets.UTF_8);
    return Optional.of(new JsonArray().add(new JsonObject().put("rel", "next").put("href", href)));
  }
}
