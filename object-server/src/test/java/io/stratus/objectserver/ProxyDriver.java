package io.stratus.objectserver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.Device;
import io.stratus.ring.Ring;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Sends writes to a test cluster as a Swift proxy would: to a path's primaries, with the next live
 * handoff in place of each primary that is down, and the container (or account) update headers of
 * replica {@code i} naming the {@code i}-th node of the parent's ring.
 */
final class ProxyDriver {
  private final TestCluster cluster;
  private final Set<Integer> down = new HashSet<>();

  ProxyDriver(TestCluster cluster) {
    this.cluster = cluster;
  }

  void stop(int node) {
    cluster.stop(node);
    down.add(node);
  }

  void restart(int node) {
    cluster.restart(node);
    down.remove(node);
  }

  /** The nodes a write to the partition goes to: live primaries, then handoffs for the missing ones. */
  List<Integer> nodes(int partition) {
    Ring ring = cluster.ring();
    List<Integer> out = new ArrayList<>();
    int missing = 0;
    for (Device d : ring.primaries(partition)) {
      if (down.contains(d.id())) missing++;
      else out.add(d.id());
    }
    for (Iterator<Device> it = ring.handoffs(partition); missing > 0 && it.hasNext(); ) {
      Device d = it.next();
      if (!down.contains(d.id())) {
        out.add(d.id());
        missing--;
      }
    }
    return out;
  }

  int partition(String account, String container) {
    return cluster.partition(account, container, null);
  }

  void putAccount(String account, String ts) {
    int part = partition(account, null);
    for (int n : nodes(part)) ok(cluster.call(n, "PUT", part, account, "X-Timestamp", ts));
  }

  void putContainer(String account, String container, String ts) {
    int part = partition(account, container);
    int accountPart = partition(account, null);
    List<Integer> accounts = nodes(accountPart);
    List<Integer> targets = nodes(part);
    for (int i = 0; i < targets.size(); i++) {
      int a = accounts.get(i % accounts.size());
      ok(cluster.call(targets.get(i), "PUT", part, account + "/" + container, "X-Timestamp", ts,
          "X-Account-Host", cluster.node(a).host(), "X-Account-Device", cluster.device(a),
          "X-Account-Partition", Integer.toString(accountPart)));
    }
  }

  /** An object PUT to the object nodes, replica {@code i} updating container node {@code i}. */
  void putObject(String account, String container, String object, byte[] body, String ts) {
    int part = cluster.partition(account, container, object);
    List<Integer> containers = nodes(partition(account, container));
    List<Integer> targets = nodes(part);
    for (int i = 0; i < targets.size(); i++) {
      int c = containers.get(i % containers.size());
      ok(cluster.put(targets.get(i), part, account + "/" + container + "/" + object, body, ts,
          "X-Container-Host", cluster.node(c).host(), "X-Container-Device", cluster.device(c),
          "X-Container-Partition", Integer.toString(partition(account, container))));
    }
  }

  private static void ok(HttpResponse<String> response) {
    assertTrue(response.statusCode() >= 200 && response.statusCode() < 300, response.statusCode() + " " + response.body());
  }
}
