package io.stratus.identity.api;

import io.stratus.identity.model.Role;
import io.stratus.identity.service.ResolvedToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The body Keystone answers for a token: {"token": {methods, user, scope, roles, catalog, times,
 * audit_ids}}, with an "application_credential" section for tokens made from one.
 */
final class TokenView {
  private TokenView() {
  }

  /** The token body; the catalog is left out when null (?nocatalog). */
  static JsonObject render(ResolvedToken t, JsonArray catalog) {
    JsonObject token = new JsonObject()
        .put("methods", new JsonArray(t.payload().methods()))
        .put("user", new JsonObject()
            .put("id", t.user().id())
            .put("name", t.user().name())
            .put("domain", Views.domainRef(t.userDomain()))
            .put("password_expires_at", null))
        .put("audit_ids", new JsonArray(t.payload().auditIds()))
        .put("issued_at", Views.time(t.payload().issuedAt()))
        .put("expires_at", Views.time(t.payload().expiresAt()));
    if (t.project() != null) {
      token.put("project", new JsonObject()
          .put("id", t.project().id())
          .put("name", t.project().name())
          .put("domain", Views.domainRef(t.projectDomain())));
      token.put("is_domain", false);
    }
    if (t.domain() != null) token.put("domain", Views.domainRef(t.domain()));
    if (t.project() != null || t.domain() != null) {
      JsonArray roles = new JsonArray();
      for (Role role : t.roles()) roles.add(new JsonObject().put("id", role.id()).put("name", role.name()));
      token.put("roles", roles);
    }
    if (t.appCred() != null) {
      token.put("application_credential", new JsonObject()
          .put("id", t.appCred().id())
          .put("name", t.appCred().name())
          .put("restricted", !t.appCred().unrestricted()));
    }
    if (catalog != null) token.put("catalog", catalog);
    return new JsonObject().put("token", token);
  }
}
