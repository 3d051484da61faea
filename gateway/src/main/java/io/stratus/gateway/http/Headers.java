package io.stratus.gateway.http;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/** Which headers pass between client and storage nodes, each way. */
public final class Headers {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "host");

  private Headers() {
  }

  /** Whether a header is about one connection only and must not be forwarded. */
  public static boolean hopByHop(String name) {
    return HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT));
  }

  /** A storage node's response headers as the client may see them: no backend or sysmeta headers. */
  public static void toClient(MultiMap from, MultiMap to) {
    from.forEach(e -> {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (hopByHop(k) || k.startsWith("x-backend-") || k.contains("-sysmeta-") || k.equals("x-trans-id")
          || k.equals("x-openstack-request-id")) {
        return;
      }
      to.add(e.getKey(), e.getValue());
    });
  }

  /**
   * Client headers a storage node should get for a write of {@code kind} (object, container,
   * account): its metadata and the headers Swift lets it keep, with X-Remove-{kind}-Meta-X turned
   * into an empty X-{kind}-Meta-X. Sysmeta from clients is dropped.
   */
  public static void metadata(MultiMap from, MultiMap to, String kind, Set<String> allowed) {
    String meta = "x-" + kind + "-meta-";
    String remove = "x-remove-" + kind + "-meta-";
    from.forEach(e -> {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith(meta) || allowed.contains(k)) {
        to.add(e.getKey(), e.getValue());
      } else if (k.startsWith(remove)) {
        to.add("X-" + kind + "-Meta-" + e.getKey().substring(remove.length()), "");
      }
    });
  }
}
