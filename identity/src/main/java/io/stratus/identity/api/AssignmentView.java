package io.stratus.identity.api;

import io.stratus.identity.model.Assignment;
import io.stratus.identity.model.Assignment.TargetType;
import io.stratus.identity.model.Domain;
import io.stratus.identity.model.Project;
import io.stratus.identity.model.Role;
import io.stratus.identity.model.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The JSON of role assignments: role, user, scope and links, with names and implied roles on request. */
final class AssignmentView {
  private AssignmentView() {
  }

  static Future<JsonArray> render(ApiContext api, RoutingContext ctx, List<Assignment> grants, List<String[]> pairs,
      List<Role> roles, boolean effective, boolean names) {
    Map<String, Role> roleById = new HashMap<>();
    roles.forEach(r -> roleById.put(r.id(), r));
    return api.store().users().list().compose(users -> api.store().projects().list().compose(projects ->
        api.store().domains().list().map(domains -> {
          Map<String, User> userById = new HashMap<>();
          users.forEach(u -> userById.put(u.id(), u));
          Map<String, Project> projectById = new HashMap<>();
          projects.forEach(p -> projectById.put(p.id(), p));
          Map<String, Domain> domainById = new HashMap<>();
          domains.forEach(d -> domainById.put(d.id(), d));
          JsonArray out = new JsonArray();
          String v3 = api.v3(ctx);
          for (Assignment a : grants) {
            JsonObject user = ref(a.userId(), names ? userById.get(a.userId()) : null, domainById);
            JsonObject scope = scope(a, names, projectById, domainById);
            String link = v3 + "/" + a.targetType().path() + "/" + a.targetId() + "/users/" + a.userId() + "/roles/" + a.roleId();
            out.add(new JsonObject().put("role", AssignmentRoutes.roleRef(roleById.get(a.roleId()), a.roleId(), names))
                .put("user", user).put("scope", scope).put("links", new JsonObject().put("assignment", link)));
            if (!effective) continue;
            for (String implied : AssignmentRoutes.implied(a.roleId(), pairs)) {
              out.add(new JsonObject().put("role", AssignmentRoutes.roleRef(roleById.get(implied), implied, names))
                  .put("user", user.copy()).put("scope", scope.copy())
                  .put("links", new JsonObject().put("assignment", link).put("prior_role", v3 + "/roles/" + a.roleId())));
            }
          }
          return out;
        })));
  }

  private static JsonObject ref(String userId, User user, Map<String, Domain> domains) {
    JsonObject ref = new JsonObject().put("id", userId);
    if (user != null) {
      ref.put("name", user.name());
      Domain domain = domains.get(user.domainId());
      if (domain != null) ref.put("domain", Views.domainRef(domain));
    }
    return ref;
  }

  private static JsonObject scope(Assignment a, boolean names, Map<String, Project> projects, Map<String, Domain> domains) {
    JsonObject target = new JsonObject().put("id", a.targetId());
    if (names && a.targetType() == TargetType.PROJECT && projects.containsKey(a.targetId())) {
      Project p = projects.get(a.targetId());
      target.put("name", p.name());
      if (domains.containsKey(p.domainId())) target.put("domain", Views.domainRef(domains.get(p.domainId())));
    } else if (names && a.targetType() == TargetType.DOMAIN && domains.containsKey(a.targetId())) {
      target.put("name", domains.get(a.targetId()).name());
    }
    return new JsonObject().put(a.targetType() == TargetType.PROJECT ? "project" : "domain", target);
  }
}
