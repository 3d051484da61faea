package io.stratus.objectserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.objectserver.expirer.ObjectExpirer;
import io.stratus.objectserver.store.ObjectKey;
import io.stratus.objectserver.store.ObjectStore;
import io.stratus.objectserver.store.ObjectUpload;
import io.stratus.objectserver.swift.Timestamp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expirer (X-Delete-At through the store's index, tombstones and container listing updates
 * over the container ring) and the auditor's orphan-chunk sweep, on four real storage nodes.
 */
class ExpirerAuditorIT {
  @TempDir
  static Path root;
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  static final MutableClock CLOCK = new MutableClock(START);
  static final long NOW = START.getEpochSecond();
  static TestCluster cluster;

  @BeforeAll
  static void start() {
    cluster = TestCluster.standard(root, CLOCK);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static String ts(long secondsAgo) {
    return (NOW - secondsAgo) + ".00000";
  }

  private static String listing(int node, int partition) {
    HttpResponse<String> r = cluster.call(node, "GET", partition, "acct/box");
    assertTrue(r.statusCode() == 200 || r.statusCode() == 204, r.body());
    return r.body();
  }

  @Test
  void expiredObjectsAreDeletedAndLeaveTheListing() {
    List<Integer> containers = cluster.primaries("acct", "box", null);
    int cpart = cluster.partition("acct", "box", null);
    for (int n : containers) assertEquals(201, cluster.call(n, "PUT", cpart, "acct/box", "X-Timestamp", ts(900)).statusCode());
    String hosts = containers.stream().map(n -> cluster.node(n).host()).collect(Collectors.joining(","));
    String devices = containers.stream().map(cluster::device).collect(Collectors.joining(","));
    String[] update = {"X-Container-Host", hosts, "X-Container-Device", devices, "X-Container-Partition", Integer.toString(cpart)};

    put("ephemeral", ts(60), update, "X-Delete-At", Long.toString(NOW + 60));
    put("later", ts(60), update, "X-Delete-At", Long.toString(NOW + 3600));
    put("keeper", ts(60), update);
    put("posted", ts(60), update);
    int ppart = cluster.partition("acct", "box", "posted");
    for (int n : cluster.primaries("acct", "box", "posted")) {
      assertEquals(202, cluster.call(n, "POST", ppart, "acct/box/posted", "X-Timestamp", ts(30),
          "X-Delete-At", Long.toString(NOW + 30)).statusCode());
    }
    for (int n : containers) assertEquals("ephemeral\nkeeper\nlater\nposted\n", listing(n, cpart));
    assertEquals(0, expireAll(), "nothing is due yet");

    CLOCK.set(START.plusSeconds(61));
    try {
      int epart = cluster.partition("acct", "box", "ephemeral");
      for (int n : cluster.primaries("acct", "box", "ephemeral")) {
        assertEquals(404, cluster.call(n, "GET", epart, "acct/box/ephemeral").statusCode(), "expired before the expirer runs");
      }
      assertEquals(6, expireAll(), "two objects on three replicas each");
      assertEquals(0, expireAll(), "the index entries are gone");
      for (int n : cluster.primaries("acct", "box", "ephemeral")) {
        HttpResponse<String> head = cluster.call(n, "HEAD", epart, "acct/box/ephemeral");
        assertEquals(404, head.statusCode());
        assertEquals((NOW + 60) + ".00000", head.headers().firstValue("X-Backend-Timestamp").orElse(null),
            "a tombstone at the X-Delete-At time on node " + n);
      }
      for (int n : containers) assertEquals("keeper\nlater\n", listing(n, cpart));
    } finally {
      CLOCK.set(START);
    }
  }

  private static void put(String name, String ts, String[] update, String... more) {
    int part = cluster.partition("acct", "box", name);
    String[] headers = Stream.concat(Arrays.stream(update), Arrays.stream(more)).toArray(String[]::new);
    for (int n : cluster.primaries("acct", "box", name)) {
      assertEquals(201, cluster.put(n, part, "acct/box/" + name, name.getBytes(), ts, headers).statusCode());
    }
  }

  private static int expireAll() {
    int expired = 0;
    for (int n = 0; n < 4; n++) {
      ObjectExpirer.Pass pass = TestNode.await(cluster.node(n).node.expirer().runOnce());
      expired += pass.expired();
    }
    return expired;
  }

  @Test
  void orphanBodyFilesOlderThanTheGraceAreCleaned() {
    int part = cluster.partition("acct", "cont", "orphan");
    ObjectKey orphan = ObjectKey.of(TestCluster.HASHER, part, "acct", "cont", "orphan");
    ObjectKey fresh = ObjectKey.of(TestCluster.HASHER, part, "acct", "cont", "fresh");
    ObjectKey kept = ObjectKey.of(TestCluster.HASHER, part, "acct", "cont", "kept");
    assertEquals(201, cluster.put(0, part, "acct/cont/kept", new byte[10_000], ts(3 * 86_400)).statusCode());
    ObjectStore objects = cluster.node(0).node.device("d0").objects();
    upload(objects, orphan, ts(2 * 86_400));
    upload(objects, fresh, ts(600));

    ObjectKey replaced = ObjectKey.of(TestCluster.HASHER, part, "acct", "cont", "replaced");
    // A committed body and a later upload of the same name that never committed.
    assertEquals(201, cluster.put(0, part, "acct/cont/replaced", new byte[100_000], ts(4 * 86_400)).statusCode());
    assertEquals(201, cluster.put(0, part, "acct/cont/big", new byte[100_000], ts(3 * 86_400)).statusCode());
    ObjectKey big = ObjectKey.of(TestCluster.HASHER, part, "acct", "cont", "big");
    upload(objects, replaced, ts(3 * 86_400));

    assertEquals(0, TestNode.await(cluster.node(0).node.auditor().runOnce()).orphansRemoved(), "uploads in progress are left alone");
    assertEquals(1, TestNode.await(objects.bodyFiles(orphan)));
    assertEquals(2, TestNode.await(objects.bodyFiles(replaced)));

    cluster.stop(0);
    cluster.restart(0);
    objects = cluster.node(0).node.device("d0").objects();
    assertEquals(2, TestNode.await(cluster.node(0).node.auditor().runOnce()).orphansRemoved());
    assertEquals(0, TestNode.await(objects.bodyFiles(orphan)));
    assertEquals(1, TestNode.await(objects.bodyFiles(fresh)), "younger than the grace period");
    assertEquals(1, TestNode.await(objects.bodyFiles(replaced)), "the committed body is kept");
    assertEquals(1, TestNode.await(objects.bodyFiles(big)));
    assertEquals(3, TestNode.await(objects.chunkEntries(kept)));
    assertEquals(200, cluster.call(0, "HEAD", part, "acct/cont/kept").statusCode());
    assertEquals(100_000, cluster.get(0, part, "acct/cont/replaced").body().length);
    assertEquals(100_000, cluster.get(0, part, "acct/cont/big").body().length);
    assertFalse(TestNode.await(cluster.node(0).node.device("d0").partitions().partitions()).isEmpty());
  }

  /** A body file of a write that never commits: what a process killed mid-upload leaves. */
  private static void upload(ObjectStore objects, ObjectKey key, String ts) {
    ObjectUpload upload = objects.upload(key, Timestamp.parse(ts));
    for (int i = 0; i < 20; i++) TestNode.await(upload.write(upload.block().put(new byte[4096]).flip(), false));
    TestNode.await(upload.write(upload.block().put(new byte[100]).flip(), true));
  }
}
