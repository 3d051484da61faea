package io.stratus.identity.service;

import io.stratus.common.error.StratusException;
import io.stratus.identity.model.ApplicationCredential;
import io.stratus.identity.model.Assignment.TargetType;
import io.stratus.identity.model.Domain;
import io.stratus.identity.model.Ids;
import io.stratus.identity.model.Project;
import io.stratus.identity.model.User;
import io.stratus.identity.store.IdentityStore;
import io.stratus.identity.token.TokenPayload;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * POST /v3/auth/tokens: identifies the user (password, token or application_credential method),
 * resolves the requested scope (project, domain or none; an application credential's own project) and
 * issues a token. Every failure to identify is the same 401.
 */
public final class AuthService {
  private static final String NOT_AUTHENTICATED = "The request you have made requires authentication.";

  private final IdentityStore store;
  private final PasswordService passwords;
  private final ApplicationCredentialService appCreds;
  private final TokenService tokens;
  private final RoleResolver roles;
  private final Clock clock;
  private final Duration ttl;

  public AuthService(IdentityStore store, PasswordService passwords, ApplicationCredentialService appCreds, TokenService tokens,
      RoleResolver roles, Clock clock, Duration ttl) {
    this.store = store;
    this.passwords = passwords;
    this.appCreds = appCreds;
    this.tokens = tokens;
    this.roles = roles;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** Who authenticated, how, the limits a re-scoped token inherits, and the application credential used (or null). */
  private record Identified(User user, List<String> methods, Instant expiresAt, List<String> parentAuditIds, ApplicationCredential appCred) {
    Identified(User user, String method) {
      this(user, List.of(method), null, List.of(), null);
    }
  }

  /** The requested scope: a project, a domain, or neither (unscoped). */
  private record Scope(Project project, Domain domain) {
  }

  public Future<ResolvedToken> authenticate(JsonObject body) {
    JsonObject auth = Requests.object(body, "auth");
    JsonObject identity = Requests.object(auth, "identity");
    List<String> methods = AuthRequest.methods(identity);
    if (methods.contains("application_credential") && auth.containsKey("scope")) {
      throw StratusException.unauthorized("Application credentials cannot request a scope.");
    }
    JsonObject requested = AuthRequest.scope(auth);
    Future<Identified> who;
    if (methods.contains("password")) {
      who = byPassword(AuthRequest.method(identity, "password"));
    } else if (methods.contains("token")) {
      who = byToken(AuthRequest.method(identity, "token"));
    } else if (methods.contains("application_credential")) {
      who = byApplicationCredential(AuthRequest.method(identity, "application_credential"));
    } else {
      throw StratusException.unauthorized("Unsupported authentication method: " + new JsonArray(methods).encode());
    }
    return who.compose(identified -> scopeOf(identified, requested)
        .compose(target -> issue(identified, target)));
  }

  /** Password auth for tempauth: project name and user name in the default domain (or the given domain id). */
  public Future<ResolvedToken> authenticateProjectUser(String domainId, String projectName, String userName, String password) {
    return store.users().findByName(domainId, userName)
        .compose(user -> checkPassword(user, password))
        .compose(user -> store.projects().findByName(domainId, projectName).compose(project -> {
          if (project == null) throw StratusException.unauthorized(NOT_AUTHENTICATED);
          return checkedProject(user, project).compose(p -> issue(new Identified(user, "password"), new Scope(p, null)));
        }));
  }

  /** A project-scoped token for a user who proved an EC2 credential (POST /v3/s3tokens). */
  /** The clock tokens are issued and checked by. */
  public Clock clock() {
    return clock;
  }

  public Future<ResolvedToken> authenticateCredential(String userId, String projectId) {
    return store.users().find(userId).compose(user -> {
      if (user == null || !user.enabled()) throw StratusException.unauthorized(NOT_AUTHENTICATED);
      return store.projects().find(projectId).compose(project -> checkedProject(user, project)).compose(project ->
          issue(new Identified(user, "ec2credential"), new Scope(project, null)));
    });
  }

  private Future<Identified> byPassword(JsonObject password) {
    JsonObject userRef = AuthRequest.passwordUser(password);
    String secret = userRef.getString("password");
    if (secret == null) throw StratusException.badRequest("Expecting to find password in user.");
    return findUser(userRef)
        .compose(user -> checkPassword(user, secret))
        .map(user -> new Identified(user, "password"));
  }

  private Future<Identified> byToken(JsonObject tokenRef) {
    if (!(tokenRef.getValue("id") instanceof String id)) throw StratusException.badRequest("Expecting to find id in token.");
    return tokens.validate(id).map(parent -> {
      Set<String> methods = new LinkedHashSet<>();
      methods.add("token");
      methods.addAll(parent.payload().methods());
      return new Identified(parent.user(), new ArrayList<>(methods), parent.payload().expiresAt(), parent.payload().auditIds(),
          parent.appCred());
    });
  }

  /** By {"id", "secret"}, or by {"name", "user": {"id"} or {"name", "domain"}, "secret"}. */
  private Future<Identified> byApplicationCredential(JsonObject ref) {
    String secret = Requests.string(ref, "secret");
    Future<ApplicationCredential> found;
    if (ref.getString("id") != null) {
      found = store.appCreds().find(ref.getString("id"));
    } else {
      String name = Requests.string(ref, "name");
      found = findUser(Requests.object(ref, "user"))
          .compose(user -> user == null ? Future.succeededFuture(null) : store.appCreds().findByName(user.id(), name));
    }
    return found.compose(cred -> appCreds.verify(cred, secret))
        .compose(cred -> store.users().find(cred.userId()).compose(this::checkUser)
            .map(user -> new Identified(user, List.of("application_credential"), cred.expiry(), List.of(), cred)));
  }

  private Future<User> findUser(JsonObject userRef) {
    String id = userRef.getString("id");
    if (id != null) return store.users().find(id);
    String name = userRef.getString("name");
    if (name == null) throw StratusException.badRequest("Expecting to find id or name in user.");
    return findDomain(userRef.getJsonObject("domain"))
        .compose(domain -> domain == null ? Future.succeededFuture(null) : store.users().findByName(domain.id(), name));
  }

  private Future<User> checkPassword(User user, String password) {
    if (user == null || !user.enabled()) return Future.failedFuture(StratusException.unauthorized(NOT_AUTHENTICATED));
    return passwords.verify(password, user.passwordHash()).compose(ok -> {
      if (!ok) throw StratusException.unauthorized(NOT_AUTHENTICATED);
      return checkUser(user);
    });
  }

  /** The user, if it and its domain are enabled. */
  private Future<User> checkUser(User user) {
    if (user == null || !user.enabled()) return Future.failedFuture(StratusException.unauthorized(NOT_AUTHENTICATED));
    return store.domains().find(user.domainId()).map(domain -> {
      if (domain == null || !domain.enabled()) throw StratusException.unauthorized(NOT_AUTHENTICATED);
      return user;
    });
  }

  /** A domain by {"id"} or {"name"}; null when there is none. */
  public Future<Domain> findDomain(JsonObject ref) {
    if (ref == null) throw StratusException.badRequest("Expecting to find domain.");
    if (ref.getString("id") != null) return store.domains().find(ref.getString("id"));
    if (ref.getString("name") != null) return store.domains().findByName("", ref.getString("name"));
    throw StratusException.badRequest("Expecting to find id or name in domain.");
  }

  /** The requested scope; a token from an application credential is bound to the credential's project. */
  private Future<Scope> scopeOf(Identified who, JsonObject requested) {
    if (who.appCred() == null) return scope(who.user(), requested);
    String bound = who.appCred().projectId();
    Future<Scope> target = requested != null ? scope(who.user(), requested)
        : store.projects().find(bound).compose(project -> checkedProject(who.user(), project)).map(p -> new Scope(p, null));
    return target.map(s -> {
      if (s.project() == null || !s.project().id().equals(bound)) {
        throw StratusException.unauthorized("A token made from an application credential is bound to the credential's project.");
      }
      return s;
    });
  }

  private Future<Scope> scope(User user, JsonObject scope) {
    if (scope == null) return defaultScope(user);
    if (scope.getValue("project") instanceof JsonObject ref) {
      return findProject(ref).compose(project -> checkedProject(user, project)).map(p -> new Scope(p, null));
    }
    if (scope.getValue("domain") instanceof JsonObject ref) {
      return findDomain(ref).compose(domain -> {
        if (domain == null || !domain.enabled()) throw StratusException.unauthorized("Could not find the requested domain.");
        return roles.effectiveRoles(user.id(), TargetType.DOMAIN, domain.id()).map(granted -> {
          if (granted.isEmpty()) throw StratusException.unauthorized("User " + user.id() + " has no access to domain " + domain.id() + ".");
          return new Scope(null, domain);
        });
      });
    }
    if (scope.containsKey("unscoped")) return Future.succeededFuture(new Scope(null, null));
    throw StratusException.unauthorized("Only project and domain scopes are supported.");
  }

  private Future<Scope> defaultScope(User user) {
    if (user.defaultProjectId() == null) return Future.succeededFuture(new Scope(null, null));
    return store.projects().find(user.defaultProjectId())
        .compose(project -> project == null ? Future.succeededFuture(new Scope(null, null))
            : checkedProject(user, project).map(p -> new Scope(p, null)).otherwise(new Scope(null, null)));
  }

  private Future<Project> findProject(JsonObject ref) {
    if (ref.getString("id") != null) return store.projects().find(ref.getString("id"));
    String name = ref.getString("name");
    if (name == null) throw StratusException.badRequest("Expecting to find id or name in project.");
    return findDomain(ref.getJsonObject("domain"))
        .compose(domain -> domain == null ? Future.succeededFuture(null) : store.projects().findByName(domain.id(), name));
  }

  private Future<Project> checkedProject(User user, Project project) {
    if (project == null || !project.enabled()) {
      return Future.failedFuture(StratusException.unauthorized("Could not find the requested project, or it is disabled."));
    }
    return store.domains().find(project.domainId())
        .compose(domain -> {
          if (domain == null || !domain.enabled()) throw StratusException.unauthorized("The project's domain is disabled.");
          return roles.effectiveRoles(user.id(), TargetType.PROJECT, project.id());
        })
        .map(granted -> {
          if (granted.isEmpty()) throw StratusException.unauthorized("User " + user.id() + " has no access to project " + project.id() + ".");
          return project;
        });
  }

  private Future<ResolvedToken> issue(Identified who, Scope scope) {
    Instant now = clock.instant();
    Instant expires = now.plus(ttl);
    if (who.expiresAt() != null && who.expiresAt().isBefore(expires)) expires = who.expiresAt();
    List<String> audit = new ArrayList<>();
    audit.add(Ids.randomAuditId());
    if (!who.parentAuditIds().isEmpty()) audit.add(who.parentAuditIds().get(0));
    TokenPayload payload = new TokenPayload(who.user().id(), who.methods(),
        scope.project() == null ? null : scope.project().id(),
        scope.domain() == null ? null : scope.domain().id(), now, expires, audit,
        who.appCred() == null ? null : who.appCred().id());
    return tokens.issue(payload);
  }
}
