package io.stratus.platform.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.auth.CachingTokenValidator;
import io.stratus.common.auth.KeystoneTokenValidator;
import io.stratus.common.auth.RevocationEvent;
import io.stratus.common.auth.RevocationListener;
import io.stratus.compute.kafka.EmbeddedKafka;
import io.stratus.identity.IdentityConfig;
import io.stratus.identity.IdentityServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two "processes" (two Vert.x instances) sharing an embedded broker: A runs identity and a bridge, B
 * only a token cache, its listener and a bridge. A token revoked in A leaves B's cache within a bounded
 * time, and still does after the broker restarts.
 */
class KafkaRevocationIT {
  private static final String TOPIC = "stratus.identity.revocations";
  private static final String PASSWORD = "admin-secret";
  private static final long WAIT_SECONDS = 30;
  /** Far below the caches' 5-minute TTL, far above the measured ~0.1 s: a loaded CI machine must not fail it. */
  private static final long BOUND_MILLIS = 20_000;

  @TempDir
  Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private EmbeddedKafka kafka;
  private Vertx processA;
  private Vertx processB;
  private IdentityServer identity;
  private CachingTokenValidator cacheB;
  private final BlockingQueue<RevocationEvent> appliedInB = new LinkedBlockingQueue<>();
  private KafkaRevocationBridge bridgeA;
  private KafkaRevocationBridge bridgeB;

  @AfterEach
  void stop() throws Exception {
    if (bridgeB != null) await(bridgeB.close());
    if (bridgeA != null) await(bridgeA.close());
    if (processB != null) await(processB.close());
    if (identity != null) await(identity.close());
    if (processA != null) await(processA.close());
    if (kafka != null) kafka.close();
  }

  @Test
  void aTokenRevokedInProcessAIsInvalidInProcessBWithinTheBound() throws Exception {
    long t0 = System.nanoTime();
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    System.out.printf("embedded Kafka started in %d ms on %s%n", (System.nanoTime() - t0) / 1_000_000, kafka.bootstrapServers());
    startProcesses();

    String keeper = token();
    long millis = revokeInAAndAwaitInB(token(), keeper);
    System.out.printf("revocation propagation via Kafka: %d ms%n", millis);
    assertTrue(millis < BOUND_MILLIS, millis + " ms");

    kafka.close();
    t0 = System.nanoTime();
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), kafka.port());
    System.out.printf("embedded Kafka restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    millis = revokeInAAndAwaitInB(token(), keeper);
    System.out.printf("revocation propagation via Kafka after a broker restart: %d ms%n", millis);
    assertTrue(millis < TimeUnit.SECONDS.toMillis(WAIT_SECONDS), millis + " ms");
  }

  private void startProcesses() throws Exception {
    processA = Vertx.vertx();
    identity = await(IdentityServer.start(processA, IdentityConfig.of(Map.of("host", "127.0.0.1", "port", "0",
        "data-dir", dir.resolve("identity").toString(), "admin-password", PASSWORD, "hash-memory-kib", "1024",
        "hash-iterations", "1")), Clock.systemUTC()));
    bridgeA = await(KafkaRevocationBridge.start(processA, kafka.bootstrapServers(), TOPIC, identity.nodeId()));

    processB = Vertx.vertx();
    cacheB = new CachingTokenValidator(new KeystoneTokenValidator(processB, processB.createHttpClient(), v3(), 5000),
        Clock.systemUTC(), 100, Duration.ofMinutes(5));
    await(RevocationListener.start(processB, cacheB)).onApplied((event, removed) -> appliedInB.add(event));
    bridgeB = await(KafkaRevocationBridge.start(processB, kafka.bootstrapServers(), TOPIC, "process-b"));
  }

  /**
   * Caches both tokens in B, revokes the first in A and waits for B to apply that revocation (the
   * first event B applies must be it: nothing older or duplicated comes first); answers the milliseconds
   * from the revoke request. The other token stays cached; the revoked one no longer validates in B.
   */
  private long revokeInAAndAwaitInB(String revoked, String keeper) throws Exception {
    cacheB.invalidateAll();
    await(cacheB.validate(revoked));
    await(cacheB.validate(keeper));
    assertEquals(2, cacheB.size());
    String auditId = validateInA(keeper, revoked).getJsonArray("audit_ids").getString(0);
    long start = System.nanoTime();
    assertEquals(204, call("DELETE", "/auth/tokens", null, keeper, revoked).statusCode());
    RevocationEvent event = appliedInB.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertNotNull(event, "B never applied the revocation");
    assertEquals(auditId, event.auditId());
    assertEquals(identity.nodeId(), event.origin());
    assertEquals(1, cacheB.size());
    assertTrue(cacheB.validate(revoked).toCompletionStage().toCompletableFuture().handle((ok, e) -> e != null)
        .get(WAIT_SECONDS, TimeUnit.SECONDS), "the revoked token still validates in B");
    return millis;
  }

  private String token() throws Exception {
    String body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\","
        + "\"domain\":{\"id\":\"default\"},\"password\":\"" + PASSWORD + "\"}}},"
        + "\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}";
    HttpResponse<String> r = call("POST", "/auth/tokens", body, null, null);
    assertEquals(201, r.statusCode(), r.body());
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  private JsonObject validateInA(String auth, String subject) throws Exception {
    HttpResponse<String> r = call("GET", "/auth/tokens?nocatalog", null, auth, subject);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonObject("token");
  }

  private HttpResponse<String> call(String method, String path, String body, String auth, String subject) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(v3() + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) request.header("Content-Type", "application/json");
    if (auth != null) request.header("X-Auth-Token", auth);
    if (subject != null) request.header("X-Subject-Token", subject);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String v3() {
    return "http://127.0.0.1:" + identity.port() + "/v3";
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
