package io.stratus.compute.api;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.StratusException;
import io.stratus.common.policy.RolePolicy;
import io.stratus.compute.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** Flavors: list, detail and show for everyone; create, delete and extra specs changes for admins. */
final class FlavorRoutes {
  static final String PREFIX = "flavor/";
  private static final String BOOTSTRAP = "meta/default-flavors";
  private static final Object[][] DEFAULTS = {
      {"1", "m1.tiny", 1, 512, 1}, {"2", "m1.small", 1, 2048, 20}, {"3", "m1.medium", 2, 4096, 40},
      {"4", "m1.large", 4, 8192, 80}, {"5", "m1.xlarge", 8, 16384, 160}};

  private final ApiContext api;

  FlavorRoutes(ApiContext api) {
    this.api = api;
  }

  /** Writes the default flavors unless they were written once before (an admin may have deleted some since). */
  static Future<Void> ensureDefaults(StateStore store, long now) {
    if (store.get(BOOTSTRAP) != null) return Future.succeededFuture();
    Future<?> chain = Future.succeededFuture();
    for (Object[] f : DEFAULTS) {
      JsonObject flavor = new JsonObject().put("id", f[0]).put("name", f[1]).put("vcpus", f[2]).put("ram", f[3])
          .put("disk", f[4]).put("ephemeral", 0).put("swap", 0).put("rxtx_factor", 1.0).put("is_public", true)
          .put("disabled", false).put("extra_specs", new JsonObject()).put("created", now);
      chain = chain.compose(v -> store.put(PREFIX + f[0], flavor));
    }
    return chain.compose(v -> store.put(BOOTSTRAP, new JsonObject().put("at", now))).mapEmpty();
  }

  void mount(Router router) {
    router.get("/v2.1/flavors").handler(ctx -> list(ctx, false));
    router.get("/v2.1/flavors/detail").handler(ctx -> list(ctx, true));
    router.post("/v2.1/flavors").handler(this::create);
    router.get("/v2.1/flavors/:id").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("flavor",
        view(ctx, find(ctx.pathParam("id")), true))));
    router.delete("/v2.1/flavors/:id").handler(this::delete);
    router.get("/v2.1/flavors/:id/os-extra_specs").handler(ctx -> Http.json(ctx, 200, new JsonObject()
        .put("extra_specs", find(ctx.pathParam("id")).getJsonObject("extra_specs", new JsonObject()))));
    router.post("/v2.1/flavors/:id/os-extra_specs").handler(this::setSpecs);
    router.get("/v2.1/flavors/:id/os-extra_specs/:key").handler(this::showSpec);
    router.delete("/v2.1/flavors/:id/os-extra_specs/:key").handler(this::deleteSpec);
  }

  /** The flavor by id; 404 otherwise. */
  JsonObject find(String id) {
    JsonObject flavor = api.store().get(PREFIX + id);
    if (flavor == null) throw StratusException.notFound("Flavor " + id + " could not be found.");
    return flavor;
  }

  private void list(RoutingContext ctx, boolean detail) {
    AuthContext caller = ApiContext.caller(ctx);
    Predicate<JsonObject> visible = visibility(caller, Http.query(ctx, "is_public"));
    long minRam = queryNumber(ctx, "minRam");
    long minDisk = queryNumber(ctx, "minDisk");
    String sortKey = Http.query(ctx, "sort_key") == null ? "flavorid" : Http.query(ctx, "sort_key");
    Comparator<JsonObject> order = switch (sortKey) {
      case "flavorid", "id" -> Comparator.comparing((JsonObject f) -> f.getString("id"));
      case "name" -> Comparator.comparing((JsonObject f) -> f.getString("name"));
      case "memory_mb", "ram" -> Comparator.comparingLong((JsonObject f) -> f.getLong("ram"));
      case "vcpus" -> Comparator.comparingInt((JsonObject f) -> f.getInteger("vcpus"));
      case "root_gb", "disk" -> Comparator.comparingLong((JsonObject f) -> f.getLong("disk"));
      case "created_at" -> Comparator.comparingLong((JsonObject f) -> f.getLong("created", 0L));
      default -> throw StratusException.badRequest("Invalid sort_key " + sortKey);
    };
    if ("desc".equals(Http.query(ctx, "sort_dir"))) order = order.reversed();
    List<JsonObject> flavors = api.store().values(PREFIX).stream().filter(visible)
        .filter(f -> f.getLong("ram") >= minRam && f.getLong("disk") >= minDisk).sorted(order).toList();
    Page page = Page.of(ctx, flavors, f -> f.getString("id"));
    JsonArray out = new JsonArray();
    page.items().forEach(f -> out.add(view(ctx, f, detail)));
    JsonObject body = new JsonObject().put("flavors", out);
    page.next(api.baseUrl(ctx) + "/v2.1/flavors" + (detail ? "/detail" : "")).ifPresent(l -> body.put("flavors_links", l));
    Http.json(ctx, 200, body);
  }

  private static Predicate<JsonObject> visibility(AuthContext caller, String isPublic) {
    if (!RolePolicy.isAdmin(caller)) return f -> f.getBoolean("is_public", true);
    if (isPublic == null || isPublic.equalsIgnoreCase("true") || isPublic.equals("1") || isPublic.equalsIgnoreCase("yes")) {
      return f -> f.getBoolean("is_public", true);
    }
    if (isPublic.equalsIgnoreCase("none")) return f -> true;
    if (isPublic.equalsIgnoreCase("false") || isPublic.equals("0") || isPublic.equalsIgnoreCase("no")) {
      return f -> !f.getBoolean("is_public", true);
    }
    throw StratusException.badRequest("Invalid is_public filter [" + isPublic + "]");
  }

  private static long queryNumber(RoutingContext ctx, String name) {
    String v = Http.query(ctx, name);
    if (v == null) return 0;
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw StratusException.badRequest("Invalid " + name + " filter [" + v + "]");
    }
  }

  private void create(RoutingContext ctx) {
    RolePolicy.requireAdmin(ApiContext.caller(ctx));
    JsonObject in = Http.member(Http.body(ctx), "flavor");
    String name = Fields.string(in, "name", 255, true).trim();
    if (name.isEmpty()) throw Fields.invalid("name", in.getValue("name"), "It must not be blank.");
    Object rawId = in.getValue("id");
    String id = rawId == null || "auto".equals(rawId) ? UUID.randomUUID().toString() : String.valueOf(rawId).trim();
    if (id.isEmpty() || id.length() > 255 || !id.matches("[\\w.\\- ]+")) throw Fields.invalid("id", rawId, "Invalid flavor id.");
    Object swap = in.getValue("swap");
    JsonObject flavor = new JsonObject().put("id", id).put("name", name)
        .put("ram", Fields.integer(in, "ram", 1, Integer.MAX_VALUE, null))
        .put("vcpus", Fields.integer(in, "vcpus", 1, Integer.MAX_VALUE, null))
        .put("disk", Fields.integer(in, "disk", 0, Integer.MAX_VALUE, null))
        .put("ephemeral", Fields.integer(in, "OS-FLV-EXT-DATA:ephemeral", 0, Integer.MAX_VALUE, 0L))
        .put("swap", "".equals(swap) ? 0 : Fields.integer(in, "swap", 0, Integer.MAX_VALUE, 0L))
        .put("rxtx_factor", rxtx(in.getValue("rxtx_factor")))
        .put("is_public", Fields.bool(in, "os-flavor-access:is_public", true)).put("disabled", false)
        .put("extra_specs", new JsonObject()).put("created", api.clock().millis());
    boolean nameTaken = api.store().values(PREFIX).stream().anyMatch(f -> f.getString("name").equals(name));
    if (nameTaken) throw StratusException.conflict("Flavor with name " + name + " already exists.");
    api.store().update(PREFIX + id, current -> {
      if (current != null) throw StratusException.conflict("Flavor with ID " + id + " already exists.");
      return flavor;
    }).onSuccess(f -> Http.json(ctx, 200, new JsonObject().put("flavor", view(ctx, f, true)))).onFailure(ctx::fail);
  }

  private static double rxtx(Object value) {
    if (value == null) return 1.0;
    try {
      double d = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
      if (d > 0) return d;
    } catch (NumberFormatException e) {
      // falls through to the 400 below
    }
    throw Fields.invalid("rxtx_factor", value, "It must be a positive number.");
  }

  private void delete(RoutingContext ctx) {
    RolePolicy.requireAdmin(ApiContext.caller(ctx));
    String id = ctx.pathParam("id");
    find(id);
    api.store().put(PREFIX + id, null).onSuccess(v -> Http.empty(ctx, 202)).onFailure(ctx::fail);
  }

  private void setSpecs(RoutingContext ctx) {
    RolePolicy.requireAdmin(ApiContext.caller(ctx));
    String id = ctx.pathParam("id");
    find(id);
    JsonObject specs = Http.member(Http.body(ctx), "extra_specs");
    for (String key : specs.fieldNames()) {
      Object v = specs.getValue(key);
      if (key.isEmpty() || key.length() > 255 || v == null || v instanceof JsonObject || v instanceof JsonArray
          || String.valueOf(v).length() > 255) {
        throw StratusException.badRequest("Invalid input for field/attribute extra_specs. Value: " + specs.encode());
      }
      specs.put(key, String.valueOf(v));
    }
    api.store().update(PREFIX + id, current -> {
      if (current == null) throw StratusException.notFound("Flavor " + id + " could not be found.");
      current.put("extra_specs", current.getJsonObject("extra_specs", new JsonObject()).mergeIn(specs));
      return current;
    }).onSuccess(f -> Http.json(ctx, 200, new JsonObject().put("extra_specs", specs))).onFailure(ctx::fail);
  }

  private void showSpec(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    JsonObject specs = find(ctx.pathParam("id")).getJsonObject("extra_specs", new JsonObject());
    if (!specs.containsKey(key)) {
      throw StratusException.notFound("Flavor " + ctx.pathParam("id") + " has no extra specs with key " + key + ".");
    }
    Http.json(ctx, 200, new JsonObject().put(key, specs.getValue(key)));
  }

  private void deleteSpec(RoutingContext ctx) {
    RolePolicy.requireAdmin(ApiContext.caller(ctx));
    String id = ctx.pathParam("id");
    String key = ctx.pathParam("key");
    if (!find(id).getJsonObject("extra_specs", new JsonObject()).containsKey(key)) {
      throw StratusException.notFound("Flavor " + id + " has no extra specs with key " + key + ".");
    }
    api.store().update(PREFIX + id, current -> {
      if (current == null) throw StratusException.notFound("Flavor " + id + " could not be found.");
      current.getJsonObject("extra_specs", new JsonObject()).remove(key);
      return current;
    }).onSuccess(f -> Http.empty(ctx, 200)).onFailure(ctx::fail);
  }

  /** The flavor as Nova 2.1 shows it. */
  JsonObject view(RoutingContext ctx, JsonObject f, boolean detail) {
    String base = api.baseUrl(ctx);
    String id = f.getString("id");
    JsonObject out = new JsonObject().put("id", id).put("name", f.getString("name"))
        .put("links", Http.links(base + "/v2.1/flavors/" + id, base + "/flavors/" + id));
    if (!detail) return out;
    int swap = f.getInteger("swap", 0);
    return out.put("ram", f.getLong("ram")).put("disk", f.getLong("disk")).put("vcpus", f.getInteger("vcpus"))
        .put("swap", swap == 0 ? "" : swap).put("OS-FLV-EXT-DATA:ephemeral", f.getLong("ephemeral", 0L))
        .put("OS-FLV-DISABLED:disabled", f.getBoolean("disabled", false))
        .put("os-flavor-access:is_public", f.getBoolean("is_public", true)).put("rxtx_factor", f.getDouble("rxtx_factor", 1.0));
  }
}
