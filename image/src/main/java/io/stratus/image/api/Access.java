package io.stratus.image.api;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.StratusException;
import io.stratus.common.policy.RolePolicy;
import io.vertx.core.json.JsonObject;

/**
 * Glance's policy on the role-per-project model: an image is visible to its owner, to everyone when
 * public or community, to its members when shared, and to admins; only the owner (with the member
 * role) or an admin changes it; publicizing, deactivating and reactivating are for admins.
 */
final class Access {
  private Access() {
  }

  static boolean isAdmin(AuthContext caller) {
    return RolePolicy.isAdmin(caller);
  }

  static boolean owns(AuthContext caller, JsonObject image) {
    return caller.projectId() != null && caller.projectId().equals(image.getString("owner"));
  }

  /** Visible without membership: admin, owner, public or community. */
  static boolean visibleWithoutMembership(AuthContext caller, JsonObject image) {
    String visibility = image.getString("visibility");
    return isAdmin(caller) || owns(caller, image) || "public".equals(visibility) || "community".equals(visibility);
  }

  /** Fails with FORBIDDEN unless the caller may change the image (owner with member role, or admin). */
  static void requireWrite(AuthContext caller, JsonObject image) {
    if (isAdmin(caller)) return;
    if (!owns(caller, image)) throw StratusException.forbidden("You are not permitted to modify image " + image.getString("id") + ".");
    requireMember(caller);
  }

  /** Fails with FORBIDDEN unless the caller holds the member role on its project. */
  static void requireMember(AuthContext caller) {
    if (!RolePolicy.grants(caller.roles(), RolePolicy.MEMBER)) {
      throw StratusException.forbidden("You are not authorized to perform the requested action: member is required.");
    }
  }

  static void requireAdmin(AuthContext caller, String action) {
    if (!isAdmin(caller)) throw StratusException.forbidden("You are not authorized to " + action + ".");
  }

  /** Only admins may make an image public. */
  static void checkVisibilityChange(AuthContext caller, Object visibility) {
    if ("public".equals(visibility) && !isAdmin(caller)) {
      throw StratusException.forbidden("You are not authorized to complete publicize_image action.");
    }
  }
}
