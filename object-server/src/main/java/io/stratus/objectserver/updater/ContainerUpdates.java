package io.stratus.objectserver.updater;

import io.stratus.objectserver.store.ObjectKey;
import io.stratus.objectserver.store.PendingStore;
import io.stratus.objectserver.store.PendingUpdate;
import io.stratus.objectserver.swift.PathEncoding;
import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object server's container updates: after an object PUT or DELETE, the object's row goes to
 * each container node the proxy named (batched with other rows for that container while one is
 * in flight, {@link RowBatcher}); a node that fails or refuses gets an async pending instead.
 */
public final class ContainerUpdates {
  /** Marks a request as a listing-row update for the container server of a storage node. */
  public static final String SERVER_TYPE_HEADER = "X-Backend-Server-Type";
  private static final Logger LOG = LoggerFactory.getLogger(ContainerUpdates.class);

  private final RowBatcher batcher;

  public ContainerUpdates(UpdateClient client) {
    this.batcher = new RowBatcher(client);
  }

  /**
   * Sends the row to every node; completes (never fails) once each node has answered or has a
   * pending written for it.
   */
  public Future<Void> send(PendingStore pendings, NodeList nodes, ObjectKey key, Timestamp ts, String method,
      Map<String, String> rowHeaders) {
    if (nodes.nodes().isEmpty()) return Future.succeededFuture();
    String containerPath = "/" + encode(key.account()) + "/" + encode(key.container());
    String path = containerPath + "/" + encode(key.object());
    List<Future<Void>> all = new ArrayList<>();
    for (NodeList.Node node : nodes.nodes()) {
      Map<String, String> headers = new java.util.LinkedHashMap<>(rowHeaders);
      headers.put("X-Timestamp", ts.internal());
      headers.put(SERVER_TYPE_HEADER, "container");
      PendingUpdate update = new PendingUpdate(method, node.host(), node.port(), node.device(), node.partition(), path, headers);
      all.add(deliver(batcher.send(update, containerPath, key.object()), pendings, key.partition(), key.hash(), ts, update));
    }
    return Future.join(all).mapEmpty();
  }

  /** Sends one update; on failure records it as pending. Never fails. */
  static Future<Void> deliver(UpdateClient client, PendingStore pendings, int partition, byte[] hash, Timestamp ts,
      PendingUpdate update) {
    return deliver(client.send(update), pendings, partition, hash, ts, update);
  }

  /** Records the update as pending unless {@code sent} holds a 2xx status. Never fails. */
  private static Future<Void> deliver(Future<Integer> sent, PendingStore pendings, int partition, byte[] hash, Timestamp ts,
      PendingUpdate update) {
    return sent.compose(status -> {
      if (status >= 200 && status < 300) return Future.<Void>succeededFuture();
      LOG.warn("{} {} on {} answered {}; saving an async pending", update.method(), update.path(), update.node(), status);
      return pendings.add(partition, hash, ts, update);
    }, failure -> {
      LOG.warn("{} {} on {} failed ({}); saving an async pending", update.method(), update.path(), update.node(),
          failure.toString());
      return pendings.add(partition, hash, ts, update);
    }).recover(e -> {
      LOG.error("Cannot save an async pending for {}", update.path(), e);
      return Future.succeededFuture();
    });
  }

  static String encode(String name) {
    return PathEncoding.encode(name);
  }
}
