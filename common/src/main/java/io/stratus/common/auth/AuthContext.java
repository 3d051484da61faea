package io.stratus.common.auth;

import io.stratus.common.error.StratusException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who made a request, as a validated token says: the user, the scope (a project, a domain or none)
 * and the effective role names on that scope.
 */
public record AuthContext(
    String userId,
    String userName,
    String userDomainId,
    String projectId,
    String projectName,
    String domainId,
    Set<String> roles,
    Instant expiresAt) {

  public AuthContext {
    roles = Set.copyOf(roles);
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
        domain == null ? null : domain.getString("id"),
        roles,
        expires);
  }
}
