package io.stratus.identity.api;

import io.stratus.common.error.StratusException;
import io.stratus.identity.model.ApplicationCredential;
import io.stratus.identity.model.Assignment;
import io.stratus.identity.model.Assignment.TargetType;
import io.stratus.identity.model.Ids;
import io.stratus.identity.model.Project;
import io.stratus.identity.service.Requests;
import io.stratus.identity.service.ResolvedToken;
import io.stratus.identity.store.Mutation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** /v3/projects and /v3/users/{id}/projects: project CRUD (admin) and the projects a user has roles on. */
final class ProjectRoutes {
  private final ApiContext api;

  ProjectRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    Http.bind(router.get("/v3/projects"), this::list);
    Http.bind(router.post("/v3/projects"), this::create);
    Http.bind(router.get("/v3/projects/:id"), this::show);
    Http.bind(router.patch("/v3/projects/:id"), this::update);
    Http.bind(router.delete("/v3/projects/:id"), this::delete);
    Http.bind(router.get("/v3/users/:id/projects"), this::ofUser);
  }

  private Future<Reply> list(RoutingContext ctx) {
    Guard.admin(ctx);
    return api.store().projects().list().map(all -> Reply.ok(Views.list("projects",
        all.stream().filter(p -> Filters.matches(ctx, "name", p.name()) && Filters.matches(ctx, "domain_id", p.domainId())
            && Filters.matches(ctx, "parent_id", p.parentOrDomain()) && Filters.enabled(ctx, p.enabled())).toList(),
        p -> Views.project(p, api.v3(ctx)), api.v3(ctx) + "/projects")));
  }

  private Future<Reply> create(RoutingContext ctx) {
    ResolvedToken caller = Guard.admin(ctx);
    JsonObject in = Requests.object(Http.body(ctx), "project");
    String name = Requests.name(in, "name", Requests.RESOURCE_NAME_MAX);
    String domainId = Requests.optionalId(in, "domain_id", Guard.defaultDomain(caller));
    String parentId = Requests.optionalId(in, "parent_id", domainId);
    if (Requests.optionalBoolean(in, "is_domain", false)) throw StratusException.badRequest("Projects acting as domains are not supported.");
    String description = Requests.optionalString(in, "description", "");
    boolean enabled = Requests.optionalBoolean(in, "enabled", true);
    return api.store().domains().require(domainId)
        .compose(d -> parentId.equals(domainId) ? Future.succeededFuture((String) null) : parentProject(parentId, domainId))
        .compose(parent -> api.store().projects().create(new Project(Ids.random(), name, domainId, description, enabled, parent)))
        .map(p -> Reply.created(new JsonObject().put("project", Views.project(p, api.v3(ctx)))));
  }

  /**
   * The id of the requested parent, as Keystone checks it: a project that exists (404 otherwise), in
   * the new project's domain (400 otherwise); another domain as the parent is a 400 too.
   */
  private Future<String> parentProject(String parentId, String domainId) {
    return api.store().domains().find(parentId).compose(domain -> {
      if (domain != null) {
        throw StratusException.badRequest("Cannot create project, the parent (" + parentId + ") is acting as a domain, but this"
            + " project's domain id (" + domainId + ") does not match the parent's id.");
      }
      return api.store().projects().require(parentId);
    }).map(parent -> {
      if (!parent.domainId().equals(domainId)) {
        throw StratusException.badRequest("Cannot create project, since it specifies its domain_id " + domainId
            + ", but specifies a parent in a different domain (" + parent.domainId() + ").");
      }
      return parent.id();
    });
  }

  private Future<Reply> show(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    ResolvedToken caller = Http.caller(ctx);
    boolean own = caller.project() != null && caller.project().id().equals(id);
    if (!own) Guard.admin(ctx);
    return api.store().projects().require(id).map(p -> Reply.ok(new JsonObject().put("project", Views.project(p, api.v3(ctx)))));
  }

  private Future<Reply> update(RoutingContext ctx) {
    Guard.admin(ctx);
    JsonObject in = Requests.object(Http.body(ctx), "project");
    return api.store().projects().require(ctx.pathParam("id")).compose(old -> {
      Project updated = new Project(old.id(), Requests.optionalName(in, "name", Requests.RESOURCE_NAME_MAX, old.name()), old.domainId(),
          Requests.optionalString(in, "description", old.description()), Requests.optionalBoolean(in, "enabled", old.enabled()),
          old.parentId());
      return api.store().projects().update(old, updated)
          .compose(p -> old.enabled() && !p.enabled() ? api.revocations().project(p.id()).map(p) : Future.succeededFuture(p));
    }).map(p -> Reply.ok(new JsonObject().put("project", Views.project(p, api.v3(ctx)))));
  }

  private Future<Reply> delete(RoutingContext ctx) {
    Guard.admin(ctx);
    return api.store().projects().require(ctx.pathParam("id")).compose(this::leaf).compose(project ->
        api.store().grantsOn(TargetType.PROJECT, project.id()).compose(grants -> api.store().appCreds().list().compose(appCreds -> {
          List<Mutation> mutations = new ArrayList<>(api.store().projects().deletions(project));
          for (Assignment grant : grants) mutations.addAll(api.store().revocations(grant));
          for (ApplicationCredential cred : appCreds) {
            if (cred.projectId().equals(project.id())) mutations.addAll(api.store().appCreds().deletions(cred));
          }
          return api.store().delete(mutations).compose(v -> api.revocations().project(project.id()));
        }))).map(v -> Reply.noContent());
  }

  /** The project if no other project has it as parent: Keystone refuses (403) to delete inside a hierarchy. */
  private Future<Project> leaf(Project project) {
    return api.store().projects().list().map(all -> {
      if (all.stream().anyMatch(p -> project.id().equals(p.parentId()))) {
        throw StratusException.forbidden("Cannot delete the project " + project.id() + " since it is not a leaf in the hierarchy.");
      }
      return project;
    });
  }

  private Future<Reply> ofUser(RoutingContext ctx) {
    String userId = ctx.pathParam("id");
    Guard.selfOrAdmin(ctx, userId);
    return api.store().users().require(userId)
        .compose(user -> api.store().grantsOf(user.id()))
        .compose(grants -> {
          Set<String> ids = grants.stream().filter(g -> g.targetType() == TargetType.PROJECT)
              .map(Assignment::targetId).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
          return AuthRoutes.all(ids.stream().map(id -> api.store().projects().find(id)).toList());
        })
        .map(found -> Reply.ok(Views.list("projects", found, p -> Views.project(p, api.v3(ctx)),
            api.v3(ctx) + "/users/" + userId + "/projects")));
  }
}
