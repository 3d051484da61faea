package io.stratus.objectserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container and account servers: lifecycles, listings with every parameter and format, and the
 * object-to-container-to-account update chain with async pendings when a node is down.
 */
class ContainerAccountIT {
  @TempDir
  static Path root;
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(root, CLOCK, "sda");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void ok(int expected, HttpResponse<String> r) {
    assertEquals(expected, r.statusCode(), r.body());
  }

  private static String header(HttpResponse<String> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  private void row(String container, String name, String ts, int size) {
    ok(201, node.call("PUT", "/sda/3/acct/" + container + "/" + name, "X-Backend-Server-Type", "container",
        "X-Timestamp", ts, "X-Size", Integer.toString(size), "X-Content-Type", "text/plain", "X-Etag", "etag-" + name));
  }

  @Test
  void containerLifecycle() {
    ok(404, node.call("HEAD", "/sda/3/acct/life"));
    ok(201, node.call("PUT", "/sda/3/acct/life", "X-Timestamp", "1700000000", "X-Container-Meta-Color", "red"));
    ok(202, node.call("PUT", "/sda/3/acct/life", "X-Timestamp", "1700000001"));
    HttpResponse<String> head = node.call("HEAD", "/sda/3/acct/life");
    ok(204, head);
    assertEquals("0", header(head, "X-Container-Object-Count"));
    assertEquals("red", header(head, "X-Container-Meta-Color"));
    assertEquals("1700000000.00000", header(head, "X-Timestamp"));
    assertEquals("1700000001.00000", header(head, "X-PUT-Timestamp"));

    row("life", "obj", "1700000002", 10);
    head = node.call("HEAD", "/sda/3/acct/life");
    assertEquals("1", header(head, "X-Container-Object-Count"));
    assertEquals("10", header(head, "X-Container-Bytes-Used"));
    ok(409, node.call("DELETE", "/sda/3/acct/life", "X-Timestamp", "1700000003"));
    ok(204, node.call("DELETE", "/sda/3/acct/life/obj", "X-Backend-Server-Type", "container", "X-Timestamp", "1700000001"));
    assertEquals("1", header(node.call("HEAD", "/sda/3/acct/life"), "X-Container-Object-Count"), "an older delete loses");
    ok(204, node.call("DELETE", "/sda/3/acct/life/obj", "X-Backend-Server-Type", "container", "X-Timestamp", "1700000004"));
    assertEquals("0", header(node.call("HEAD", "/sda/3/acct/life"), "X-Container-Object-Count"));
    ok(204, node.call("POST", "/sda/3/acct/life", "X-Timestamp", "1700000005", "X-Container-Meta-Color", "green"));
    assertEquals("green", header(node.call("HEAD", "/sda/3/acct/life"), "X-Container-Meta-Color"));
    ok(204, node.call("DELETE", "/sda/3/acct/life", "X-Timestamp", "1700000006"));
    ok(404, node.call("HEAD", "/sda/3/acct/life"));
    ok(404, node.call("DELETE", "/sda/3/acct/life", "X-Timestamp", "1700000007"));
    ok(409, node.call("PUT", "/sda/3/acct/life", "X-Timestamp", "1700000005.5"));
    ok(201, node.call("PUT", "/sda/3/acct/life", "X-Timestamp", "1700000008"));
    ok(404, node.call("PUT", "/sda/3/acct/nosuch/o", "X-Backend-Server-Type", "container", "X-Timestamp", "1",
        "X-Size", "1", "X-Content-Type", "a/b", "X-Etag", "e"));
  }

  @Test
  void listingParametersLikeSwift() {
    ok(201, node.call("PUT", "/sda/3/acct/list", "X-Timestamp", "1700000000"));
    for (String name : List.of("a", "b/1", "b/2", "b/3/x", "c", "d/", "d/e")) row("list", name, "1700000001.5", 3);
    assertEquals("a\nb/1\nb/2\nb/3/x\nc\nd/\nd/e\n", node.call("GET", "/sda/3/acct/list").body());
    assertEquals("a\nb/\nc\nd/\n", node.call("GET", "/sda/3/acct/list?delimiter=/").body());
    assertEquals("b/1\nb/2\nb/3/\n", node.call("GET", "/sda/3/acct/list?prefix=b/&delimiter=/").body());
    assertEquals("b/2\nb/3/x\nc\n", node.call("GET", "/sda/3/acct/list?marker=b/1&end_marker=d").body());
    assertEquals("a\nb/1\n", node.call("GET", "/sda/3/acct/list?limit=2").body());
    assertEquals("d/e\nd/\nc\n", node.call("GET", "/sda/3/acct/list?reverse=true&limit=3").body());
    assertEquals("d/\nc\nb/\na\n", node.call("GET", "/sda/3/acct/list?reverse=on&delimiter=/").body());
    assertEquals("c\nd/\n", node.call("GET", "/sda/3/acct/list?delimiter=/&marker=b/").body());
    assertEquals("b/1\nb/2\n", node.call("GET", "/sda/3/acct/list?path=b").body());
    ok(204, node.call("GET", "/sda/3/acct/list?prefix=zzz"));
    ok(400, node.call("GET", "/sda/3/acct/list?limit=10001"));

    HttpResponse<String> json = node.call("GET", "/sda/3/acct/list?format=json&prefix=b/&delimiter=/&limit=2");
    assertEquals("application/json; charset=utf-8", header(json, "Content-Type"));
    assertEquals("[{\"bytes\": 3, \"hash\": \"etag-b/1\", \"name\": \"b/1\", \"content_type\": \"text/plain\", "
        + "\"last_modified\": \"2023-11-14T22:13:21.500000\"}, {\"bytes\": 3, \"hash\": \"etag-b/2\", \"name\": \"b/2\", "
        + "\"content_type\": \"text/plain\", \"last_modified\": \"2023-11-14T22:13:21.500000\"}]", json.body());
    assertEquals("[{\"subdir\": \"b/\"}]", node.call("GET", "/sda/3/acct/list?format=json&prefix=b&delimiter=/").body());
    assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container name=\"list\"><object><name>a</name>"
        + "<hash>etag-a</hash><bytes>3</bytes><content_type>text/plain</content_type>"
        + "<last_modified>2023-11-14T22:13:21.500000</last_modified></object><subdir name=\"b/\"><name>b/</name></subdir>"
        + "</container>", node.call("GET", "/sda/3/acct/list?format=xml&delimiter=/&end_marker=c").body());
    assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container name=\"list\" />",
        node.send(node.request("/sda/3/acct/list?prefix=q").header("Accept", "application/xml").GET()).body());
    assertEquals("[]", node.call("GET", "/sda/3/acct/list?format=json&prefix=q").body());
  }

  @Test
  void rowsComeInBatchesAndConcurrentObjectWritesAllReachTheListing() throws Exception {
    ok(201, node.call("PUT", "/sda/4/acct/batch", "X-Timestamp", "1700000000"));
    String rows = "[{\"name\": \"x\", \"timestamp\": \"1700000001.00000\", \"size\": 3, \"content_type\": \"t/p\", "
        + "\"etag\": \"e1\", \"deleted\": false}, {\"name\": \"y\", \"timestamp\": \"1700000001.00000\", \"size\": 4, "
        + "\"content_type\": \"t/p\", \"etag\": \"e2\", \"deleted\": false}, "
        + "{\"name\": \"x\", \"timestamp\": \"1700000002.00000\", \"deleted\": true}]";
    assertEquals(202, update("/sda/4/acct/batch", rows).statusCode());
    assertEquals("y\n", node.call("GET", "/sda/4/acct/batch").body(), "the later delete of x in the same batch wins");
    assertEquals("1", header(node.call("HEAD", "/sda/4/acct/batch"), "X-Container-Object-Count"));
    assertEquals("4", header(node.call("HEAD", "/sda/4/acct/batch"), "X-Container-Bytes-Used"));
    assertEquals(400, update("/sda/4/acct/batch", "{\"not\": \"rows\"}").statusCode());
    assertEquals(400, update("/sda/4/acct/batch", "[{\"name\": \"z\"}]").statusCode(), "a row needs its timestamp");
    assertEquals(404, update("/sda/4/acct/nothing", rows).statusCode());

    String[] container = {"X-Container-Host", node.host(), "X-Container-Device", "sda", "X-Container-Partition", "4"};
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<Integer>> puts = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String name = String.format("c%02d", i);
        puts.add(pool.submit(() -> node.put("/sda/5/acct/batch/" + name, "12345".getBytes(),
            concat(container, "X-Timestamp", "1700000003", "Content-Type", "t/p")).statusCode()));
      }
      for (java.util.concurrent.Future<Integer> p : puts) assertEquals(201, p.get());
    } finally {
      pool.shutdown();
    }
    String listing = node.call("GET", "/sda/4/acct/batch").body();
    assertEquals(65, listing.split("\n").length, listing);
    assertEquals("65", header(node.call("HEAD", "/sda/4/acct/batch"), "X-Container-Object-Count"));
    assertEquals("324", header(node.call("HEAD", "/sda/4/acct/batch"), "X-Container-Bytes-Used"));
  }

  private static HttpResponse<String> update(String path, String rows) {
    return node.send(node.request(path).method("UPDATE", java.net.http.HttpRequest.BodyPublishers.ofString(rows))
        .header("X-Backend-Server-Type", "container"));
  }

  @Test
  void objectWritesUpdateContainerAndAccountStats() {
    String self = node.host();
    ok(400, node.call("PUT", "/sda/1/chain"));
    ok(201, node.call("PUT", "/sda/1/chain", "X-Timestamp", "1700000000"));
    ok(201, node.call("PUT", "/sda/2/chain/c1", "X-Timestamp", "1700000001", "X-Account-Host", self,
        "X-Account-Device", "sda", "X-Account-Partition", "1"));
    String[] container = {"X-Container-Host", self, "X-Container-Device", "sda", "X-Container-Partition", "2"};
    ok(201, node.put("/sda/9/chain/c1/o1", "hello".getBytes(), concat(container, "X-Timestamp", "1700000002", "Content-Type", "t/p")));
    ok(201, node.put("/sda/9/chain/c1/o2", "world!".getBytes(), concat(container, "X-Timestamp", "1700000003", "Content-Type", "t/p")));

    HttpResponse<String> c = node.call("HEAD", "/sda/2/chain/c1");
    assertEquals("2", header(c, "X-Container-Object-Count"));
    assertEquals("11", header(c, "X-Container-Bytes-Used"));
    HttpResponse<String> a = node.call("HEAD", "/sda/1/chain");
    assertEquals("1", header(a, "X-Account-Container-Count"));
    assertEquals("2", header(a, "X-Account-Object-Count"));
    assertEquals("11", header(a, "X-Account-Bytes-Used"));
    assertEquals("[{\"name\": \"c1\", \"count\": 2, \"bytes\": 11, \"last_modified\": \"2023-11-14T22:13:21.000000\"}]",
        node.call("GET", "/sda/1/chain?format=json").body());
    assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<account name=\"chain\">\n<container><name>c1</name>"
        + "<count>2</count><bytes>11</bytes><last_modified>2023-11-14T22:13:21.000000</last_modified></container>\n"
        + "</account>", node.call("GET", "/sda/1/chain?format=xml").body());

    ok(204, node.call("DELETE", "/sda/9/chain/c1/o1", concat(container, "X-Timestamp", "1700000004")));
    assertEquals("1", header(node.call("HEAD", "/sda/2/chain/c1"), "X-Container-Object-Count"));
    assertEquals("6", header(node.call("HEAD", "/sda/1/chain"), "X-Account-Bytes-Used"));
    assertEquals("o2\n", node.call("GET", "/sda/2/chain/c1").body());
    ok(204, node.call("DELETE", "/sda/9/chain/c1/o2", concat(container, "X-Timestamp", "1700000005")));
    ok(204, node.call("DELETE", "/sda/2/chain/c1", "X-Timestamp", "1700000006"));
    a = node.call("HEAD", "/sda/1/chain");
    assertEquals("0", header(a, "X-Account-Container-Count"));
    ok(204, node.call("GET", "/sda/1/chain"));
  }

  @Test
  void asyncPendingIsReplayedWhenTheContainerNodeIsBack() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    String[] container = {"X-Container-Host", "127.0.0.1:" + port, "X-Container-Device", "sdz", "X-Container-Partition", "4"};
    ok(201, node.put("/sda/5/acct2/later/obj", "pending".getBytes(),
        concat(container, "X-Timestamp", "1700000010", "Content-Type", "t/p")));
    assertEquals(1, TestNode.await(node.node.device("sda").pendings().count()));
    assertEquals(0, TestNode.await(node.node.updater().runOnce()).delivered(), "the container node is still down");

    StorageNodeConfig otherConfig = StorageNodeConfig.local(root.resolve("other"), List.of("sdz")).withPort(port);
    try (TestNode other = TestNode.start(node.vertx, otherConfig, CLOCK)) {
      ok(201, other.call("PUT", "/sdz/4/acct2/later", "X-Timestamp", "1700000000"));
      assertEquals("", other.call("GET", "/sdz/4/acct2/later").body());
      assertEquals(1, TestNode.await(node.node.updater().runOnce()).delivered());
      assertEquals(0, TestNode.await(node.node.device("sda").pendings().count()));
      HttpResponse<String> listing = other.call("GET", "/sdz/4/acct2/later?format=json");
      assertTrue(listing.body().contains("\"name\": \"obj\""), listing.body());
      assertTrue(listing.body().contains("\"bytes\": 7"), listing.body());
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
