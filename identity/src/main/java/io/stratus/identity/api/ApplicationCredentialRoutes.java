package io.stratus.identity.api;

import io.stratus.common.error.StratusException;
import io.stratus.identity.model.ApplicationCredential;
import io.stratus.identity.model.Role;
import io.stratus.identity.service.ApplicationCredentialService;
import io.stratus.identity.service.ResolvedToken;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * /v3/users/{id}/application_credentials: a user creates, lists, shows and deletes its own
 * application credentials (an admin may read and delete anyone's); a token made from a restricted
 * credential may not create or delete them.
 */
final class ApplicationCredentialRoutes {
  private static final String BASE = "/v3/users/:user/application_credentials";

  private final ApiContext api;

  ApplicationCredentialRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    Http.bind(router.post(BASE), this::create);
    Http.bind(router.get(BASE), this::list);
    Http.bind(router.get(BASE + "/:id"), this::show);
    Http.bind(router.delete(BASE + "/:id"), this::delete);
  }

  private Future<Reply> create(RoutingContext ctx) {
    ResolvedToken caller = Http.caller(ctx);
    return api.appCreds().create(caller, ctx.pathParam("user"), Http.body(ctx))
        .compose(created -> rolesById().map(roles -> Reply.created(new JsonObject().put("application_credential",
            view(ctx, created.credential(), roles).put("secret", created.secret())))));
  }

  private Future<Reply> list(RoutingContext ctx) {
    String userId = ctx.pathParam("user");
    Guard.selfOrAdmin(ctx, userId);
    return api.store().users().require(userId)
        .compose(user -> api.store().appCreds().listInScope(userId))
        .compose(creds -> rolesById().map(roles -> Reply.ok(Views.list("application_credentials",
            creds.stream().filter(c -> Filters.matches(ctx, "name", c.name())).toList(),
            c -> view(ctx, c, roles), api.v3(ctx) + "/users/" + userId + "/application_credentials"))));
  }

  private Future<Reply> show(RoutingContext ctx) {
    return owned(ctx).compose(cred -> rolesById().map(roles ->
        Reply.ok(new JsonObject().put("application_credential", view(ctx, cred, roles)))));
  }

  private Future<Reply> delete(RoutingContext ctx) {
    ApplicationCredentialService.requireUnrestricted(Http.caller(ctx));
    return owned(ctx).compose(cred -> api.store().delete(api.store().appCreds().deletions(cred))
        .compose(v -> api.revocations().applicationCredential(cred.userId(), cred.id()))).map(v -> Reply.noContent());
  }

  /** The credential of the path, which must belong to the path's user (404 otherwise); the caller must be that user or an admin. */
  private Future<ApplicationCredential> owned(RoutingContext ctx) {
    String userId = ctx.pathParam("user");
    String id = ctx.pathParam("id");
    Guard.selfOrAdmin(ctx, userId);
    return api.store().appCreds().find(id).map(cred -> {
      if (cred == null || !cred.userId().equals(userId)) throw StratusException.notFound("Could not find Application Credential: " + id + ".");
      return cred;
    });
  }

  private Future<Map<String, Role>> rolesById() {
    return api.store().roles().list().map(all -> {
      Map<String, Role> byId = new HashMap<>();
      for (Role role : all) byId.put(role.id(), role);
      return byId;
    });
  }

  /** Keystone's JSON of a credential, without its secret; roles deleted since are left out. */
  private JsonObject view(RoutingContext ctx, ApplicationCredential c, Map<String, Role> roles) {
    JsonArray roleRefs = new JsonArray();
    for (String roleId : c.roleIds()) {
      Role role = roles.get(roleId);
      if (role != null) roleRefs.add(new JsonObject().put("id", role.id()).put("name", role.name()).put("domain_id", null));
    }
    Instant expiry = c.expiry();
    return new JsonObject()
        .put("id", c.id())
        .put("name", c.name())
        .put("description", c.description())
        .put("project_id", c.projectId())
        .put("user_id", c.userId())
        .put("expires_at", expiry == null ? null : Views.time(expiry))
        .put("unrestricted", c.unrestricted())
        .put("roles", roleRefs)
        .put("access_rules", new JsonArray())
        .put("links", Views.self(api.v3(ctx) + "/users/" + c.userId() + "/application_credentials/" + c.id()));
  }
}
