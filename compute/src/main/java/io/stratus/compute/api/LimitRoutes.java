package io.stratus.compute.api;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.StratusException;
import io.stratus.common.policy.RolePolicy;
import io.stratus.compute.state.Quotas;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** GET /limits (absolute limits and usage) and os-quota-sets (show, detail, defaults; update for admins). */
final class LimitRoutes {
  /** The quotas Nova has that we do not enforce, with Nova's defaults (-1: unlimited). */
  private static final Map<String, Integer> FIXED = Map.of("metadata_items", MetadataRoutes.MAX_ITEMS, "key_pairs", 100,
      "injected_files", 5, "injected_file_content_bytes", 10240, "injected_file_path_bytes", 255, "server_groups", 10,
      "server_group_members", 10, "fixed_ips", -1, "floating_ips", -1, "security_groups", -1);

  private final ApiContext api;

  LimitRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    router.get("/v2.1/limits").handler(this::limits);
    router.get("/v2.1/os-quota-sets/:project/defaults").handler(ctx -> Http.json(ctx, 200,
        new JsonObject().put("quota_set", quotaSet(ctx.pathParam("project"), api.quotas().defaults()))));
    router.get("/v2.1/os-quota-sets/:project/detail").handler(this::detail);
    router.get("/v2.1/os-quota-sets/:project").handler(ctx -> Http.json(ctx, 200,
        new JsonObject().put("quota_set", quotaSet(readable(ctx), api.quotas().limits(readable(ctx))))));
    router.put("/v2.1/os-quota-sets/:project").handler(this::update);
  }

  private void limits(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    String project = caller.projectId();
    String asked = Http.query(ctx, "tenant_id");
    if (asked != null && !asked.equals(project)) {
      RolePolicy.requireAdmin(caller);
      project = asked;
    }
    Quotas.Limits limits = api.quotas().limits(project);
    Quotas.Usage used = api.quotas().usage(project);
    JsonObject absolute = new JsonObject().put("maxTotalInstances", limits.instances()).put("maxTotalCores", limits.cores())
        .put("maxTotalRAMSize", limits.ramMb()).put("maxServerMeta", MetadataRoutes.MAX_ITEMS).put("maxImageMeta", 128)
        .put("maxPersonality", 5).put("maxPersonalitySize", 10240).put("maxTotalKeypairs", 100)
        .put("maxSecurityGroups", -1).put("maxSecurityGroupRules", -1).put("maxServerGroups", 10)
        .put("maxServerGroupMembers", 10).put("maxTotalFloatingIps", -1)
        .put("totalInstancesUsed", used.instances()).put("totalCoresUsed", used.cores()).put("totalRAMUsed", used.ramMb())
        .put("totalSecurityGroupsUsed", 0).put("totalFloatingIpsUsed", 0).put("totalServerGroupsUsed", 0);
    Http.json(ctx, 200, new JsonObject().put("limits", new JsonObject().put("rate", new JsonArray()).put("absolute", absolute)));
  }

  /** The project of the path, which the caller must belong to unless admin (403 otherwise). */
  private static String readable(RoutingContext ctx) {
    String project = ctx.pathParam("project");
    RolePolicy.requireOnProject(ApiContext.caller(ctx), project, RolePolicy.READER);
    return project;
  }

  private static JsonObject quotaSet(String project, Quotas.Limits limits) {
    JsonObject set = new JsonObject().put("id", project);
    FIXED.forEach(set::put);
    return set.put("instances", limits.instances()).put("cores", limits.cores()).put("ram", limits.ramMb());
  }

  private void detail(RoutingContext ctx) {
    String project = readable(ctx);
    Quotas.Limits limits = api.quotas().limits(project);
    Quotas.Usage used = api.quotas().usage(project);
    JsonObject set = new JsonObject().put("id", project);
    FIXED.forEach((k, v) -> set.put(k, item(v, 0)));
    set.put("instances", item(limits.instances(), used.instances())).put("cores", item(limits.cores(), used.cores()))
        .put("ram", item(limits.ramMb(), used.ramMb()));
    Http.json(ctx, 200, new JsonObject().put("quota_set", set));
  }

  private static JsonObject item(long limit, long inUse) {
    return new JsonObject().put("limit", limit).put("in_use", inUse).put("reserved", 0);
  }

  private void update(RoutingContext ctx) {
    RolePolicy.requireAdmin(ApiContext.caller(ctx));
    String project = ctx.pathParam("project");
    JsonObject in = Http.member(Http.body(ctx), "quota_set");
    JsonObject changes = new JsonObject();
    for (String key : in.fieldNames()) {
      switch (key) {
        case "instances", "cores", "ram" -> changes.put(key, Fields.integer(in, key, -1, Integer.MAX_VALUE, null));
        case "force" -> Fields.bool(in, key, false);
        default -> {
          if (!FIXED.containsKey(key)) {
            throw StratusException.badRequest("Bad key(s) " + key + " in quota_set");
          }
          Fields.integer(in, key, -1, Integer.MAX_VALUE, null);
        }
      }
    }
    api.quotas().set(project, changes).onSuccess(limits -> {
      JsonObject set = quotaSet(project, limits);
      set.remove("id");
      Http.json(ctx, 200, new JsonObject().put("quota_set", set));
    }).onFailure(ctx::fail);
  }
}
