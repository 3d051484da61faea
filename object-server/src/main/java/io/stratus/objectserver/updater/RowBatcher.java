package io.stratus.objectserver.updater;

import io.stratus.objectserver.store.PendingUpdate;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends object rows to a container's nodes: a row for a container replica with no request in
 * flight goes at once, on its own (PUT or DELETE of the object path); rows that arrive while one is
 * in flight queue up and follow as one {@link RowBatch#VERB} request — under load a busy container
 * gets a request per batch, not per object. Each row's future holds the status its request got.
 */
final class RowBatcher {
  /** A queued row and who waits for its status. */
  private record Queued(PendingUpdate update, String name, Promise<Integer> status) {
  }

  private final UpdateClient client;
  private final Map<String, List<Queued>> busy = new HashMap<>();

  RowBatcher(UpdateClient client) {
    this.client = client;
  }

  /** Sends the row of object {@code name} in container path {@code containerPath}; the status, or a failure. */
  Future<Integer> send(PendingUpdate update, String containerPath, String name) {
    String key = update.node() + "/" + update.partition() + containerPath;
    synchronized (busy) {
      List<Queued> queue = busy.get(key);
      if (queue != null) {
        Promise<Integer> status = Promise.promise();
        queue.add(new Queued(update, name, status));
        return status.future();
      }
      busy.put(key, new ArrayList<>());
    }
    return client.send(update).andThen(ar -> next(key, update, containerPath));
  }

  /** Sends what queued for {@code key} meanwhile as one batch, or marks the container replica idle. */
  private void next(String key, PendingUpdate like, String containerPath) {
    List<Queued> batch;
    synchronized (busy) {
      List<Queued> queue = busy.get(key);
      if (queue.isEmpty()) {
        busy.remove(key);
        return;
      }
      int n = Math.min(queue.size(), RowBatch.MAX_ROWS);
      batch = new ArrayList<>(queue.subList(0, n));
      queue.subList(0, n).clear();
    }
    List<PendingUpdate> updates = batch.stream().map(Queued::update).toList();
    List<String> names = batch.stream().map(Queued::name).toList();
    client.sendRows(like, containerPath, RowBatch.encode(updates, names)).onComplete(ar -> {
      for (Queued q : batch) {
        if (ar.succeeded()) q.status().complete(ar.result());
        else q.status().fail(ar.cause());
      }
      next(key, like, containerPath);
    });
  }
}
