package io.stratus.identity.service;

import io.stratus.common.auth.RevocationEvent;
import io.stratus.common.auth.RevocationEvent.Kind;
import io.stratus.identity.model.Assignment;
import io.stratus.identity.model.Assignment.TargetType;
import io.stratus.identity.store.IdentityStore;
import io.stratus.identity.store.Mutation;
import io.stratus.identity.token.TokenPayload;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Announces revocations. Each one is stored as an event (kept as long as a token lives, listed by
 * GET /v3/OS-REVOKE/events), together with what makes it effective here at once when the entity's own
 * state does not (a token's audit id, a user's "tokens issued before now"), then published on the local
 * event bus ({@link RevocationEvent#ADDRESS}) for token caches in this process and the Kafka bridge.
 * The event is out before the API answers.
 */
public final class Revocations {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final IdentityStore store;
  private final Clock clock;
  private final String nodeId;
  private final Duration tokenLifetime;

  /**
   * @param nodeId this process's id, the events' origin
   * @param tokenLifetime the longest a token lives: how long events and user revocations are kept
   */
  public Revocations(Vertx vertx, IdentityStore store, Clock clock, String nodeId, Duration tokenLifetime) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
    this.nodeId = nodeId;
    this.tokenLifetime = tokenLifetime;
  }

  public String nodeId() {
    return nodeId;
  }

  /** DELETE /v3/auth/tokens: the token and the tokens re-scoped from it stop validating. */
  public Future<Void> token(TokenPayload token) {
    RevocationEvent event = event(Kind.TOKEN, token.auditId(), token.userId(), null, null, null);
    return record(event, List.of(store.revoke(token.auditId(), token.expiresAt())));
  }

  /**
   * A user was disabled, deleted or changed password. With {@code revokeIssued} the user's tokens issued
   * until now stay revoked even if the user is enabled again (Keystone does the same).
   */
  public Future<Void> user(String userId, boolean revokeIssued) {
    RevocationEvent event = event(Kind.USER, null, userId, null, null, null);
    List<Mutation> extra = revokeIssued
        ? List.of(store.revokeUserTokens(userId, event.at(), event.at().plus(tokenLifetime))) : List.of();
    return record(event, extra);
  }

  /** A project was disabled or deleted (its state already stops its tokens). */
  public Future<Void> project(String projectId) {
    return record(event(Kind.PROJECT, null, null, projectId, null, null), List.of());
  }

  /** A domain was disabled or deleted (its state already stops the tokens of its users and projects). */
  public Future<Void> domain(String domainId) {
    return record(event(Kind.DOMAIN, null, null, null, domainId, null), List.of());
  }

  /** An application credential was deleted (tokens made from it already fail to resolve). */
  public Future<Void> applicationCredential(String userId, String credentialId) {
    return record(event(Kind.APP_CREDENTIAL, null, userId, null, null, credentialId), List.of());
  }

  /** A role assignment was removed (tokens re-read their roles, so those without a role left fail). */
  public Future<Void> assignment(Assignment removed) {
    boolean project = removed.targetType() == TargetType.PROJECT;
    return record(event(Kind.ROLE_ASSIGNMENT, null, removed.userId(), project ? removed.targetId() : null,
        project ? null : removed.targetId(), null), List.of());
  }

  /** Several role assignments were removed at once (a role was deleted). */
  public Future<Void> assignments(List<Assignment> removed) {
    List<Future<Void>> all = new ArrayList<>();
    for (Assignment a : removed) all.add(assignment(a));
    return Future.all(all).mapEmpty();
  }

  /** The events at or after {@code since}, oldest first. */
  public Future<List<RevocationEvent>> since(Instant since) {
    return store.revocationEventsSince(since);
  }

  /** Drops what no token can need any more: revocations of expired tokens, events older than a token lives. */
  public Future<Integer> prune() {
    Instant now = clock.instant();
    return store.pruneRevocations(now, now.minus(tokenLifetime));
  }

  private RevocationEvent event(Kind kind, String auditId, String userId, String projectId, String domainId, String credId) {
    return RevocationEvent.create(nodeId, kind, auditId, userId, projectId, domainId, credId, clock.instant());
  }

  private Future<Void> record(RevocationEvent event, List<Mutation> extra) {
    List<Mutation> mutations = new ArrayList<>(extra);
    mutations.add(store.putRevocationEvent(event));
    return store.writeRevocations(mutations)
        .onSuccess(v -> vertx.eventBus().publish(RevocationEvent.ADDRESS, event.toJson(), LOCAL));
  }
}
