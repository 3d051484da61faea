package io.stratus.identity.api;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.common.policy.RolePolicy;
import io.stratus.identity.model.Assignment;
import io.stratus.identity.model.Assignment.TargetType;
import io.stratus.identity.service.ResolvedToken;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** /v3/auth/*: issue, validate, check and revoke tokens; the caller's catalog, projects and domains. */
final class AuthRoutes {
  private final ApiContext api;

  AuthRoutes(ApiContext api) {
    this.api = api;
  }

  /** The one public operation: issuing a token. */
  void mountPublic(Router router) {
    Http.bind(router.post("/v3/auth/tokens"), this::issue);
  }

  void mount(Router router) {
    Http.bind(router.get("/v3/auth/tokens"), this::validate);
    Http.bind(router.head("/v3/auth/tokens"), this::validate);
    Http.bind(router.delete("/v3/auth/tokens"), this::revoke);
    Http.bind(router.get("/v3/auth/catalog"), this::catalog);
    Http.bind(router.get("/v3/auth/projects"), this::projects);
    Http.bind(router.get("/v3/auth/domains"), this::domains);
  }

  private Future<Reply> issue(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    return api.auth().authenticate(body).map(token -> Reply.created(render(ctx, token))
        .withHeader("X-Subject-Token", token.token()));
  }

  private Future<Reply> validate(RoutingContext ctx) {
    return subject(ctx).map(token -> Reply.ok(render(ctx, token)).withHeader("X-Subject-Token", token.token()));
  }

  private Future<Reply> revoke(RoutingContext ctx) {
    return subject(ctx).compose(token -> api.revocations().token(token.payload())).map(v -> Reply.noContent());
  }

  private Future<Reply> catalog(RoutingContext ctx) {
    ResolvedToken caller = Http.caller(ctx);
    if (caller.project() == null && caller.domain() == null) {
      throw StratusException.forbidden("Unable to get a catalog for an unscoped token.");
    }
    JsonArray catalog = api.catalog().forProject(api.base(ctx), caller.project() == null ? null : caller.project().id());
    return Future.succeededFuture(Reply.ok(new JsonObject().put("catalog", catalog)
        .put("links", Views.self(api.v3(ctx) + "/auth/catalog"))));
  }

  private Future<Reply> projects(RoutingContext ctx) {
    ResolvedToken caller = Http.caller(ctx);
    return targetsOf(caller.user().id(), TargetType.PROJECT)
        .compose(ids -> all(ids.stream().map(id -> api.store().projects().find(id)).toList()))
        .map(found -> Reply.ok(Views.list("projects", found.stream().filter(p -> p.enabled()).toList(),
            p -> Views.project(p, api.v3(ctx)), api.v3(ctx) + "/auth/projects")));
  }

  private Future<Reply> domains(RoutingContext ctx) {
    ResolvedToken caller = Http.caller(ctx);
    return targetsOf(caller.user().id(), TargetType.DOMAIN)
        .compose(ids -> all(ids.stream().map(id -> api.store().domains().find(id)).toList()))
        .map(found -> Reply.ok(Views.list("domains", found.stream().filter(d -> d.enabled()).toList(),
            d -> Views.domain(d, api.v3(ctx)), api.v3(ctx) + "/auth/domains")));
  }

  /** The token in X-Subject-Token, if the caller may see it: its owner, an admin or a service. */
  private Future<ResolvedToken> subject(RoutingContext ctx) {
    ResolvedToken caller = Http.caller(ctx);
    String subject = ctx.request().getHeader("X-Subject-Token");
    if (subject == null || subject.isBlank()) throw StratusException.badRequest("Missing required header X-Subject-Token.");
    return api.tokens().validate(subject)
        .recover(e -> Future.failedFuture(e instanceof StratusException se && se.code() == ErrorCode.UNAUTHORIZED
            ? StratusException.notFound("Could not find token: " + abbreviate(subject)) : e))
        .map(token -> {
          boolean owner = token.user().id().equals(caller.user().id());
          if (!owner && !RolePolicy.isAdmin(caller.toAuthContext()) && !caller.roleNames().contains("service")) {
            throw StratusException.forbidden("You are not authorized to perform the requested action: identity:validate_token.");
          }
          return token;
        });
  }

  private JsonObject render(RoutingContext ctx, ResolvedToken token) {
    boolean scoped = token.project() != null || token.domain() != null;
    JsonArray catalog = scoped ? api.catalog().forProject(api.base(ctx), token.project() == null ? null : token.project().id()) : new JsonArray();
    return TokenView.render(token, ctx.queryParams().contains("nocatalog") ? null : catalog);
  }

  private Future<List<String>> targetsOf(String userId, TargetType type) {
    return api.store().grantsOf(userId).map(grants -> {
      Set<String> ids = new LinkedHashSet<>();
      for (Assignment a : grants) {
        if (a.targetType() == type) ids.add(a.targetId());
      }
      return new ArrayList<>(ids);
    });
  }

  /** The results of all the lookups, without the nulls of ones that found nothing. */
  static <T> Future<List<T>> all(List<Future<T>> lookups) {
    return Future.all(lookups).map(done -> {
      List<T> out = new ArrayList<>();
      for (int i = 0; i < done.size(); i++) {
        T found = done.resultAt(i);
        if (found != null) out.add(found);
      }
      return out;
    });
  }

  private static String abbreviate(String token) {
    return token.length() > 12 ? token.substring(0, 12) + "..." : token;
  }
}
