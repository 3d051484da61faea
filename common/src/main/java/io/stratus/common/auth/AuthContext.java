package io.stratus.common.auth;

import io.stratus.common.error.StratusException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who made a request, as a validated token says: the user, the scope (a project with its domain, a
 * domain or none), the effective role names on that scope, and what revocations match it by: the
 * token's audit ids (its own first) and the application credential it was made from (null if none).
 */
public record AuthContext(
    String userId,
    String userName,
    String userDomainId,
    String projectId,
    String projectName,
    String projectDomainId,
    String domainId,
    Set<String> roles,
    Instant expiresAt,
    List<String> auditIds,
    String applicationCredentialId) {

  public AuthContext {
    roles = Set.copyOf(roles);
    auditIds = auditIds == null ? List.of() : List.copyOf(auditIds);
  }

  /** A context without project domain, audit ids or application credential (tests, tempauth-style callers). */
  public AuthContext(String userId, String userName, String userDomainId, String projectId, String projectName,
      String domainId, Set<String> roles, Instant expiresAt) {
    this(userId, userName, userDomainId, projectId, projectName, null, domainId, roles, expiresAt, List.of(), null);
  }

  public boolean projectScoped() {
    return projectId != null;
  }

  /** Reads the body of a Keystone v3 token response ({"token": {...}}). */
  public static AuthContext fromKeystoneToken(JsonObject body) {
    JsonObject token = body == null ? null : body.getJsonObject("token");
    if (token == null) throw StratusException.unauthorized("The identity service answered without a token.");
    JsonObject user = token.getJsonObject("user", new JsonObject());
    JsonObject project = token.getJsonObject("project");
    JsonObject domain = token.getJsonObject("domain");
    Set<String> roles = new LinkedHashSet<>();
    JsonArray roleArray = token.getJsonArray("roles", new JsonArray());
    for (int i = 0; i < roleArray.size(); i++) {
      roles.add(roleArray.getJsonObject(i).getString("name"));
    }
    List<String> auditIds = new ArrayList<>();
    JsonArray auditArray = token.getJsonArray("audit_ids", new JsonArray());
    for (int i = 0; i < auditArray.size(); i++) auditIds.add(auditArray.getString(i));
    JsonObject appCred = token.getJsonObject("application_credential");
    Instant expires;
    try {
      expires = Instant.parse(token.getString("expires_at"));
    } catch (DateTimeParseException | NullPointerException e) {
      throw StratusException.unauthorized("The identity service answered a token without a valid expiry.");
    }
    return new AuthContext(
        user.getString("id"),
        user.getString("name"),
        user.getJsonObject("domain", new JsonObject()).getString("id"),
        project == null ? null : project.getString("id"),
        project == null ? null : project.getString("name"),
        project == null ? null : project.getJsonObject("domain", new JsonObject()).getString("id"),
        domain == null ? null : domain.getString("id"),
        roles,
        expires,
        auditIds,
        appCred == null ? null : appCred.getString("id"));
  }
}
