package io.stratus.objectserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.objectserver.replicator.DbReplicator;
import io.stratus.objectserver.swift.ObjectRow;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container and account replication across four real storage nodes on a real ring, with two rows
 * per replication page so that paging is exercised: a container written while a primary was down
 * reaches it and leaves its handoff, deletes and metadata spread, account listings converge, a
 * pass sends only the rows changed since each peer's sync point, and old deleted rows and
 * databases are reclaimed.
 */
class DbReplicatorIT {
  @TempDir
  static Path root;
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
  static final long NOW = CLOCK.millis() / 1000;
  static TestCluster cluster;
  static ProxyDriver proxy;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(root, CLOCK, 4, 6, 3,
        c -> c.withChunkSize(4096).withDaemons(c.daemons().withDbReplicationPageRows(2)));
    proxy = new ProxyDriver(cluster);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static String ts(long secondsAgo) {
    return (NOW - secondsAgo) + ".00000";
  }

  /** Moves the shared clock on, so reports made after this are newer than those before. */
  private static void tick() {
    CLOCK.set(CLOCK.instant().plusSeconds(1));
  }

  private static List<Integer> primaries(String account, String container) {
    return cluster.primaries(account, container, null);
  }

  private static HttpResponse<String> call(int node, String method, String account, String container, String... headers) {
    int part = cluster.partition(account, container, null);
    return cluster.call(node, method, part, container == null ? account : account + "/" + container, headers);
  }

  private static String header(HttpResponse<String> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  private static byte[] hash(String account, String container) {
    return TestCluster.HASHER.digest(account, container, null);
  }

  private static void writeObjects(String account, String container, int count, long secondsAgo) {
    for (int i = 0; i < count; i++) {
      proxy.putObject(account, container, "obj-" + i, new byte[10 + i], ts(secondsAgo - i));
    }
  }

  /** Asserts that every primary lists the same thing and returns it. */
  private static String sameListingOnPrimaries(String account, String container) {
    List<Integer> nodes = primaries(account, container);
    String first = null;
    for (int n : nodes) {
      HttpResponse<String> got = call(n, "GET", account, container, "Accept", "application/json");
      assertEquals(200, got.statusCode(), "node " + n + ": " + got.body());
      if (first == null) first = got.body();
      assertEquals(first, got.body(), "listing of " + account + "/" + container + " on node " + n);
    }
    return first;
  }

  @Test
  void containerWrittenWhileAPrimaryWasDownReachesItAndLeavesTheHandoff() {
    List<Integer> home = primaries("acct-a", "box");
    int down = home.get(0);
    int part = proxy.partition("acct-a", "box");
    List<Integer> written;
    proxy.stop(down);
    try {
      proxy.putAccount("acct-a", ts(100));
      proxy.putContainer("acct-a", "box", ts(90));
      writeObjects("acct-a", "box", 5, 80);
      written = proxy.nodes(part);
    } finally {
      proxy.restart(down);
    }
    int handoff = written.get(written.size() - 1);
    assertFalse(home.contains(handoff));
    assertEquals(404, call(down, "HEAD", "acct-a", "box").statusCode());
    tick();

    DbReplicator.Pass pass = TestNode.await(cluster.node(handoff).node.containerReplicator().runOnce());
    assertTrue(pass.handoffsDrained() >= 1, pass.toString());
    cluster.replicateDatabases();

    String listing = sameListingOnPrimaries("acct-a", "box");
    for (int i = 0; i < 5; i++) assertTrue(listing.contains("\"name\": \"obj-" + i + "\""), listing);
    for (int n : home) {
      HttpResponse<String> head = call(n, "HEAD", "acct-a", "box");
      assertEquals("5", header(head, "X-Container-Object-Count"), "node " + n);
      assertEquals("60", header(head, "X-Container-Bytes-Used"), "node " + n);
    }
    assertNull(TestNode.await(cluster.node(handoff).node.device(cluster.device(handoff)).containerDbs()
        .info(part, hash("acct-a", "box"))), "the handoff copy is drained");

    sameListingOnPrimaries("acct-a", null);
    for (int n : primaries("acct-a", null)) {
      HttpResponse<String> head = call(n, "HEAD", "acct-a", null);
      assertEquals("1", header(head, "X-Account-Container-Count"), "account on node " + n);
      assertEquals("5", header(head, "X-Account-Object-Count"), "account on node " + n);
      assertEquals("60", header(head, "X-Account-Bytes-Used"), "account on node " + n);
    }
    for (int n = 0; n < 4; n++) {
      if (primaries("acct-a", null).contains(n)) continue;
      assertNull(TestNode.await(cluster.node(n).node.device(cluster.device(n)).accountDbs()
          .info(proxy.partition("acct-a", null), hash("acct-a", null))), "no account copy left on node " + n);
    }
  }

  @Test
  void aNewerDeleteOnOneReplicaWinsEverywhereAndAccountsFollow() {
    proxy.putAccount("acct-b", ts(100));
    proxy.putContainer("acct-b", "del", ts(90));
    writeObjects("acct-b", "del", 3, 80);
    List<Integer> home = primaries("acct-b", "del");
    int part = proxy.partition("acct-b", "del");
    tick();
    assertEquals(204, cluster.call(home.get(1), "DELETE", part, "acct-b/del/obj-1", "X-Backend-Server-Type", "container",
        "X-Timestamp", ts(10)).statusCode());
    assertEquals(201, cluster.call(home.get(2), "PUT", part, "acct-b/del/obj-2", "X-Backend-Server-Type", "container",
        "X-Timestamp", ts(200), "X-Size", "999", "X-Content-Type", "a/b", "X-Etag", "stale").statusCode(),
        "an older row is refused quietly");
    tick();

    cluster.replicateContainers();
    for (int n : primaries("acct-b", null)) {
      assertEquals("2", header(call(n, "HEAD", "acct-b", null), "X-Account-Object-Count"),
          "each container replica reported its merged stats to its account node " + n);
    }
    cluster.replicateAccounts();

    String listing = sameListingOnPrimaries("acct-b", "del");
    assertFalse(listing.contains("obj-1"), listing);
    assertFalse(listing.contains("stale"), listing);
    for (int n : home) {
      HttpResponse<String> head = call(n, "HEAD", "acct-b", "del");
      assertEquals("2", header(head, "X-Container-Object-Count"), "node " + n);
      assertEquals("22", header(head, "X-Container-Bytes-Used"), "node " + n);
    }
    sameListingOnPrimaries("acct-b", null);
    for (int n : primaries("acct-b", null)) {
      assertEquals("2", header(call(n, "HEAD", "acct-b", null), "X-Account-Object-Count"), "account on node " + n);
    }
  }

  @Test
  void metadataPostedToOneReplicaSpreads() {
    proxy.putAccount("acct-c", ts(100));
    proxy.putContainer("acct-c", "meta", ts(90));
    List<Integer> home = primaries("acct-c", "meta");
    assertEquals(204, call(home.get(2), "POST", "acct-c", "meta", "X-Timestamp", ts(50),
        "X-Container-Meta-Color", "blue").statusCode());
    assertEquals(204, call(home.get(0), "POST", "acct-c", "meta", "X-Timestamp", ts(60),
        "X-Container-Meta-Color", "red", "X-Container-Meta-Shape", "round").statusCode());
    int accountHome = primaries("acct-c", null).get(1);
    assertEquals(204, call(accountHome, "POST", "acct-c", null, "X-Timestamp", ts(40),
        "X-Account-Meta-Owner", "ops").statusCode());

    cluster.replicateDatabases();

    for (int n : home) {
      HttpResponse<String> head = call(n, "HEAD", "acct-c", "meta");
      assertEquals("blue", header(head, "X-Container-Meta-Color"), "the newest value wins on node " + n);
      assertEquals("round", header(head, "X-Container-Meta-Shape"), "node " + n);
    }
    for (int n : primaries("acct-c", null)) {
      assertEquals("ops", header(call(n, "HEAD", "acct-c", null), "X-Account-Meta-Owner"), "account on node " + n);
    }
  }

  @Test
  void containerReportsTakenByOneAccountReplicaSpread() {
    proxy.putAccount("acct-d", ts(100));
    List<Integer> home = primaries("acct-d", null);
    int part = proxy.partition("acct-d", null);
    for (int i = 0; i < 3; i++) {
      String name = "c" + i;
      assertEquals(201, cluster.call(home.get(i), "PUT", part, "acct-d/" + name, "X-Backend-Server-Type", "account",
          "X-Put-Timestamp", ts(90), "X-Delete-Timestamp", "0", "X-Object-Count", Integer.toString(i + 1),
          "X-Bytes-Used", Integer.toString(100 * (i + 1)), "X-Timestamp", ts(5)).statusCode());
    }
    assertEquals(201, cluster.call(home.get(0), "PUT", part, "acct-d/c1", "X-Backend-Server-Type", "account",
        "X-Put-Timestamp", ts(90), "X-Delete-Timestamp", "0", "X-Object-Count", "7", "X-Bytes-Used", "700",
        "X-Timestamp", ts(50)).statusCode(), "an older report of c1 reaches another replica");

    cluster.replicateAccounts();

    String listing = sameListingOnPrimaries("acct-d", null);
    assertTrue(listing.contains("\"name\": \"c1\", \"count\": 2, \"bytes\": 200"), "the newest report wins: " + listing);
    for (int n : home) {
      HttpResponse<String> head = call(n, "HEAD", "acct-d", null);
      assertEquals("3", header(head, "X-Account-Container-Count"), "node " + n);
      assertEquals("6", header(head, "X-Account-Object-Count"), "node " + n);
      assertEquals("600", header(head, "X-Account-Bytes-Used"), "node " + n);
    }
  }

  @Test
  void aPassSendsOnlyTheRowsChangedSinceEachPeersSyncPoint() {
    proxy.putAccount("acct-f", ts(100));
    proxy.putContainer("acct-f", "many", ts(90));
    writeObjects("acct-f", "many", 9, 80);
    cluster.replicateDatabases();
    List<Integer> home = primaries("acct-f", "many");
    int part = proxy.partition("acct-f", "many");
    int lonely = home.get(0);
    DbReplicator.Pass quiet = TestNode.await(cluster.node(lonely).node.containerReplicator().runOnce());
    assertEquals(0, quiet.rowsPushed(), "replicas with equal hashes exchange no rows: " + quiet);

    for (int i = 0; i < 3; i++) {
      assertEquals(201, cluster.call(lonely, "PUT", part, "acct-f/many/late-" + i, "X-Backend-Server-Type", "container",
          "X-Timestamp", ts(50 - i), "X-Size", "4", "X-Content-Type", "text/plain",
          "X-Etag", "d41d8cd98f00b204e9800998ecf8427e").statusCode());
    }
    DbReplicator.Pass pass = TestNode.await(cluster.node(lonely).node.containerReplicator().runOnce());
    assertEquals(6, pass.rowsPushed(), "the three new rows to each of two peers, not the container's twelve: " + pass);
    String listing = sameListingOnPrimaries("acct-f", "many");
    for (int i = 0; i < 3; i++) assertTrue(listing.contains("\"name\": \"late-" + i + "\""), listing);
    for (int n : home) assertEquals("12", header(call(n, "HEAD", "acct-f", "many"), "X-Container-Object-Count"), "node " + n);

    DbReplicator.Pass again = TestNode.await(cluster.node(home.get(1)).node.containerReplicator().runOnce());
    assertEquals(0, again.rowsPushed(), "rows that came by replication are not sent back: " + again);
  }

  @Test
  void oldDeletedRowsAndDatabasesAreReclaimed() {
    long ancient = cluster.reclaimAge().toSeconds() + 86_400;
    proxy.putAccount("acct-e", ts(ancient + 100));
    proxy.putContainer("acct-e", "keep", ts(ancient + 90));
    proxy.putContainer("acct-e", "gone", ts(ancient + 90));
    List<Integer> home = primaries("acct-e", "keep");
    int part = proxy.partition("acct-e", "keep");
    for (int n : home) {
      for (String[] row : List.of(new String[] {"old", ts(ancient)}, new String[] {"recent", ts(3600)})) {
        assertEquals(204, cluster.call(n, "DELETE", part, "acct-e/keep/" + row[0], "X-Backend-Server-Type", "container",
            "X-Timestamp", row[1]).statusCode());
      }
    }
    int lonely = home.get(1);
    assertEquals(204, cluster.call(lonely, "DELETE", part, "acct-e/keep/older", "X-Backend-Server-Type", "container",
        "X-Timestamp", ts(ancient + 10)).statusCode());
    for (int n : primaries("acct-e", "gone")) assertEquals(204, call(n, "DELETE", "acct-e", "gone", "X-Timestamp", ts(ancient)).statusCode());

    cluster.replicateDatabases();

    for (int n : home) {
      List<ObjectRow> rows = TestNode.await(cluster.node(n).node.device(cluster.device(n)).containerDbs()
          .rowsSince(part, hash("acct-e", "keep"), 0, 100)).rows();
      List<String> names = new ArrayList<>();
      rows.forEach(r -> names.add(r.name()));
      assertEquals(List.of("recent"), names, "only the recent tombstone is left on node " + n);
    }
    int gonePart = proxy.partition("acct-e", "gone");
    for (int n = 0; n < 4; n++) {
      assertNull(TestNode.await(cluster.node(n).node.device(cluster.device(n)).containerDbs()
          .info(gonePart, hash("acct-e", "gone"))), "the deleted container is reclaimed on node " + n);
    }
    assertNotNull(TestNode.await(cluster.node(home.get(0)).node.device(cluster.device(home.get(0))).containerDbs()
        .info(part, hash("acct-e", "keep"))));
  }
}
