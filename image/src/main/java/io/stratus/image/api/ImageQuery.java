package io.stratus.image.api;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.StratusException;
import io.stratus.image.store.ImageStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A GET /v2/images query: which images the caller sees by default (own, public, shared with them and
 * accepted; admins all; community only when asked), the filters (attributes with optional {@code in:},
 * size range, tags, custom properties), sort keys and directions, and limit/marker paging with the
 * {@code next} link.
 */
final class ImageQuery {
  static final int DEFAULT_LIMIT = 25;
  static final int MAX_LIMIT = 1000;
  private static final Set<String> PAGING = Set.of("limit", "marker", "sort", "sort_key", "sort_dir", "member_status",
      "size_min", "size_max", "tag", "visibility", "os_hidden", "protected");
  private static final Set<String> SORTABLE = Set.of("name", "status", "container_format", "disk_format", "size", "id",
      "created_at", "updated_at", "min_disk", "min_ram", "owner", "visibility", "virtual_size", "os_hidden", "protected");

  /** One page of images and the link to the next one (null on the last page). */
  record Page(List<JsonObject> images, String next) {
  }

  /** One sort key and its direction. */
  private record Sort(String key, boolean ascending) {
  }

  private final MultiMap params;
  private final int limit;
  private final List<Sort> sorts;

  private ImageQuery(MultiMap params, int limit, List<Sort> sorts) {
    this.params = params;
    this.limit = limit;
    this.sorts = sorts;
  }

  static ImageQuery parse(MultiMap params) {
    int limit = DEFAULT_LIMIT;
    String text = params.get("limit");
    if (text != null) {
      try {
        limit = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw StratusException.badRequest("limit param must be an integer");
      }
      if (limit < 0) throw StratusException.badRequest("limit param must be positive");
      limit = Math.min(limit, MAX_LIMIT);
    }
    return new ImageQuery(params, limit, sorts(params));
  }

  private static List<Sort> sorts(MultiMap params) {
    List<Sort> sorts = new ArrayList<>();
    if (params.get("sort") != null) {
      for (String part : params.get("sort").split(",")) {
        String[] kd = part.trim().split(":");
        sorts.add(new Sort(sortKey(kd[0]), kd.length < 2 || direction(kd[1])));
      }
    } else {
      List<String> keys = params.getAll("sort_key");
      List<String> dirs = params.getAll("sort_dir");
      for (int i = 0; i < keys.size(); i++) {
        sorts.add(new Sort(sortKey(keys.get(i)), i < dirs.size() ? direction(dirs.get(i))
            : !dirs.isEmpty() && direction(dirs.get(0))));
      }
      if (sorts.isEmpty()) sorts.add(new Sort("created_at", !dirs.isEmpty() && direction(dirs.get(0))));
    }
    if (sorts.stream().noneMatch(s -> s.key().equals("id"))) sorts.add(new Sort("id", sorts.get(sorts.size() - 1).ascending()));
    return sorts;
  }

  private static String sortKey(String key) {
    if (!SORTABLE.contains(key)) throw StratusException.badRequest("Invalid sort key: " + key + ". It should be one of: "
        + String.join(", ", new java.util.TreeSet<>(SORTABLE)));
    return key;
  }

  private static boolean direction(String dir) {
    if (dir.equals("asc")) return true;
    if (dir.equals("desc")) return false;
    throw StratusException.badRequest("Invalid sort direction: " + dir);
  }

  /** The caller's membership status for each shared image others own. */
  static Future<Map<String, String>> memberships(ImageStore store, List<JsonObject> all, AuthContext caller) {
    Map<String, String> out = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject image : all) {
      if (!"shared".equals(image.getString("visibility")) || Access.owns(caller, image)) continue;
      String id = image.getString("id");
      chain = chain.compose(v -> store.member(id, caller.projectId()).map(m -> {
        if (m != null) out.put(id, m.getString("status"));
        return null;
      }));
    }
    return chain.map(out);
  }

  Page page(List<JsonObject> all, AuthContext caller, Map<String, String> memberships) {
    List<JsonObject> matching = new ArrayList<>();
    for (JsonObject image : all) {
      if (visible(image, caller, memberships) && matches(image)) matching.add(image);
    }
    matching.sort(comparator());
    int start = 0;
    String marker = params.get("marker");
    if (marker != null) {
      start = -1;
      for (int i = 0; i < matching.size(); i++) {
        if (matching.get(i).getString("id").equals(marker)) start = i + 1;
      }
      if (start < 0) throw StratusException.badRequest("Marker not found: " + marker);
    }
    int end = Math.min(matching.size(), start + limit);
    List<JsonObject> page = matching.subList(start, end);
    String next = end < matching.size() && !page.isEmpty() ? nextLink(page.get(page.size() - 1).getString("id")) : null;
    return new Page(page, next);
  }

  private boolean visible(JsonObject image, AuthContext caller, Map<String, String> memberships) {
    String visibility = image.getString("visibility");
    String wanted = params.get("visibility");
    if (wanted != null && !wanted.equals("all") && !wanted.equals(visibility)) return false;
    boolean hidden = image.getBoolean("os_hidden", false);
    if (hidden != Boolean.parseBoolean(params.get("os_hidden") == null ? "false" : params.get("os_hidden"))) return false;
    if (Access.isAdmin(caller) || Access.owns(caller, image) || visibility.equals("public")) return true;
    if (visibility.equals("community")) return wanted != null;
    if (!visibility.equals("shared")) return false;
    String status = memberships.get(image.getString("id"));
    String wantedStatus = params.get("member_status") == null ? "accepted" : params.get("member_status");
    return status != null && (wantedStatus.equals("all") || wantedStatus.equals(status));
  }

  private boolean matches(JsonObject image) {
    for (String name : params.names()) {
      if (PAGING.contains(name)) continue;
      Object value = image.getValue(name);
      String filter = params.get(name);
      List<String> accepted = filter.startsWith("in:") ? List.of(filter.substring(3).split(",")) : List.of(filter);
      if (value == null || !accepted.contains(String.valueOf(value))) return false;
    }
    if (params.get("protected") != null && image.getBoolean("protected", false) != Boolean.parseBoolean(params.get("protected"))) {
      return false;
    }
    Long size = image.getLong("size");
    if (params.get("size_min") != null && (size == null || size < number("size_min"))) return false;
    if (params.get("size_max") != null && (size == null || size > number("size_max"))) return false;
    for (String tag : params.getAll("tag")) {
      if (!image.getJsonArray("tags").contains(tag)) return false;
    }
    return true;
  }

  private long number(String name) {
    try {
      return Long.parseLong(params.get(name));
    } catch (NumberFormatException e) {
      throw StratusException.badRequest(name + " must be an integer");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Comparator<JsonObject> comparator() {
    Comparator<JsonObject> out = null;
    for (Sort sort : sorts) {
      Comparator<JsonObject> one = Comparator.comparing(i -> sortValue(i.getValue(sort.key())),
          Comparator.nullsFirst(Comparator.naturalOrder()));
      if (!sort.ascending()) one = one.reversed();
      out = out == null ? one : out.thenComparing(one);
    }
    return out;
  }

  /** JSON numbers decode as Integer or Long; compare them all as Long. */
  @SuppressWarnings("rawtypes")
  private static Comparable sortValue(Object value) {
    if (value instanceof Number n) return n.longValue();
    return (Comparable) value;
  }

  private String nextLink(String lastId) {
    StringBuilder link = new StringBuilder("/v2/images?");
    for (Map.Entry<String, String> e : params.entries()) {
      if (e.getKey().equals("marker")) continue;
      link.append(encode(e.getKey())).append('=').append(encode(e.getValue())).append('&');
    }
    return link.append("marker=").append(encode(lastId)).toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
