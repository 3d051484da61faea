package io.stratus.identity.service;

import io.stratus.common.auth.AuthContext;
import io.stratus.identity.model.ApplicationCredential;
import io.stratus.identity.model.Domain;
import io.stratus.identity.model.Project;
import io.stratus.identity.model.Role;
import io.stratus.identity.model.User;
import io.stratus.identity.token.TokenPayload;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A valid token with everything it refers to loaded: user and domain, scope, effective roles, and the
 * application credential it was made from (null for other tokens).
 */
public record ResolvedToken(
    String token,
    TokenPayload payload,
    User user,
    Domain userDomain,
    Project project,
    Domain projectDomain,
    Domain domain,
    List<Role> roles,
    ApplicationCredential appCred) {

  public ResolvedToken {
    roles = List.copyOf(roles);
  }

  /** Whether the token was made from an application credential that may not manage others. */
  public boolean restrictedAppCred() {
    return appCred != null && !appCred.unrestricted();
  }

  public Set<String> roleNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Role role : roles) names.add(role.name());
    return names;
  }

  public AuthContext toAuthContext() {
    return new AuthContext(user.id(), user.name(), user.domainId(),
        project == null ? null : project.id(), project == null ? null : project.name(),
        project == null ? null : project.domainId(), domain == null ? null : domain.id(), roleNames(),
        payload.expiresAt(), payload.auditIds(), appCred == null ? null : appCred.id());
  }
}
