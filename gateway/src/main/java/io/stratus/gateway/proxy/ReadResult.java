package io.stratus.gateway.proxy;

import io.vertx.core.http.HttpClientResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What a read across replicas found: the good response (unread, or null when none) and the
 * replies of the nodes that failed or said 404 before it.
 */
public record ReadResult(HttpClientResponse response, List<BackendReply> failures) {

  /** The statuses of the failed attempts. */
  public List<Integer> statuses() {
    return failures.stream().map(BackendReply::status).toList();
  }

  /** Collects failed attempts and the newest tombstone while a read walks the nodes. */
  static final class Builder {
    private final List<BackendReply> failures = new ArrayList<>();
    private String newestTombstone;
    private int notFound;

    void add(BackendReply reply) {
      failures.add(reply);
      if (reply.status() == 404) {
        notFound++;
        String ts = reply.header("X-Backend-Timestamp");
        if (ts != null && BackendTimestamps.compare(ts, newestTombstone) > 0) newestTombstone = ts;
      }
    }

    int notFound() {
      return notFound;
    }

    int tried() {
      return failures.size();
    }

    boolean hiddenByTombstone(String timestamp) {
      return newestTombstone != null && BackendTimestamps.compare(newestTombstone, timestamp) > 0;
    }

    ReadResult build(HttpClientResponse response) {
      return new ReadResult(response, List.copyOf(failures));
    }
  }
}
