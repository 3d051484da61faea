package io.stratus.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.auth.RevocationEvent.Kind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Revocation events published on the event bus remove exactly the cached validations they match. */
class RevocationListenerTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant EXPIRY = T0.plus(Duration.ofHours(1));

  /** Answers the context registered for each token. */
  static final class FixedValidator implements TokenValidator {
    final Map<String, AuthContext> tokens = new HashMap<>();
    final Map<String, Integer> calls = new HashMap<>();

    @Override
    public Future<AuthContext> validate(String token) {
      calls.merge(token, 1, Integer::sum);
      return Future.succeededFuture(tokens.get(token));
    }
  }

  private final FixedValidator remote = new FixedValidator();
  private final CachingTokenValidator cache = new CachingTokenValidator(remote, Clock.fixed(T0, ZoneOffset.UTC), 100,
      Duration.ofMinutes(5));
  private final BlockingQueue<Integer> applied = new ArrayBlockingQueue<>(10);
  private Vertx vertx;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    RevocationListener listener = RevocationListener.start(vertx, cache).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    listener.onApplied((event, removed) -> applied.add(removed));
    token("alice-p1", "alice", "d1", "p1", "pd1", null, List.of("a1"), null);
    token("alice-p1-rescoped", "alice", "d1", "p1", "pd1", null, List.of("a2", "a1"), null);
    token("alice-p2", "alice", "d1", "p2", "pd2", null, List.of("a3"), null);
    token("alice-appcred", "alice", "d1", "p2", "pd2", null, List.of("a4"), "cred1");
    token("bob-p1", "bob", "d2", "p1", "pd1", null, List.of("b1"), null);
    token("bob-domain", "bob", "d2", null, null, "d3", List.of("b2"), null);
    for (String t : remote.tokens.keySet()) cache.validate(t);
    assertEquals(6, cache.size());
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void tokenEventRemovesTheTokenAndTheTokensRescopedFromIt() throws Exception {
    assertEquals(2, publish(event(Kind.TOKEN, "a1", null, null, null, null)));
    assertCached(Set.of("alice-p2", "alice-appcred", "bob-p1", "bob-domain"));
  }

  @Test
  void userEventRemovesEveryTokenOfTheUser() throws Exception {
    assertEquals(4, publish(event(Kind.USER, null, "alice", null, null, null)));
    assertCached(Set.of("bob-p1", "bob-domain"));
  }

  @Test
  void projectEventRemovesTokensScopedToIt() throws Exception {
    assertEquals(3, publish(event(Kind.PROJECT, null, null, "p1", null, null)));
    assertCached(Set.of("alice-p2", "alice-appcred", "bob-domain"));
  }

  @Test
  void domainEventRemovesTokensWhoseUserProjectOrScopeIsInIt() throws Exception {
    assertEquals(2, publish(event(Kind.DOMAIN, null, null, null, "pd2", null)));
    assertEquals(2, publish(event(Kind.DOMAIN, null, null, null, "d2", null)));
    assertEquals(0, publish(event(Kind.DOMAIN, null, null, null, "d3", null)));
    assertCached(Set.of("alice-p1", "alice-p1-rescoped"));
  }

  @Test
  void appCredentialAndRoleAssignmentEvents() throws Exception {
    assertEquals(1, publish(event(Kind.APP_CREDENTIAL, null, "alice", null, null, "cred1")));
    assertEquals(2, publish(event(Kind.ROLE_ASSIGNMENT, null, "alice", "p1", null, null)));
    assertCached(Set.of("alice-p2", "bob-p1", "bob-domain"));
  }

  @Test
  void unknownKindsClearTheCacheAndMalformedEventsAreIgnored() throws Exception {
    vertx.eventBus().publish(RevocationEvent.ADDRESS, new JsonObject().put("kind", "token"), new DeliveryOptions().setLocalOnly(true));
    JsonObject future = event(Kind.TOKEN, "a1", null, null, null, null).toJson().put("kind", "trust");
    vertx.eventBus().publish(RevocationEvent.ADDRESS, future, new DeliveryOptions().setLocalOnly(true));
    assertEquals(6, applied.poll(5, TimeUnit.SECONDS), "the malformed event was skipped, the unknown kind applied");
    assertEquals(0, cache.size());
  }

  @Test
  void eventsRoundTripThroughJson() {
    RevocationEvent event = event(Kind.ROLE_ASSIGNMENT, null, "u", "p", null, null);
    assertEquals(event, RevocationEvent.fromJson(new JsonObject(event.toJson().encode())));
    assertEquals("role_assignment", event.toJson().getString("kind"));
    assertFalse(event.toJson().containsKey("audit_id"));
  }

  @Test
  void aValidationInFlightDuringARevocationIsNotCached() throws Exception {
    Promise<AuthContext> answer = Promise.promise();
    CachingTokenValidator slow = new CachingTokenValidator(t -> answer.future(), Clock.fixed(T0, ZoneOffset.UTC), 10,
        Duration.ofMinutes(5));
    Future<AuthContext> pending = slow.validate("t");
    slow.invalidateMatching(c -> true);
    answer.complete(remote.tokens.get("alice-p1"));
    assertTrue(pending.succeeded());
    assertEquals(0, slow.size());
  }

  private int publish(RevocationEvent event) throws InterruptedException {
    vertx.eventBus().publish(RevocationEvent.ADDRESS, event.toJson(), new DeliveryOptions().setLocalOnly(true));
    Integer removed = applied.poll(5, TimeUnit.SECONDS);
    if (removed == null) throw new AssertionError("the listener did not apply " + event);
    return removed;
  }

  private void assertCached(Set<String> expected) {
    assertEquals(expected.size(), cache.size());
    for (String t : remote.tokens.keySet()) {
      int before = remote.calls.get(t);
      cache.validate(t);
      assertEquals(expected.contains(t), remote.calls.get(t) == before, t + (expected.contains(t) ? " kept" : " removed"));
    }
  }

  private void token(String token, String user, String userDomain, String project, String projectDomain, String domain,
      List<String> auditIds, String appCred) {
    remote.tokens.put(token, new AuthContext(user, user, userDomain, project, project, projectDomain, domain, Set.of("member"),
        EXPIRY, auditIds, appCred));
  }

  private static RevocationEvent event(Kind kind, String auditId, String user, String project, String domain, String appCred) {
    return RevocationEvent.create("node-a", kind, auditId, user, project, domain, appCred, T0);
  }
}
