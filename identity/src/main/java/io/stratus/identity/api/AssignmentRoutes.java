package io.stratus.identity.api;

import io.stratus.common.error.StratusException;
import io.stratus.identity.model.Assignment;
import io.stratus.identity.model.Assignment.TargetType;
import io.stratus.identity.model.Role;
import io.stratus.identity.service.ResolvedToken;
import io.stratus.identity.service.RoleResolver;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Role grants on projects and domains, and GET /v3/role_assignments with openstackclient's filters. */
final class AssignmentRoutes {
  private final ApiContext api;

  AssignmentRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    for (TargetType type : TargetType.values()) {
      String grant = "/v3/" + type.path() + "/:target/users/:user/roles/:role";
      Http.bind(router.put(grant), ctx -> grant(ctx, type));
      Http.bind(router.get(grant), ctx -> check(ctx, type));
      Http.bind(router.head(grant), ctx -> check(ctx, type));
      Http.bind(router.delete(grant), ctx -> revoke(ctx, type));
      Http.bind(router.get("/v3/" + type.path() + "/:target/users/:user/roles"), ctx -> listGrants(ctx, type));
    }
    Http.bind(router.get("/v3/role_assignments"), this::roleAssignments);
  }

  private Future<Reply> grant(RoutingContext ctx, TargetType type) {
    Guard.admin(ctx);
    return resolve(ctx, type).compose(a -> api.store().grant(a)).map(v -> Reply.noContent());
  }

  private Future<Reply> check(RoutingContext ctx, TargetType type) {
    Guard.admin(ctx);
    return resolve(ctx, type).compose(a -> api.store().hasGrant(a).map(has -> {
      if (!has) throw StratusException.notFound("Could not find role assignment.");
      return Reply.noContent();
    }));
  }

  private Future<Reply> revoke(RoutingContext ctx, TargetType type) {
    Guard.admin(ctx);
    return resolve(ctx, type).compose(a -> api.store().hasGrant(a).compose(has -> {
      if (!has) throw StratusException.notFound("Could not find role assignment.");
      return api.store().delete(api.store().revocations(a)).compose(v -> api.revocations().assignment(a));
    })).map(v -> Reply.noContent());
  }

  private Future<Reply> listGrants(RoutingContext ctx, TargetType type) {
    Guard.admin(ctx);
    String userId = ctx.pathParam("user");
    String target = ctx.pathParam("target");
    return requireTarget(type, target).compose(t -> api.store().users().require(userId))
        .compose(u -> api.store().grantsOf(userId))
        .compose(grants -> api.roles().loadRoles(new java.util.LinkedHashSet<>(grants.stream()
            .filter(g -> g.targetType() == type && g.targetId().equals(target)).map(Assignment::roleId).toList())))
        .map(roles -> Reply.ok(Views.list("roles", roles, r -> Views.role(r, api.v3(ctx)),
            api.v3(ctx) + "/" + type.path() + "/" + target + "/users/" + userId + "/roles")));
  }

  /** The assignment named by the path, after checking that its target, user and role exist (404). */
  private Future<Assignment> resolve(RoutingContext ctx, TargetType type) {
    String target = ctx.pathParam("target");
    String user = ctx.pathParam("user");
    String role = ctx.pathParam("role");
    return requireTarget(type, target)
        .compose(t -> api.store().users().require(user))
        .compose(u -> api.store().roles().require(role))
        .map(r -> new Assignment(user, type, target, role));
  }

  private Future<?> requireTarget(TargetType type, String id) {
    return type == TargetType.PROJECT ? api.store().projects().require(id) : api.store().domains().require(id);
  }

  private Future<Reply> roleAssignments(RoutingContext ctx) {
    ResolvedToken caller = Http.caller(ctx);
    String userFilter = ctx.queryParams().get("user.id");
    if (!caller.user().id().equals(userFilter)) Guard.admin(ctx);
    if (ctx.queryParams().get("group.id") != null) {
      return Future.succeededFuture(Reply.ok(assignmentList(ctx, new JsonArray())));
    }
    boolean effective = ctx.queryParams().contains("effective");
    boolean names = ctx.queryParams().contains("include_names");
    return api.store().grantsOn(null, null)
        .compose(grants -> api.store().implications().compose(pairs -> api.store().roles().list().compose(roles ->
            AssignmentView.render(api, ctx, filter(ctx, grants), pairs, roles, effective, names))))
        .map(items -> Reply.ok(assignmentList(ctx, filterRoles(ctx, items))));
  }

  private static List<Assignment> filter(RoutingContext ctx, List<Assignment> grants) {
    String user = ctx.queryParams().get("user.id");
    String project = ctx.queryParams().get("scope.project.id");
    String domain = ctx.queryParams().get("scope.domain.id");
    List<Assignment> out = new ArrayList<>();
    for (Assignment a : grants) {
      if (user != null && !user.equals(a.userId())) continue;
      if (project != null && !(a.targetType() == TargetType.PROJECT && project.equals(a.targetId()))) continue;
      if (domain != null && !(a.targetType() == TargetType.DOMAIN && domain.equals(a.targetId()))) continue;
      out.add(a);
    }
    return out;
  }

  /** ?role.id= applies after implied roles are expanded, as in Keystone. */
  private static JsonArray filterRoles(RoutingContext ctx, JsonArray items) {
    String role = ctx.queryParams().get("role.id");
    if (role == null) return items;
    JsonArray out = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      if (role.equals(items.getJsonObject(i).getJsonObject("role").getString("id"))) out.add(items.getJsonObject(i));
    }
    return out;
  }

  private JsonObject assignmentList(RoutingContext ctx, JsonArray items) {
    return new JsonObject().put("role_assignments", items).put("links", new JsonObject()
        .put("self", api.v3(ctx) + "/role_assignments").put("previous", null).put("next", null));
  }

  /** Implied roles of one direct role, for effective listings. */
  static Set<String> implied(String roleId, List<String[]> pairs) {
    Set<String> all = RoleResolver.expand(Set.of(roleId), pairs);
    all.remove(roleId);
    return all;
  }

  static JsonObject roleRef(Role role, String roleId, boolean names) {
    JsonObject ref = new JsonObject().put("id", roleId);
    if (names && role != null) ref.put("name", role.name());
    return ref;
  }
}
