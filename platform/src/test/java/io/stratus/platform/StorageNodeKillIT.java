package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.Device;
import io.stratus.ring.Ring;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance, as separate processes: identity, four storage nodes (one device each, four
 * zones, three replicas) and the gateway. Under sustained concurrent load through the gateway, one
 * storage node is killed with SIGKILL while it serves a large GET; that GET goes on from another
 * replica, the load goes on with the node down, and again after it is started on the same data, and
 * no client request fails. Then the replicator heals it: every object stored in the test ends up,
 * with its ETag, on all three of its primary devices, asked directly.
 */
class StorageNodeKillIT {
  private static final String CONTAINER = "load";
  private static final int WORKERS = 8;
  private static final Duration PHASE = Duration.ofMinutes(3);
  private static final String BIG = "big-read";
  private static final long BIG_SEED = 99;
  private static final int BIG_SIZE = 64 << 20;
  private static final String LIMITED = "stratus_gateway_error_limited_nodes 1\n";

  @TempDir
  Path dir;
  private HttpClient http;
  private ProcessCluster.Session session;
  private Ring ring;
  private SwiftLoad load;

  @Test
  void aStorageNodeKilledUnderLoadFailsNoRequestAndIsHealedAfterRestart() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.builder(dir).nodes(4, 1).partPower(6)
        .nodeOption("replicator-interval", "1").nodeOption("container-replicator-interval", "2")
        .nodeOption("account-replicator-interval", "2").nodeOption("updater-interval", "1")
        .gatewayOption("error-suppression-interval", "10").start()) {
      http = ProcessCluster.http();
      session = cluster.login(http);
      ring = cluster.objectRing();
      assertEquals(201, http.send(request("").PUT(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());
      byte[] big = SwiftLoad.body(BIG_SEED, BIG_SIZE);
      assertEquals(201, http.send(request("/" + BIG).PUT(HttpRequest.BodyPublishers.ofByteArray(big)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());
      // The node of the big object's first primary serves its GET: that GET is under way when the node is killed.
      Device dead = ring.primaries(ring.partition(session.account(), CONTAINER, BIG)).get(0);
      ServiceProcess victim = cluster.nodeOn(dead.port());
      load = new SwiftLoad(http, session, CONTAINER);

      load.start(WORKERS);
      awaitUntil("200 objects stored before the kill", () -> load.written().size() >= 200, PHASE);
      long killedAt = System.nanoTime();
      long before = load.requests();
      killDuringItsGet(victim, dead, big);
      awaitUntil("the gateway error-limits the dead node", () -> metrics(cluster).contains(LIMITED), PHASE);
      awaitUntil("1500 requests with the node down", () -> load.requests() - before >= 1500, PHASE);
      load.stop();
      assertNoFailures("with " + victim.name() + " down");
      List<SwiftLoad.Written> whileDown = load.written().stream().filter(w -> w.began() >= killedAt).toList();
      String errors = metrics(cluster).lines().filter(l -> l.contains("backend_errors_total{node=\"127.0.0.1:" + dead.port()))
          .findFirst().orElseThrow(() -> new AssertionError("no errors counted for the dead node"));
      System.out.printf("with the node down: %d requests %s, none failed; gateway %s%n", load.requests() - before,
          load.counts(), errors);
      handoffReport(dead, whileDown);

      victim.start();
      long restartedAt = load.requests();
      load.start(WORKERS);
      awaitUntil("500 requests after the restart", () -> load.requests() - restartedAt >= 500, PHASE);
      load.stop();
      assertNoFailures("after the restart");
      System.out.printf("in all: %d requests %s, %d objects stored, none failed%n", load.requests(), load.counts(),
          load.written().size());
      awaitHealed(whileDown.size());
    }
  }

  /** Reads 1 MiB of the big object's GET, kills the node serving it, and reads the rest: the very bytes. */
  private void killDuringItsGet(ServiceProcess victim, Device dead, byte[] big) throws Exception {
    HttpResponse<InputStream> reading = http.send(request("/" + BIG).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, reading.statusCode());
    byte[] first = reading.body().readNBytes(1 << 20);
    victim.kill();
    System.out.printf("killed %s (pid %d, %s) after %d requests, 1 MiB into a GET it served%n", victim.name(),
        victim.pid(), dead.describe(), load.requests());
    byte[] rest = reading.body().readAllBytes();
    assertEquals(SwiftLoad.md5(big), SwiftLoad.etag(reading));
    assertArrayEquals(big, ByteBuffer.allocate(first.length + rest.length).put(first).put(rest).array(),
        "the GET under way when its node died went on from another replica");
  }

  /** The gateway's /metrics (empty if it cannot be read). */
  private String metrics(ProcessCluster cluster) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(cluster.gatewayUrl() + "/metrics"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Waits until every object stored in the test is on all three of its primaries. */
  private void awaitHealed(int storedWhileDown) throws InterruptedException {
    long healing = System.nanoTime();
    List<SwiftLoad.Written> missing = new ArrayList<>(load.written());
    awaitUntil("every object on its three primaries", () -> {
      missing.removeIf(this::onAllPrimaries);
      return missing.isEmpty();
    }, PHASE);
    System.out.printf("healed: %d objects (%d stored while the node was down) on all three primaries %.1f s after the"
        + " load stopped%n", load.written().size(), storedWhileDown, (System.nanoTime() - healing) / 1e9);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(session.storageUrl() + "/" + CONTAINER + path))
        .header("X-Auth-Token", session.token()).timeout(Duration.ofSeconds(60));
  }

  /** Prints how many objects stored while the node was down were due on it, and how many of those a handoff holds. */
  private void handoffReport(Device dead, List<SwiftLoad.Written> whileDown) {
    int due = 0;
    int handedOff = 0;
    for (SwiftLoad.Written w : whileDown) {
      int part = ring.partition(session.account(), CONTAINER, w.name());
      if (!ring.primaries(part).contains(dead)) continue;
      due++;
      for (var it = ring.handoffs(part); it.hasNext(); ) {
        if (stored(it.next(), part, w)) {
          handedOff++;
          break;
        }
      }
    }
    System.out.printf("stored while down: %d objects, %d of them due on the dead node, %d of those went to a handoff%n",
        whileDown.size(), due, handedOff);
  }

  private boolean onAllPrimaries(SwiftLoad.Written w) {
    int part = ring.partition(session.account(), CONTAINER, w.name());
    return ring.primaries(part).stream().allMatch(d -> stored(d, part, w));
  }

  /** Whether {@code device} holds the object with its ETag, asked directly (HEAD /device/partition/account/container/object). */
  private boolean stored(Device device, int part, SwiftLoad.Written w) {
    URI uri = URI.create("http://127.0.0.1:" + device.port() + "/" + device.name() + "/" + part + "/" + session.account()
        + "/" + CONTAINER + "/" + w.name());
    try {
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200 && w.etag().equals(SwiftLoad.etag(r));
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void assertNoFailures(String when) {
    List<String> failures = load.failures();
    assertTrue(failures.isEmpty(), failures.size() + " of " + load.requests() + " requests failed " + when + ", first: "
        + failures.subList(0, Math.min(20, failures.size())));
  }

  /** Polls {@code condition} until it holds, failing after {@code deadline}. */
  static void awaitUntil(String what, BooleanSupplier condition, Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("not within " + deadline + ": " + what);
      Thread.sleep(100);
    }
  }
}
