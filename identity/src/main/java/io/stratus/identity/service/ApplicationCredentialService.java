package io.stratus.identity.service;

import io.stratus.common.auth.Secrets;
import io.stratus.common.error.StratusException;
import io.stratus.identity.model.ApplicationCredential;
import io.stratus.identity.model.Ids;
import io.stratus.identity.model.Role;
import io.stratus.identity.store.IdentityStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Application credentials as Keystone makes them: a user creates one for the project of the token
 * in hand, with a subset of that token's roles (all by default); the secret is generated unless
 * given, answered once and stored as an Argon2id hash. Proving one checks the secret, then expiry.
 */
public final class ApplicationCredentialService {
  /** 512 random bits in letters and digits, as long as Keystone's 64 random bytes in base64. */
  private static final int SECRET_LENGTH = 86;
  private static final String NOT_AUTHENTICATED = "The request you have made requires authentication.";

  private final IdentityStore store;
  private final PasswordService passwords;
  private final Clock clock;
  private final SecureRandom random;

  /** A new credential and its secret in clear, which only the creation answer carries. */
  public record Created(ApplicationCredential credential, String secret) {
  }

  public ApplicationCredentialService(IdentityStore store, PasswordService passwords, Clock clock, SecureRandom random) {
    this.store = store;
    this.passwords = passwords;
    this.clock = clock;
    this.random = random;
  }

  /** Creates a credential of the caller (who must be userId) from {"application_credential": {...}}. */
  public Future<Created> create(ResolvedToken caller, String userId, JsonObject body) {
    if (!caller.user().id().equals(userId)) {
      throw StratusException.forbidden("You are not authorized to perform the requested action: "
          + "Cannot create an application credential for another user.");
    }
    requireUnrestricted(caller);
    if (caller.project() == null) throw StratusException.badRequest("Application credentials are created with a project-scoped token.");
    JsonObject in = Requests.object(body, "application_credential");
    String name = Requests.name(in, "name", Requests.NAME_MAX);
    String description = Requests.optionalString(in, "description", null);
    String given = Requests.optionalString(in, "secret", null);
    String secret = given == null || given.isEmpty() ? randomSecret() : given;
    String expiresAt = expiry(Requests.optionalString(in, "expires_at", null));
    boolean unrestricted = Requests.optionalBoolean(in, "unrestricted", false);
    if (in.getValue("access_rules") instanceof JsonArray rules && !rules.isEmpty()) {
      throw StratusException.badRequest("Invalid application credential: access rules are not supported.");
    }
    List<String> roleIds = roles(caller, in.getValue("roles"));
    return passwords.hash(secret)
        .compose(hash -> store.appCreds().create(new ApplicationCredential(Ids.random(), name, userId, caller.project().id(),
            description, hash, roleIds, expiresAt, unrestricted)))
        .map(cred -> new Created(cred, secret));
  }

  /** The credential if the secret is its own and it has not expired; UNAUTHORIZED otherwise (also for null). */
  public Future<ApplicationCredential> verify(ApplicationCredential cred, String secret) {
    if (cred == null) return Future.failedFuture(StratusException.unauthorized(NOT_AUTHENTICATED));
    return passwords.verify(secret, cred.secretHash()).map(ok -> {
      if (!ok) throw StratusException.unauthorized(NOT_AUTHENTICATED);
      if (cred.expiredAt(clock.instant())) throw StratusException.unauthorized("The application credential has expired.");
      return cred;
    });
  }

  /** FORBIDDEN when the caller's token came from a restricted application credential. */
  public static void requireUnrestricted(ResolvedToken caller) {
    if (caller.restrictedAppCred()) {
      throw StratusException.forbidden("You are not authorized to perform the requested action: Using method "
          + "'application_credential' is not allowed for managing additional application credentials.");
    }
  }

  /** The role ids requested ([{"id"}] or [{"name"}]), each one the caller's token holds; all of them when none are named. */
  private static List<String> roles(ResolvedToken caller, Object requested) {
    if (requested == null) return caller.roles().stream().map(Role::id).toList();
    if (!(requested instanceof JsonArray refs)) throw StratusException.badRequest("Invalid input for field 'roles': expected a list.");
    if (refs.isEmpty()) return caller.roles().stream().map(Role::id).toList();
    List<String> out = new ArrayList<>();
    for (Object item : refs) {
      if (!(item instanceof JsonObject ref)) throw StratusException.badRequest("Invalid input for field 'roles': expected objects.");
      Role role = held(caller, ref);
      if (!out.contains(role.id())) out.add(role.id());
    }
    return out;
  }

  private static Role held(ResolvedToken caller, JsonObject ref) {
    String id = Requests.optionalString(ref, "id", null);
    String name = Requests.optionalString(ref, "name", null);
    if (id == null && name == null) throw StratusException.badRequest("Expecting to find id or name in role.");
    for (Role role : caller.roles()) {
      if (role.id().equals(id) || (id == null && role.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))) return role;
    }
    throw StratusException.badRequest("Invalid application credential: Could not find role assignment with role: "
        + (id != null ? id : name) + ", user or group: " + caller.user().id() + ", project, domain, or system: "
        + caller.project().id() + ".");
  }

  /** The expiry as an ISO instant (microseconds), or null; BAD_REQUEST when unparsable or past. */
  private String expiry(String text) {
    if (text == null || text.isBlank()) return null;
    Instant at = parseTime(text.strip());
    if (!at.isAfter(clock.instant())) throw StratusException.badRequest("The 'expires_at' must not be before now.");
    return at.truncatedTo(ChronoUnit.MICROS).toString();
  }

  static Instant parseTime(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw StratusException.badRequest("Invalid input for field 'expires_at': '" + text + "' is not an ISO 8601 time.");
      }
    }
  }

  private String randomSecret() {
    return Secrets.random(random, SECRET_LENGTH);
  }
}
