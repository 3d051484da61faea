package io.stratus.objectserver;

import static io.stratus.objectserver.TestNode.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.objectserver.auditor.ObjectAuditor;
import io.stratus.objectserver.replicator.ObjectReplicator;
import io.stratus.objectserver.store.ObjectKey;
import io.stratus.objectserver.swift.ReplicationProtocol;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object replication across four real storage nodes on a real ring: a corrupt replica is
 * quarantined by the auditor and restored by the replicator, handoff partitions are pushed home and
 * drained, tombstones replicate and old ones are reclaimed.
 */
class ReplicatorIT {
  @TempDir
  static Path root;
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
  static final long NOW = CLOCK.millis() / 1000;
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

  /** PUTs the object to each of {@code nodes}. */
  private static void putOn(List<Integer> nodes, String name, byte[] body, String ts, String... headers) {
    int part = cluster.partition("acct", "cont", name);
    for (int n : nodes) assertEquals(201, cluster.put(n, part, "acct/cont/" + name, body, ts, headers).statusCode());
  }

  @Test
  void corruptReplicaIsQuarantinedThenRestoredByteIdentical() {
    byte[] body = random(10_000, 1);
    List<Integer> primaries = cluster.primaries("acct", "cont", "corrupt");
    int part = cluster.partition("acct", "cont", "corrupt");
    putOn(primaries, "corrupt", body, ts(600), "X-Object-Meta-Color", "blue");
    int bad = primaries.get(0);
    TestNode badNode = cluster.node(bad);
    Map<String, String> before = TestNode.await(badNode.node.device(cluster.device(bad)).partitions().hashes(part, List.of()));

    ObjectKey key = ObjectKey.of(TestCluster.HASHER, part, "acct", "cont", "corrupt");
    TestNode.await(badNode.node.device(cluster.device(bad)).audit().damageChunk(key, 1, random(4096, 99)));
    assertEquals(200, cluster.get(bad, part, "acct/cont/corrupt").statusCode(), "damage is silent until audited");

    ObjectAuditor.Pass audit = TestNode.await(badNode.node.auditor().runOnce());
    assertEquals(1, audit.quarantined(), audit.toString());
    assertEquals(404, cluster.get(bad, part, "acct/cont/corrupt").statusCode());
    assertEquals(404, cluster.call(bad, "HEAD", part, "acct/cont/corrupt").statusCode());
    assertEquals(1, TestNode.await(badNode.node.device(cluster.device(bad)).audit().quarantinedObjects()));
    HttpResponse<String> hashes = badNode.call(ReplicationProtocol.VERB, "/" + cluster.device(bad) + "/" + part);
    assertEquals(200, hashes.statusCode());
    assertNotEquals(before, ReplicationProtocol.decodeHashes(hashes.body()), "the suffix hash changed");

    ObjectReplicator.Pass pass = TestNode.await(cluster.node(primaries.get(1)).node.replicator().runOnce());
    assertTrue(pass.objectsPushed() >= 1, pass.toString());
    for (int n : primaries) {
      HttpResponse<byte[]> got = cluster.get(n, part, "acct/cont/corrupt");
      assertEquals(200, got.statusCode(), "node " + n);
      assertArrayEquals(body, got.body(), "node " + n);
      assertEquals("blue", got.headers().firstValue("X-Object-Meta-Color").orElseThrow());
      assertEquals(ts(600), got.headers().firstValue("X-Timestamp").orElseThrow(), "the original timestamp is kept");
    }
    assertEquals(before, TestNode.await(badNode.node.device(cluster.device(bad)).partitions().hashes(part, List.of())));
  }

  @Test
  void corruptOrShortBodyFileIsQuarantinedThenRestored() {
    byte[] body = random(300_000, 3);
    List<Integer> primaries = cluster.primaries("acct", "cont", "bigfile");
    int part = cluster.partition("acct", "cont", "bigfile");
    putOn(primaries, "bigfile", body, ts(450));
    ObjectKey key = ObjectKey.of(TestCluster.HASHER, part, "acct", "cont", "bigfile");
    for (int round = 0; round < 2; round++) {
      int bad = primaries.get(round);
      var device = cluster.node(bad).node.device(cluster.device(bad));
      assertEquals(1, TestNode.await(device.objects().bodyFiles(key)));
      TestNode.await(device.audit().damageChunk(key, 10, round == 0 ? random(4096, 98) : null));
      ObjectAuditor.Pass audit = TestNode.await(cluster.node(bad).node.auditor().runOnce());
      assertEquals(1, audit.quarantined(), audit.toString());
      assertEquals(404, cluster.call(bad, "HEAD", part, "acct/cont/bigfile").statusCode());
      assertEquals(0, TestNode.await(device.objects().bodyFiles(key)), "the body file moved to quarantine");

      TestNode.await(cluster.node(primaries.get(2)).node.replicator().runOnce());
      HttpResponse<byte[]> got = cluster.get(bad, part, "acct/cont/bigfile");
      assertEquals(200, got.statusCode());
      assertArrayEquals(body, got.body());
      assertEquals(1, TestNode.await(device.objects().bodyFiles(key)));
    }
  }

  @Test
  void missingChunkIsQuarantinedToo() {
    List<Integer> primaries = cluster.primaries("acct", "cont", "holey");
    int part = cluster.partition("acct", "cont", "holey");
    putOn(primaries, "holey", random(9000, 2), ts(500));
    int bad = primaries.get(2);
    ObjectKey key = ObjectKey.of(TestCluster.HASHER, part, "acct", "cont", "holey");
    TestNode.await(cluster.node(bad).node.device(cluster.device(bad)).audit().damageChunk(key, 2, null));
    assertEquals(1, TestNode.await(cluster.node(bad).node.auditor().runOnce()).quarantined());
    assertEquals(404, cluster.call(bad, "HEAD", part, "acct/cont/holey").statusCode());
    TestNode.await(cluster.node(primaries.get(0)).node.replicator().runOnce());
    assertEquals(200, cluster.call(bad, "HEAD", part, "acct/cont/holey").statusCode());
  }

  @Test
  void handoffPartitionsArePushedHomeAndDrained() {
    int down = 3;
    List<String> names = new ArrayList<>();
    for (int i = 0; names.size() < 3; i++) {
      if (cluster.primaries("acct", "cont", "away-" + i).contains(down)) names.add("away-" + i);
    }
    cluster.stop(down);
    List<int[]> placed = new ArrayList<>();
    try {
      for (String name : names) {
        int part = cluster.partition("acct", "cont", name);
        int handoff = cluster.firstHandoff(part);
        assertFalse(cluster.primaries("acct", "cont", name).contains(handoff));
        List<Integer> targets = new ArrayList<>(cluster.primaries("acct", "cont", name));
        targets.remove(Integer.valueOf(down));
        targets.add(handoff);
        putOn(targets, name, random(5000 + names.indexOf(name), names.indexOf(name)), ts(400), "X-Object-Meta-Where", "away");
        placed.add(new int[] {part, handoff});
      }
    } finally {
      cluster.restart(down);
    }
    for (String name : names) {
      assertEquals(404, cluster.call(down, "HEAD", cluster.partition("acct", "cont", name), "acct/cont/" + name).statusCode());
    }

    cluster.replicateAll();

    for (String name : names) {
      int part = cluster.partition("acct", "cont", name);
      for (int n : cluster.primaries("acct", "cont", name)) {
        HttpResponse<byte[]> got = cluster.get(n, part, "acct/cont/" + name);
        assertEquals(200, got.statusCode(), name + " on node " + n);
        assertArrayEquals(random(5000 + names.indexOf(name), names.indexOf(name)), got.body());
        assertEquals("away", got.headers().firstValue("X-Object-Meta-Where").orElseThrow());
      }
    }
    for (int[] p : placed) {
      List<Integer> left = TestNode.await(cluster.node(p[1]).node.device(cluster.device(p[1])).partitions().partitions());
      assertFalse(left.contains(p[0]), "partition " + p[0] + " is drained from handoff node " + p[1] + ": " + left);
    }
  }

  @Test
  void newerTombstonesReplicateAndOldOnesAreReclaimed() {
    List<Integer> primaries = cluster.primaries("acct", "cont", "doomed");
    int part = cluster.partition("acct", "cont", "doomed");
    putOn(primaries, "doomed", random(3000, 3), ts(300));
    assertEquals(204, cluster.call(primaries.get(0), "DELETE", part, "acct/cont/doomed", "X-Timestamp", ts(200)).statusCode());

    long ancient = cluster.reclaimAge().toSeconds() + 86_400;
    List<Integer> oldPrimaries = cluster.primaries("acct", "cont", "ancient");
    int oldPart = cluster.partition("acct", "cont", "ancient");
    for (int n : oldPrimaries) {
      assertEquals(404, cluster.call(n, "DELETE", oldPart, "acct/cont/ancient", "X-Timestamp", ts(ancient)).statusCode());
    }
    List<Integer> recentPrimaries = cluster.primaries("acct", "cont", "recent");
    int recentPart = cluster.partition("acct", "cont", "recent");
    int lonely = recentPrimaries.get(1);
    assertEquals(404, cluster.call(lonely, "DELETE", recentPart, "acct/cont/recent", "X-Timestamp", ts(3600)).statusCode());

    int reclaimed = 0;
    for (int n = 0; n < 4; n++) reclaimed += TestNode.await(cluster.node(n).node.replicator().runOnce()).reclaimed();
    assertTrue(reclaimed >= 3, "each primary reclaims its old tombstone: " + reclaimed);

    for (int n : primaries) {
      HttpResponse<String> head = cluster.call(n, "HEAD", part, "acct/cont/doomed");
      assertEquals(404, head.statusCode(), "node " + n);
      assertEquals(ts(200), head.headers().firstValue("X-Backend-Timestamp").orElse(null), "the delete won on node " + n);
    }
    for (int n : oldPrimaries) {
      HttpResponse<String> head = cluster.call(n, "HEAD", oldPart, "acct/cont/ancient");
      assertFalse(head.headers().firstValue("X-Backend-Timestamp").isPresent(), "reclaimed on node " + n);
    }
    for (int n : recentPrimaries) {
      HttpResponse<String> head = cluster.call(n, "HEAD", recentPart, "acct/cont/recent");
      assertEquals(ts(3600), head.headers().firstValue("X-Backend-Timestamp").orElse(null), "kept and replicated to " + n);
    }
  }
}
