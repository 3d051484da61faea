package io.stratus.common.auth;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * One revocation as identity announces it: what was revoked (a token by audit id, or everything of a
 * user, project, domain, application credential or user-on-project role assignment), by which node,
 * and when. Services match it against cached validations; {@link #matches} says which ones it kills.
 * On the wire it is a small JSON object (see {@link #toJson()}), on the event bus at {@link #ADDRESS}
 * and on Kafka.
 */
public record RevocationEvent(
    String id,
    String origin,
    Kind kind,
    String auditId,
    String userId,
    String projectId,
    String domainId,
    String applicationCredentialId,
    Instant at) {

  /** The Vert.x event-bus address that identity publishes revocations on (local delivery). */
  public static final String ADDRESS = "stratus.identity.revocations";

  /** What a revocation is about; an unknown kind from a newer node is read as {@link #UNKNOWN}. */
  public enum Kind {
    TOKEN, USER, PROJECT, DOMAIN, APP_CREDENTIAL, ROLE_ASSIGNMENT, UNKNOWN;

    /** The JSON name: "token", "user", ..., "app_credential", "role_assignment". */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind parse(String name) {
      if (name == null) return UNKNOWN;
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return UNKNOWN;
      }
    }
  }

  public RevocationEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }

  /** A new event with a random id. */
  public static RevocationEvent create(String origin, Kind kind, String auditId, String userId, String projectId,
      String domainId, String applicationCredentialId, Instant at) {
    return new RevocationEvent(UUID.randomUUID().toString(), origin, kind, auditId, userId, projectId, domainId,
        applicationCredentialId, at);
  }

  /**
   * Whether a cached validation must go: a token event kills the token and the tokens re-scoped from
   * it (they carry its audit id); a user, project or application-credential event every token of it; a
   * domain event every token whose user, project or scope is in the domain; a role-assignment event the
   * user's tokens on that project (or domain). An unknown kind kills everything, to be safe.
   */
  public boolean matches(AuthContext token) {
    return switch (kind) {
      case TOKEN -> auditId != null && token.auditIds().contains(auditId);
      case USER -> userId != null && userId.equals(token.userId());
      case PROJECT -> projectId != null && projectId.equals(token.projectId());
      case DOMAIN -> domainId != null && (domainId.equals(token.userDomainId()) || domainId.equals(token.projectDomainId())
          || domainId.equals(token.domainId()));
      case APP_CREDENTIAL -> applicationCredentialId != null && applicationCredentialId.equals(token.applicationCredentialId());
      case ROLE_ASSIGNMENT -> userId != null && userId.equals(token.userId())
          && (projectId != null ? projectId.equals(token.projectId()) : domainId != null && domainId.equals(token.domainId()));
      case UNKNOWN -> true;
    };
  }

  /** {"id", "origin", "kind", "audit_id" | "user_id" | "project_id" | "domain_id" | "application_credential_id", "at"}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("origin", origin).put("kind", kind.jsonName());
    putIfSet(json, "audit_id", auditId);
    putIfSet(json, "user_id", userId);
    putIfSet(json, "project_id", projectId);
    putIfSet(json, "domain_id", domainId);
    putIfSet(json, "application_credential_id", applicationCredentialId);
    return json.put("at", at.toString());
  }

  /** Reads {@link #toJson()}'s form; IllegalArgumentException when the id or time is missing or malformed. */
  public static RevocationEvent fromJson(JsonObject json) {
    try {
      String id = json.getString("id");
      if (id == null || id.isBlank()) throw new IllegalArgumentException("a revocation event needs an id");
      return new RevocationEvent(id, json.getString("origin"), Kind.parse(json.getString("kind")), json.getString("audit_id"),
          json.getString("user_id"), json.getString("project_id"), json.getString("domain_id"),
          json.getString("application_credential_id"), Instant.parse(json.getString("at")));
    } catch (ClassCastException | DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("not a revocation event: " + json, e);
    }
  }

  private static void putIfSet(JsonObject json, String key, String value) {
    if (value != null) json.put(key, value);
  }
}
