package io.stratus.identity.api;

import io.stratus.common.error.StratusException;
import io.stratus.identity.model.Domain;
import io.stratus.identity.model.Ids;
import io.stratus.identity.service.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** /v3/domains: list, create, show, update and delete domains (admin). */
final class DomainRoutes {
  private final ApiContext api;

  DomainRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    Http.bind(router.get("/v3/domains"), this::list);
    Http.bind(router.post("/v3/domains"), this::create);
    Http.bind(router.get("/v3/domains/:id"), this::show);
    Http.bind(router.patch("/v3/domains/:id"), this::update);
    Http.bind(router.delete("/v3/domains/:id"), this::delete);
  }

  private Future<Reply> list(RoutingContext ctx) {
    Guard.admin(ctx);
    return api.store().domains().list().map(all -> Reply.ok(Views.list("domains",
        all.stream().filter(d -> Filters.matches(ctx, "name", d.name()) && Filters.enabled(ctx, d.enabled())).toList(),
        d -> Views.domain(d, api.v3(ctx)), api.v3(ctx) + "/domains")));
  }

  private Future<Reply> create(RoutingContext ctx) {
    Guard.admin(ctx);
    JsonObject in = Requests.object(Http.body(ctx), "domain");
    Domain domain = new Domain(Ids.random(), Requests.name(in, "name", Requests.RESOURCE_NAME_MAX),
        Requests.optionalString(in, "description", ""), Requests.optionalBoolean(in, "enabled", true));
    return api.store().domains().create(domain).map(d -> Reply.created(new JsonObject().put("domain", Views.domain(d, api.v3(ctx)))));
  }

  private Future<Reply> show(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    var caller = Http.caller(ctx);
    boolean own = caller.domain() != null && caller.domain().id().equals(id);
    if (!own) Guard.admin(ctx);
    return api.store().domains().require(id).map(d -> Reply.ok(new JsonObject().put("domain", Views.domain(d, api.v3(ctx)))));
  }

  private Future<Reply> update(RoutingContext ctx) {
    Guard.admin(ctx);
    JsonObject in = Requests.object(Http.body(ctx), "domain");
    return api.store().domains().require(ctx.pathParam("id")).compose(old -> {
      Domain updated = new Domain(old.id(), Requests.optionalName(in, "name", Requests.RESOURCE_NAME_MAX, old.name()),
          Requests.optionalString(in, "description", old.description()), Requests.optionalBoolean(in, "enabled", old.enabled()));
      return api.store().domains().update(old, updated)
          .compose(d -> old.enabled() && !d.enabled() ? api.revocations().domain(d.id()).map(d) : Future.succeededFuture(d));
    }).map(d -> Reply.ok(new JsonObject().put("domain", Views.domain(d, api.v3(ctx)))));
  }

  private Future<Reply> delete(RoutingContext ctx) {
    Guard.admin(ctx);
    return api.store().domains().require(ctx.pathParam("id")).compose(domain -> {
      if (domain.enabled()) throw StratusException.forbidden("Cannot delete a domain that is enabled, please disable it first.");
      return api.store().projects().list().compose(projects -> api.store().users().list().compose(users -> {
        boolean used = projects.stream().anyMatch(p -> p.domainId().equals(domain.id()))
            || users.stream().anyMatch(u -> u.domainId().equals(domain.id()));
        if (used) throw StratusException.conflict("Cannot delete domain " + domain.id() + ": it still has projects or users.");
        return api.store().grantsOn(io.stratus.identity.model.Assignment.TargetType.DOMAIN, domain.id()).compose(grants -> {
          var mutations = new java.util.ArrayList<>(api.store().domains().deletions(domain));
          grants.forEach(g -> mutations.addAll(api.store().revocations(g)));
          return api.store().delete(mutations).compose(v -> api.revocations().domain(domain.id()));
        });
      }));
    }).map(v -> Reply.noContent());
  }
}
