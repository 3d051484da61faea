package io.stratus.objectserver.updater;

import io.stratus.objectserver.store.ContainerInfo;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.store.PendingUpdate;
import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
 * are coalesced: a change while none is in flight is reported at once (and its caller waits for
 * it); changes while one is in flight are not waited for and go out together in a single
 * follow-up report that reads the newest stats, at most one per {@link #FOLLOW_UP_MILLIS} — so a
 * busy container costs its account a few reports a second rather than one per object (Swift leaves
 * them to its container-updater's pass). A report carries its time (X-Timestamp, as Swift's), so the account
 * keeps the newest report's stats whatever order reports and replication bring them in. A node that fails gets a pending that the next report replaces.
 */
public final class AccountReporter {
  /** Least time from one report of a container to its follow-up. */
  static final long FOLLOW_UP_MILLIS = 200;

  private final Vertx vertx;
  private final UpdateClient client;
  private final Clock clock;
  private final Map<String, State> states = new HashMap<>();

  /** A container's report in flight: when it started and whether the container changed since. */
  private static final class State {
    final long started;
    boolean dirty;

    State(long started) {
      this.started = started;
    }
  }

  public AccountReporter(Vertx vertx, UpdateClient client, Clock clock) {
    this.vertx = vertx;
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
   * Notes that a container's stats changed; the future completes once a report that read stats at
   * least as new as this change has been sent (or pended) — at once if a report was in flight: the
   * change then rides on its follow-up.
   */
  public Future<Void> changed(DeviceStore device, int partition, byte[] hash) {
    String key = device.name() + "/" + partition + "/" + HexFormat.of().formatHex(hash);
    synchronized (states) {
      State s = states.get(key);
      if (s != null) {
        s.dirty = true;
        return Future.succeededFuture();
      }
      states.put(key, new State(clock.millis()));
    }
    return run(key, device, partition, hash);
  }

  private Future<Void> run(String key, DeviceStore device, int partition, byte[] hash) {
    return device.containers().info(partition, hash)
        .compose(info -> info == null ? Future.succeededFuture(false) : report(device, partition, hash, info))
        .transform(ar -> {
          followUp(key, device, partition, hash);
          return Future.succeededFuture();
        });
  }

  /** Ends the report of {@code key}, or sends its follow-up if the container changed meanwhile. */
  private void followUp(String key, DeviceStore device, int partition, byte[] hash) {
    long wait;
    synchronized (states) {
      State s = states.get(key);
      if (!s.dirty) {
        states.remove(key);
        return;
      }
      wait = Math.min(FOLLOW_UP_MILLIS, Math.max(1, s.started + FOLLOW_UP_MILLIS - clock.millis()));
    }
    vertx.setTimer(wait, id -> {
      synchronized (states) {
        states.put(key, new State(clock.millis()));
      }
      run(key, device, partition, hash);
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
