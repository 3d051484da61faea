package io.stratus.identity.api;

import io.stratus.common.error.StratusException;
import io.vertx.ext.web.RoutingContext;

/** Query filters of list operations (?name=, ?domain_id=, ?enabled=), as openstackclient sends them. */
final class Filters {
  private Filters() {
  }

  /** Whether the query parameter is absent or equal to the value. */
  static boolean matches(RoutingContext ctx, String param, String value) {
    String wanted = ctx.queryParams().get(param);
    return wanted == null || wanted.equals(value);
  }

  /** Whether ?enabled= is absent or matches. */
  static boolean enabled(RoutingContext ctx, boolean value) {
    String wanted = ctx.queryParams().get("enabled");
    if (wanted == null) return true;
    return switch (wanted.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> value;
      case "false", "0", "no" -> !value;
      default -> throw StratusException.badRequest("Invalid value for enabled: " + wanted);
    };
  }
}
