package io.stratus.identity.token;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What a sealed token carries: the user, how they authenticated, the scope (project, domain or
 * none), when it was issued and expires (microsecond precision), its audit ids (own id first,
 * then the token it was re-scoped from) and the application credential it was made from, if any.
 */
public record TokenPayload(
    String userId,
    List<String> methods,
    String projectId,
    String domainId,
    Instant issuedAt,
    Instant expiresAt,
    List<String> auditIds,
    String appCredId) {

  /** A payload of a token not made from an application credential. */
  public TokenPayload(String userId, List<String> methods, String projectId, String domainId, Instant issuedAt,
      Instant expiresAt, List<String> auditIds) {
    this(userId, methods, projectId, domainId, issuedAt, expiresAt, auditIds, null);
  }

  public TokenPayload {
    methods = List.copyOf(methods);
    auditIds = List.copyOf(auditIds);
    issuedAt = issuedAt.truncatedTo(ChronoUnit.MICROS);
    expiresAt = expiresAt.truncatedTo(ChronoUnit.MICROS);
  }

  public String auditId() {
    return auditIds.get(0);
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("u", userId)
        .put("m", new JsonArray(methods))
        .put("i", micros(issuedAt))
        .put("e", micros(expiresAt))
        .put("a", new JsonArray(auditIds));
    if (projectId != null) json.put("p", projectId);
    if (domainId != null) json.put("d", domainId);
    if (appCredId != null) json.put("c", appCredId);
    return json;
  }

  static TokenPayload fromJson(JsonObject json) {
    return new TokenPayload(
        json.getString("u"),
        strings(json.getJsonArray("m")),
        json.getString("p"),
        json.getString("d"),
        instant(json.getLong("i")),
        instant(json.getLong("e")),
        strings(json.getJsonArray("a")),
        json.getString("c"));
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String.class::cast).toList();
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
