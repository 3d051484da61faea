package io.stratus.identity.api;

import io.stratus.common.error.StratusException;
import io.stratus.identity.service.Bootstrap;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;

/**
 * Swift tempauth v1.0: GET /auth/v1.0 with X-Auth-User "project:user" and X-Auth-Key (password) in
 * the default domain; answers a project-scoped token and the project's storage URL.
 */
final class TempAuthRoutes {
  private final ApiContext api;
  private final Clock clock;

  TempAuthRoutes(ApiContext api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  void mountPublic(Router router) {
    Http.bind(router.get("/auth/v1.0"), this::auth);
    Http.bind(router.get("/v1.0"), this::auth);
  }

  private Future<Reply> auth(RoutingContext ctx) {
    String user = header(ctx, "X-Auth-User", "X-Storage-User");
    String key = header(ctx, "X-Auth-Key", "X-Storage-Pass");
    if (user == null || key == null) throw StratusException.unauthorized("X-Auth-User and X-Auth-Key are required.");
    int colon = user.indexOf(':');
    if (colon <= 0 || colon == user.length() - 1) throw StratusException.unauthorized("X-Auth-User must be project:user.");
    return api.auth().authenticateProjectUser(Bootstrap.DEFAULT_DOMAIN_ID, user.substring(0, colon), user.substring(colon + 1), key)
        .map(token -> {
          long expiresIn = Math.max(0, Duration.between(clock.instant(), token.payload().expiresAt()).getSeconds());
          return new Reply(200, null, java.util.Map.of())
              .withHeader("X-Storage-Url", api.catalog().objectStoreUrl(token.project().id()))
              .withHeader("X-Auth-Token", token.token())
              .withHeader("X-Storage-Token", token.token())
              .withHeader("X-Auth-Token-Expires", Long.toString(expiresIn));
        });
  }

  private static String header(RoutingContext ctx, String name, String alternative) {
    String value = ctx.request().getHeader(name);
    return value != null ? value : ctx.request().getHeader(alternative);
  }
}
