package io.stratus.identity.api;

import io.stratus.common.error.StratusException;
import io.stratus.common.policy.RolePolicy;
import io.stratus.identity.service.ResolvedToken;
import io.vertx.ext.web.RoutingContext;

/** Policy checks of the identity API, on the role-per-project model of common's RolePolicy. */
final class Guard {
  private Guard() {
  }

  /** The caller, who must hold admin. */
  static ResolvedToken admin(RoutingContext ctx) {
    ResolvedToken caller = Http.caller(ctx);
    RolePolicy.requireAdmin(caller.toAuthContext());
    return caller;
  }

  /** The caller, who must hold admin or the service role; FORBIDDEN names the action otherwise. */
  static ResolvedToken adminOrService(RoutingContext ctx, String action) {
    ResolvedToken caller = Http.caller(ctx);
    if (!isAdmin(caller) && !caller.roleNames().contains("service")) {
      throw StratusException.forbidden("You are not authorized to perform the requested action: " + action + ".");
    }
    return caller;
  }

  static boolean isAdmin(ResolvedToken caller) {
    return RolePolicy.isAdmin(caller.toAuthContext());
  }

  /** The caller, who must be the user or hold admin. */
  static ResolvedToken selfOrAdmin(RoutingContext ctx, String userId) {
    ResolvedToken caller = Http.caller(ctx);
    if (!caller.user().id().equals(userId)) RolePolicy.requireAdmin(caller.toAuthContext());
    return caller;
  }

  /** The domain new entities go to when the request names none: the caller's project domain, else default. */
  static String defaultDomain(ResolvedToken caller) {
    if (caller.project() != null) return caller.project().domainId();
    if (caller.domain() != null) return caller.domain().id();
    return caller.user().domainId();
  }
}
