package io.stratus.objectserver.updater;

import io.stratus.objectserver.store.ContainerInfo;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.store.PendingUpdate;
import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container server's account reports: a container's row (put and delete timestamps, object
 * count, bytes) goes to its account's nodes whenever its stats change. Reports for one container
 * are coalesced: while one is in flight, later changes wait for a single follow-up report that
 * reads the newest stats. A report carries its time (X-Timestamp, as Swift's), so the account
 * keeps the newest report's stats whatever order reports and replication bring them in. A node that fails gets a pending that the next report replaces.
 */
public final class AccountReporter {
  private final UpdateClient client;
  private final Clock clock;
  private final Map<String, State> states = new HashMap<>();

  /** A container's report in flight: whether it changed since, and who waits for the next report. */
  private static final class State {
    boolean dirty;
    Promise<Void> next;
  }

  public AccountReporter(UpdateClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Reports the container's stats now; the future holds true when the account's nodes all said
   * 404 (the account does not exist), false otherwise. Never fails.
   */
  public Future<Boolean> report(DeviceStore device, int partition, byte[] hash, ContainerInfo info) {
    NodeList nodes = nodes(info);
    if (nodes.nodes().isEmpty()) return Future.succeededFuture(false);
    String path = "/" + ContainerUpdates.encode(info.account()) + "/" + ContainerUpdates.encode(info.container());
    List<Future<Integer>> sent = new ArrayList<>();
    String now = Timestamp.ofMillis(clock.millis()).internal();
    for (NodeList.Node node : nodes.nodes()) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("X-Put-Timestamp", info.putTimestamp().internal());
      headers.put("X-Delete-Timestamp", info.deleteTimestamp().internal());
      headers.put("X-Object-Count", Long.toString(info.objectCount()));
      headers.put("X-Bytes-Used", Long.toString(info.bytesUsed()));
      headers.put("X-Timestamp", now);
      headers.put(ContainerUpdates.SERVER_TYPE_HEADER, "account");
      PendingUpdate update = new PendingUpdate("PUT", node.host(), node.port(), node.device(), node.partition(), path, headers);
      sent.add(client.send(update).compose(status -> {
        if (status >= 200 && status < 300 || status == 404) return Future.succeededFuture(status);
        return device.pendings().add(partition, hash, null, update).map(status);
      }, failure -> device.pendings().add(partition, hash, null, update).map(0)).recover(e -> Future.succeededFuture(0)));
    }
    return Future.join(sent).map(all -> sent.stream().allMatch(f -> f.result() == 404));
  }

  /**
   * Notes that a container's stats changed; the future completes once a report that read stats
   * at least as new as this change has been sent (or pended).
   */
  public Future<Void> changed(DeviceStore device, int partition, byte[] hash) {
    String key = device.name() + "/" + partition + "/" + HexFormat.of().formatHex(hash);
    Promise<Void> start;
    synchronized (states) {
      State s = states.get(key);
      if (s != null) {
        s.dirty = true;
        if (s.next == null) s.next = Promise.promise();
        return s.next.future();
      }
      states.put(key, new State());
      start = Promise.promise();
    }
    run(key, device, partition, hash, start);
    return start.future();
  }

  private void run(String key, DeviceStore device, int partition, byte[] hash, Promise<Void> done) {
    device.containers().info(partition, hash)
        .compose(info -> info == null ? Future.succeededFuture(false) : report(device, partition, hash, info))
        .onComplete(ar -> {
          done.tryComplete();
          Promise<Void> again;
          synchronized (states) {
            State s = states.get(key);
            if (!s.dirty) {
              states.remove(key);
              return;
            }
            s.dirty = false;
            again = s.next;
            s.next = null;
          }
          run(key, device, partition, hash, again);
        });
  }

  private static NodeList nodes(ContainerInfo info) {
    try {
      return NodeList.parse(info.accountHost(), info.accountDevice(), info.accountPartition());
    } catch (RuntimeException e) {
      return new NodeList(List.of());
    }
  }
}
