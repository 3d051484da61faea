package io.stratus.common.policy;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.StratusException;
import java.util.List;
import java.util.Set;

/**
 * The one policy model of Stratus: a role per project, with admin implying member and member implying
 * reader. A token carries the effective roles of its scope; admin on any scope is cloud admin.
 */
public final class RolePolicy {
  public static final String ADMIN = "admin";
  public static final String MEMBER = "member";
  public static final String READER = "reader";

  /** The built-in roles from strongest to weakest: each implies the ones after it. */
  private static final List<String> HIERARCHY = List.of(ADMIN, MEMBER, READER);

  private RolePolicy() {
  }

  /** Whether the roles held include the required one, directly or by implication. */
  public static boolean grants(Set<String> held, String required) {
    if (held.contains(required)) return true;
    int needed = HIERARCHY.indexOf(required);
    if (needed < 0) return false;
    for (int i = 0; i < needed; i++) {
      if (held.contains(HIERARCHY.get(i))) return true;
    }
    return false;
  }

  public static boolean isAdmin(AuthContext context) {
    return context.roles().contains(ADMIN);
  }

  /** Whether the context may act on the project with the role: scoped to it with the role, or admin. */
  public static boolean allowsOnProject(AuthContext context, String projectId, String role) {
    if (isAdmin(context)) return true;
    return projectId != null && projectId.equals(context.projectId()) && grants(context.roles(), role);
  }

  /** Fails with FORBIDDEN unless the context may act on the project with the role. */
  public static void requireOnProject(AuthContext context, String projectId, String role) {
    if (!allowsOnProject(context, projectId, role)) {
      throw StratusException.forbidden("You are not authorized to perform the requested action: "
          + role + " on project " + projectId + " is required.");
    }
  }

  /** Fails with FORBIDDEN unless the context holds the admin role. */
  public static void requireAdmin(AuthContext context) {
    if (!isAdmin(context)) {
      throw StratusException.forbidden("You are not authorized to perform the requested action: admin is required.");
    }
  }
}
