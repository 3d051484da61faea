package io.stratus.identity.api;

import io.stratus.identity.model.Assignment;
import io.stratus.identity.model.Ids;
import io.stratus.identity.model.Role;
import io.stratus.identity.service.Requests;
import io.stratus.identity.store.Mutation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** /v3/roles, implied roles (/v3/roles/{prior}/implies/{implied}) and /v3/role_inferences (admin). */
final class RoleRoutes {
  private final ApiContext api;

  RoleRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    Http.bind(router.get("/v3/roles"), this::list);
    Http.bind(router.post("/v3/roles"), this::create);
    Http.bind(router.get("/v3/roles/:id"), this::show);
    Http.bind(router.patch("/v3/roles/:id"), this::update);
    Http.bind(router.delete("/v3/roles/:id"), this::delete);
    Http.bind(router.get("/v3/roles/:prior/implies"), this::listImplied);
    Http.bind(router.put("/v3/roles/:prior/implies/:implied"), this::imply);
    Http.bind(router.get("/v3/roles/:prior/implies/:implied"), this::showImplied);
    Http.bind(router.head("/v3/roles/:prior/implies/:implied"), this::showImplied);
    Http.bind(router.delete("/v3/roles/:prior/implies/:implied"), this::unimply);
    Http.bind(router.get("/v3/role_inferences"), this::inferences);
  }

  private Future<Reply> list(RoutingContext ctx) {
    Guard.admin(ctx);
    return api.store().roles().list().map(all -> Reply.ok(Views.list("roles",
        all.stream().filter(r -> Filters.matches(ctx, "name", r.name())).toList(),
        r -> Views.role(r, api.v3(ctx)), api.v3(ctx) + "/roles")));
  }

  private Future<Reply> create(RoutingContext ctx) {
    Guard.admin(ctx);
    JsonObject in = Requests.object(Http.body(ctx), "role");
    Role role = new Role(Ids.random(), Requests.name(in, "name", Requests.NAME_MAX), Requests.optionalString(in, "description", null));
    return api.store().roles().create(role).map(r -> Reply.created(new JsonObject().put("role", Views.role(r, api.v3(ctx)))));
  }

  private Future<Reply> show(RoutingContext ctx) {
    Guard.admin(ctx);
    return api.store().roles().require(ctx.pathParam("id")).map(r -> Reply.ok(new JsonObject().put("role", Views.role(r, api.v3(ctx)))));
  }

  private Future<Reply> update(RoutingContext ctx) {
    Guard.admin(ctx);
    JsonObject in = Requests.object(Http.body(ctx), "role");
    return api.store().roles().require(ctx.pathParam("id"))
        .compose(old -> api.store().roles().update(old, new Role(old.id(), Requests.optionalName(in, "name", Requests.NAME_MAX, old.name()),
            Requests.optionalString(in, "description", old.description()))))
        .map(r -> Reply.ok(new JsonObject().put("role", Views.role(r, api.v3(ctx)))));
  }

  private Future<Reply> delete(RoutingContext ctx) {
    Guard.admin(ctx);
    return api.store().roles().require(ctx.pathParam("id")).compose(role -> api.store().grantsOn(null, null)
        .compose(grants -> api.store().implications().compose(pairs -> {
          List<Mutation> mutations = new ArrayList<>(api.store().roles().deletions(role));
          List<Assignment> removed = grants.stream().filter(g -> g.roleId().equals(role.id())).toList();
          removed.forEach(g -> mutations.addAll(api.store().revocations(g)));
          pairs.stream().filter(p -> p[0].equals(role.id()) || p[1].equals(role.id()))
              .forEach(p -> mutations.add(api.store().unimply(p[0], p[1])));
          return api.store().delete(mutations).compose(v -> api.revocations().assignments(removed));
        }))).map(v -> Reply.noContent());
  }

  private Future<Reply> imply(RoutingContext ctx) {
    Guard.admin(ctx);
    return pair(ctx).compose(roles -> api.store().imply(roles[0].id(), roles[1].id())
        .map(v -> Reply.created(inference(ctx, roles[0], roles[1]))));
  }

  private Future<Reply> showImplied(RoutingContext ctx) {
    Guard.admin(ctx);
    return pair(ctx).compose(roles -> api.store().implications().map(pairs -> {
      boolean exists = pairs.stream().anyMatch(p -> p[0].equals(roles[0].id()) && p[1].equals(roles[1].id()));
      if (!exists) throw io.stratus.common.error.StratusException.notFound("Could not find implied role: " + roles[1].id() + ".");
      return Reply.ok(inference(ctx, roles[0], roles[1]));
    }));
  }

  private Future<Reply> unimply(RoutingContext ctx) {
    return showImplied(ctx).compose(found -> api.store().delete(List.of(
        api.store().unimply(ctx.pathParam("prior"), ctx.pathParam("implied"))))).map(v -> Reply.noContent());
  }

  private Future<Reply> listImplied(RoutingContext ctx) {
    Guard.admin(ctx);
    return api.store().roles().require(ctx.pathParam("prior")).compose(prior -> inferencesOf(ctx).map(all -> {
      JsonObject found = all.get(prior.id());
      JsonObject inference = found != null ? found
          : new JsonObject().put("prior_role", ref(ctx, prior)).put("implies", new JsonArray());
      return Reply.ok(new JsonObject().put("role_inference", inference)
          .put("links", Views.self(api.v3(ctx) + "/roles/" + prior.id() + "/implies")));
    }));
  }

  private Future<Reply> inferences(RoutingContext ctx) {
    Guard.admin(ctx);
    return inferencesOf(ctx).map(all -> Reply.ok(new JsonObject().put("role_inferences", new JsonArray(new ArrayList<>(all.values())))
        .put("links", Views.self(api.v3(ctx) + "/role_inferences"))));
  }

  /** prior role id -> {"prior_role": ..., "implies": [...]}. */
  private Future<Map<String, JsonObject>> inferencesOf(RoutingContext ctx) {
    return api.store().implications().compose(pairs -> api.store().roles().list().map(roles -> {
      Map<String, Role> byId = new LinkedHashMap<>();
      roles.forEach(r -> byId.put(r.id(), r));
      Map<String, JsonObject> out = new LinkedHashMap<>();
      for (String[] p : pairs) {
        Role prior = byId.get(p[0]);
        Role implied = byId.get(p[1]);
        if (prior == null || implied == null) continue;
        out.computeIfAbsent(prior.id(), k -> new JsonObject().put("prior_role", ref(ctx, prior)).put("implies", new JsonArray()))
            .getJsonArray("implies").add(ref(ctx, implied));
      }
      return out;
    }));
  }

  private Future<Role[]> pair(RoutingContext ctx) {
    return api.store().roles().require(ctx.pathParam("prior")).compose(prior ->
        api.store().roles().require(ctx.pathParam("implied")).map(implied -> new Role[] {prior, implied}));
  }

  private JsonObject inference(RoutingContext ctx, Role prior, Role implied) {
    return new JsonObject()
        .put("role_inference", new JsonObject().put("prior_role", ref(ctx, prior)).put("implies", ref(ctx, implied)))
        .put("links", Views.self(api.v3(ctx) + "/roles/" + prior.id() + "/implies/" + implied.id()));
  }

  private JsonObject ref(RoutingContext ctx, Role role) {
    return new JsonObject().put("id", role.id()).put("name", role.name())
        .put("links", Views.self(api.v3(ctx) + "/roles/" + role.id()));
  }
}
