package io.stratus.identity.api;

import io.stratus.common.error.StratusException;
import io.stratus.identity.model.ApplicationCredential;
import io.stratus.identity.model.Assignment;
import io.stratus.identity.model.Ec2Credential;
import io.stratus.identity.model.Ids;
import io.stratus.identity.model.User;
import io.stratus.identity.service.Requests;
import io.stratus.identity.service.ResolvedToken;
import io.stratus.identity.store.Mutation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * /v3/users: user CRUD (admin; a user may read itself) and a user's own password change. Deleting a
 * user deletes its grants, EC2 and application credentials with it; deleting or disabling a user or
 * setting its password revokes its tokens.
 */
final class UserRoutes {
  private final ApiContext api;

  UserRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    Http.bind(router.get("/v3/users"), this::list);
    Http.bind(router.post("/v3/users"), this::create);
    Http.bind(router.get("/v3/users/:id"), this::show);
    Http.bind(router.patch("/v3/users/:id"), this::update);
    Http.bind(router.delete("/v3/users/:id"), this::delete);
    Http.bind(router.post("/v3/users/:id/password"), this::changePassword);
  }

  private Future<Reply> list(RoutingContext ctx) {
    Guard.admin(ctx);
    return api.store().users().list().map(all -> Reply.ok(Views.list("users",
        all.stream().filter(u -> Filters.matches(ctx, "name", u.name()) && Filters.matches(ctx, "domain_id", u.domainId())
            && Filters.enabled(ctx, u.enabled())).toList(),
        u -> Views.user(u, api.v3(ctx)), api.v3(ctx) + "/users")));
  }

  private Future<Reply> create(RoutingContext ctx) {
    ResolvedToken caller = Guard.admin(ctx);
    JsonObject in = Requests.object(Http.body(ctx), "user");
    String name = Requests.name(in, "name", Requests.NAME_MAX);
    String domainId = Requests.optionalId(in, "domain_id", Guard.defaultDomain(caller));
    String password = Requests.optionalString(in, "password", null);
    String defaultProject = Requests.optionalId(in, "default_project_id", null);
    boolean enabled = Requests.optionalBoolean(in, "enabled", true);
    String email = Requests.optionalString(in, "email", null);
    String description = Requests.optionalString(in, "description", null);
    return api.store().domains().require(domainId)
        .compose(d -> defaultProject == null ? Future.succeededFuture() : api.store().projects().require(defaultProject))
        .compose(p -> password == null ? Future.succeededFuture((String) null) : api.passwords().hash(password))
        .compose(hash -> api.store().users().create(new User(Ids.random(), name, domainId, hash, enabled, defaultProject, email, description)))
        .map(u -> Reply.created(new JsonObject().put("user", Views.user(u, api.v3(ctx)))));
  }

  private Future<Reply> show(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Guard.selfOrAdmin(ctx, id);
    return api.store().users().require(id).map(u -> Reply.ok(new JsonObject().put("user", Views.user(u, api.v3(ctx)))));
  }

  private Future<Reply> update(RoutingContext ctx) {
    Guard.admin(ctx);
    JsonObject in = Requests.object(Http.body(ctx), "user");
    String password = Requests.optionalString(in, "password", null);
    String name = Requests.optionalName(in, "name", Requests.NAME_MAX, null);
    String defaultProject = Requests.optionalId(in, "default_project_id", null);
    return api.store().users().require(ctx.pathParam("id"))
        .compose(old -> (password == null ? Future.succeededFuture(old.passwordHash()) : api.passwords().hash(password))
            .compose(hash -> api.store().users().update(old, new User(old.id(), name != null ? name : old.name(),
                old.domainId(), hash, Requests.optionalBoolean(in, "enabled", old.enabled()),
                defaultProject != null ? defaultProject : old.defaultProjectId(),
                Requests.optionalString(in, "email", old.email()),
                Requests.optionalString(in, "description", old.description())))
            .compose(updated -> revokeIfLockedOut(old, updated, password != null))))
        .map(u -> Reply.ok(new JsonObject().put("user", Views.user(u, api.v3(ctx)))));
  }

  private Future<Reply> delete(RoutingContext ctx) {
    Guard.admin(ctx);
    return api.store().users().require(ctx.pathParam("id")).compose(user -> api.store().grantsOf(user.id())
        .compose(grants -> api.store().ec2AccessKeysOf(user.id()).compose(keys ->
            AuthRoutes.all(keys.stream().map(k -> api.store().ec2(k)).toList()).compose(creds ->
                api.store().appCreds().listInScope(user.id()).compose(appCreds -> {
                  List<Mutation> mutations = new ArrayList<>(api.store().users().deletions(user));
                  for (Assignment grant : grants) mutations.addAll(api.store().revocations(grant));
                  for (Ec2Credential cred : creds) mutations.addAll(api.store().ec2Deletions(cred));
                  for (ApplicationCredential appCred : appCreds) mutations.addAll(api.store().appCreds().deletions(appCred));
                  return api.store().delete(mutations);
                })))).compose(v -> api.revocations().user(user.id(), false))).map(v -> Reply.noContent());
  }

  private Future<Reply> changePassword(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    ResolvedToken caller = Http.caller(ctx);
    if (!caller.user().id().equals(id)) throw StratusException.forbidden("You can change only your own password.");
    JsonObject in = Requests.object(Http.body(ctx), "user");
    String original = Requests.string(in, "original_password");
    String next = Requests.string(in, "password");
    return api.store().users().require(id).compose(user -> api.passwords().verify(original, user.passwordHash()).compose(ok -> {
      if (!ok) throw StratusException.unauthorized("The original password is not correct.");
      return api.passwords().hash(next).compose(hash -> api.store().users().update(user, user.withPasswordHash(hash)))
          .compose(updated -> api.revocations().user(updated.id(), true));
    })).map(u -> Reply.noContent());
  }

  /** Disabling a user or setting its password revokes the tokens it holds, as in Keystone. */
  private Future<User> revokeIfLockedOut(User old, User updated, boolean passwordSet) {
    boolean disabled = old.enabled() && !updated.enabled();
    if (!disabled && !passwordSet) return Future.succeededFuture(updated);
    return api.revocations().user(updated.id(), true).map(updated);
  }
}
