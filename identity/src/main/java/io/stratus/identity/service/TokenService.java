package io.stratus.identity.service;

import io.stratus.common.error.StratusException;
import io.stratus.identity.model.ApplicationCredential;
import io.stratus.identity.model.Assignment.TargetType;
import io.stratus.identity.model.Domain;
import io.stratus.identity.model.Project;
import io.stratus.identity.model.Role;
import io.stratus.identity.model.User;
import io.stratus.identity.store.IdentityStore;
import io.stratus.identity.token.TokenPayload;
import io.stratus.identity.token.TokenSealer;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Issues and validates tokens. Validation opens the sealed token, checks its expiry and the
 * revocations (of its audit ids, of its user's tokens), then re-reads the user, scope, roles and application credential, so disabling or
 * deleting any of them (or the credential expiring) invalidates its tokens at once.
 */
public final class TokenService {
  private final IdentityStore store;
  private final TokenSealer sealer;
  private final RoleResolver roles;
  private final Clock clock;

  public TokenService(IdentityStore store, TokenSealer sealer, RoleResolver roles, Clock clock) {
    this.store = store;
    this.sealer = sealer;
    this.roles = roles;
    this.clock = clock;
  }

  /** Seals the payload and resolves it, failing if the scope grants no role. */
  public Future<ResolvedToken> issue(TokenPayload payload) {
    String token = sealer.seal(payload);
    return resolve(token, payload);
  }

  /** The resolved token, or UNAUTHORIZED when it is malformed, tampered with, expired, revoked or stale. */
  public Future<ResolvedToken> validate(String token) {
    TokenPayload payload;
    try {
      payload = sealer.open(token, clock.instant());
    } catch (StratusException e) {
      return Future.failedFuture(e);
    }
    return checkNotRevoked(payload).compose(v -> resolve(token, payload));
  }

  /** Fails when one of the token's audit ids is revoked, or its user's tokens were revoked after it was issued. */
  private Future<Void> checkNotRevoked(TokenPayload payload) {
    List<Future<Boolean>> checks = new ArrayList<>();
    for (String auditId : payload.auditIds()) checks.add(store.isRevoked(auditId));
    checks.add(store.userTokensRevokedBefore(payload.userId()).map(before -> before != null && !payload.issuedAt().isAfter(before)));
    return Future.all(checks).map(all -> {
      for (int i = 0; i < all.size(); i++) {
        if (Boolean.TRUE.equals(all.resultAt(i))) throw StratusException.unauthorized("The token has been revoked.");
      }
      return null;
    });
  }

  private Future<ResolvedToken> resolve(String token, TokenPayload payload) {
    return store.users().find(payload.userId()).compose(user -> {
      if (user == null || !user.enabled()) throw invalid("The token's user is disabled or gone.");
      return store.domains().find(user.domainId()).compose(userDomain -> {
        if (userDomain == null || !userDomain.enabled()) throw invalid("The token's user domain is disabled or gone.");
        if (payload.appCredId() != null) return resolveAppCred(token, payload, user, userDomain);
        if (payload.projectId() != null) return resolveProject(token, payload, user, userDomain, null);
        if (payload.domainId() != null) return resolveDomain(token, payload, user, userDomain);
        return Future.succeededFuture(new ResolvedToken(token, payload, user, userDomain, null, null, null, List.of(), null));
      });
    });
  }

  /** A token made from an application credential: the credential must still exist, be unexpired and match. */
  private Future<ResolvedToken> resolveAppCred(String token, TokenPayload payload, User user, Domain userDomain) {
    return store.appCreds().find(payload.appCredId()).compose(cred -> {
      if (cred == null || !cred.userId().equals(user.id()) || !cred.projectId().equals(payload.projectId())) {
        throw invalid("The token's application credential is gone.");
      }
      if (cred.expiredAt(clock.instant())) throw invalid("The token's application credential has expired.");
      return resolveProject(token, payload, user, userDomain, cred);
    });
  }

  private Future<ResolvedToken> resolveProject(String token, TokenPayload payload, User user, Domain userDomain, ApplicationCredential cred) {
    return store.projects().find(payload.projectId()).compose(project -> {
      if (project == null || !project.enabled()) throw invalid("The token's project is disabled or gone.");
      return store.domains().find(project.domainId()).compose(projectDomain -> {
        if (projectDomain == null || !projectDomain.enabled()) throw invalid("The token's project domain is disabled or gone.");
        return rolesOn(user, project, cred)
            .map(granted -> scoped(new ResolvedToken(token, payload, user, userDomain, project, projectDomain, null, granted, cred)));
      });
    });
  }

  private Future<List<Role>> rolesOn(User user, Project project, ApplicationCredential cred) {
    return cred == null ? roles.effectiveRoles(user.id(), TargetType.PROJECT, project.id())
        : roles.delegatedRoles(user.id(), project.id(), cred.roleIds());
  }

  private Future<ResolvedToken> resolveDomain(String token, TokenPayload payload, User user, Domain userDomain) {
    return store.domains().find(payload.domainId()).compose(domain -> {
      if (domain == null || !domain.enabled()) throw invalid("The token's domain is disabled or gone.");
      return roles.effectiveRoles(user.id(), TargetType.DOMAIN, domain.id())
          .map(granted -> scoped(new ResolvedToken(token, payload, user, userDomain, null, null, domain, granted, null)));
    });
  }

  private static ResolvedToken scoped(ResolvedToken token) {
    List<Role> granted = token.roles();
    if (granted.isEmpty()) throw invalid("The user has no role on the token's scope.");
    return token;
  }

  private static StratusException invalid(String message) {
    return StratusException.unauthorized(message);
  }
}
