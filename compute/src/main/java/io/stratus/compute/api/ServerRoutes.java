package io.stratus.compute.api;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.StratusException;
import io.stratus.common.policy.RolePolicy;
import io.stratus.compute.message.Command;
import io.stratus.compute.state.InstanceStatus;
import io.stratus.compute.state.Instances;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Servers: list and detail with Nova's filters, show, update and delete (create is {@link ServerCreate}). */
final class ServerRoutes {
  private static final Set<String> UPDATABLE = Set.of("name", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig");

  private final ApiContext api;

  ServerRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    router.get("/v2.1/servers").handler(ctx -> list(ctx, false));
    router.get("/v2.1/servers/detail").handler(ctx -> list(ctx, true));
    router.post("/v2.1/servers").handler(new ServerCreate(api)::handle);
    router.get("/v2.1/servers/:id").handler(this::show);
    router.put("/v2.1/servers/:id").handler(this::update);
    router.delete("/v2.1/servers/:id").handler(this::delete);
  }

  /** The instance if the caller may see it with the role (its project's, or admin); 404 otherwise, as Nova. */
  static JsonObject visible(ApiContext api, RoutingContext ctx, String id, String role) {
    AuthContext caller = ApiContext.caller(ctx);
    JsonObject instance = api.store().get(Instances.key(id));
    if (instance == null || !RolePolicy.allowsOnProject(caller, instance.getString("project_id"), RolePolicy.READER)) {
      throw StratusException.notFound("Instance " + id + " could not be found.");
    }
    RolePolicy.requireOnProject(caller, instance.getString("project_id"), role);
    return instance;
  }

  private void show(RoutingContext ctx) {
    JsonObject instance = visible(api, ctx, ctx.pathParam("id"), RolePolicy.READER);
    Http.json(ctx, 200, new JsonObject().put("server", ServerView.full(api.baseUrl(ctx), instance,
        RolePolicy.isAdmin(ApiContext.caller(ctx)))));
  }

  private void list(RoutingContext ctx, boolean detail) {
    AuthContext caller = ApiContext.caller(ctx);
    boolean admin = RolePolicy.isAdmin(caller);
    List<JsonObject> servers = api.store().values(Instances.PREFIX).stream().filter(filters(ctx, caller))
        .sorted(order(ctx)).toList();
    Page page = Page.of(ctx, servers, s -> s.getString("id"));
    String base = api.baseUrl(ctx);
    JsonArray out = new JsonArray();
    page.items().forEach(s -> out.add(detail ? ServerView.full(base, s, admin) : ServerView.brief(base, s)));
    JsonObject body = new JsonObject().put("servers", out);
    page.next(base + "/v2.1/servers" + (detail ? "/detail" : "")).ifPresent(l -> body.put("servers_links", l));
    Http.json(ctx, 200, body);
  }

  private Predicate<JsonObject> filters(RoutingContext ctx, AuthContext caller) {
    boolean admin = RolePolicy.isAdmin(caller);
    String allTenants = Http.query(ctx, "all_tenants");
    boolean all = allTenants != null && !List.of("0", "false", "off", "no").contains(allTenants.toLowerCase(Locale.ROOT));
    if (all && !admin) {
      throw StratusException.forbidden("Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed.");
    }
    String project = Http.query(ctx, "project_id") != null ? Http.query(ctx, "project_id") : Http.query(ctx, "tenant_id");
    Predicate<JsonObject> p = all
        ? (project == null ? s -> true : s -> project.equals(s.getString("project_id")))
        : s -> caller.projectId().equals(s.getString("project_id"));
    String name = Http.query(ctx, "name");
    if (name != null) {
      try {
        Pattern regex = Pattern.compile(name);
        p = p.and(s -> regex.matcher(s.getString("name")).find());
      } catch (PatternSyntaxException e) {
        throw StratusException.badRequest("Invalid name filter: " + e.getDescription());
      }
    }
    String status = Http.query(ctx, "status");
    if (status != null) {
      String wanted = status.toUpperCase(Locale.ROOT);
      p = p.and(s -> InstanceStatus.of(s.getString("vm_state"), s.getString("task_state")).equals(wanted));
    }
    p = and(p, Http.query(ctx, "image"), (s, v) -> v.equals(s.getString("image_id")) || v.endsWith("/" + s.getString("image_id")));
    p = and(p, Http.query(ctx, "flavor"), (s, v) -> v.equals(s.getJsonObject("flavor").getString("id")));
    if (admin) p = and(p, Http.query(ctx, "host"), (s, v) -> v.equals(s.getString("host")));
    String since = Http.query(ctx, "changes-since");
    if (since != null) {
      long from = parseTime(since, "changes-since");
      p = p.and(s -> s.getLong("updated") >= from);
    }
    return p;
  }

  private static Predicate<JsonObject> and(Predicate<JsonObject> p, String value,
      BiPredicate<JsonObject, String> test) {
    return value == null ? p : p.and(s -> test.test(s, value));
  }

  static long parseTime(String text, String field) {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text + "Z").toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw StratusException.badRequest("Invalid input for query parameters " + field + ". Value: " + text
            + ". '" + text + "' is not a 'date-time'");
      }
    }
  }

  private static Comparator<JsonObject> order(RoutingContext ctx) {
    List<String> keys = ctx.queryParam("sort_key");
    List<String> dirs = ctx.queryParam("sort_dir");
    if (keys.isEmpty()) keys = List.of("created_at");
    Comparator<JsonObject> order = null;
    for (int k = 0; k < keys.size(); k++) {
      String dir = k < dirs.size() ? dirs.get(k) : dirs.isEmpty() ? "desc" : dirs.get(dirs.size() - 1);
      if (!dir.equals("asc") && !dir.equals("desc")) throw StratusException.badRequest("Invalid sort_dir " + dir);
      Comparator<JsonObject> one = Comparator.comparing(sortValue(keys.get(k)), Comparator.nullsFirst(Comparator.naturalOrder()));
      if (dir.equals("desc")) one = one.reversed();
      order = order == null ? one : order.thenComparing(one);
    }
    return order.thenComparing(s -> s.getString("id"));
  }

  private static Function<JsonObject, String> sortValue(String key) {
    return switch (key) {
      case "created_at" -> s -> String.format("%020d", s.getLong("created"));
      case "updated_at" -> s -> String.format("%020d", s.getLong("updated"));
      case "launched_at" -> s -> s.getLong("launched_at") == null ? null : String.format("%020d", s.getLong("launched_at"));
      case "display_name", "name" -> s -> s.getString("name");
      case "uuid", "id" -> s -> s.getString("id");
      case "vm_state" -> s -> s.getString("vm_state");
      case "task_state" -> s -> s.getString("task_state");
      case "power_state" -> s -> String.valueOf(s.getInteger("power_state", 0));
      case "host", "node" -> s -> s.getString("host");
      case "availability_zone" -> s -> s.getString("availability_zone");
      case "key_name" -> s -> s.getString("key_name");
      case "project_id" -> s -> s.getString("project_id");
      case "user_id" -> s -> s.getString("user_id");
      case "image_ref" -> s -> s.getString("image_id");
      case "instance_type_id", "flavor" -> s -> s.getJsonObject("flavor").getString("id");
      default -> throw StratusException.badRequest("Invalid input for query parameters sort_key. Value: " + key + ".");
    };
  }

  private void update(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    visible(api, ctx, id, RolePolicy.MEMBER);
    JsonObject in = Http.member(Http.body(ctx), "server");
    for (String key : in.fieldNames()) {
      if (!UPDATABLE.contains(key)) {
        throw StratusException.badRequest("Additional properties are not allowed ('" + key + "' was unexpected)");
      }
    }
    String name = in.containsKey("name") ? validName(in) : null;
    String v4 = address(in, "accessIPv4", false);
    String v6 = address(in, "accessIPv6", true);
    String disk = diskConfig(in);
    api.store().update(Instances.key(id), current -> {
      if (current == null) throw StratusException.notFound("Instance " + id + " could not be found.");
      if (name != null) current.put("name", name);
      if (v4 != null) current.put("access_ipv4", v4);
      if (v6 != null) current.put("access_ipv6", v6);
      if (disk != null) current.put("disk_config", disk);
      return current.put("updated", api.clock().millis());
    }).onSuccess(s -> Http.json(ctx, 200, new JsonObject().put("server", ServerView.full(api.baseUrl(ctx), s,
        RolePolicy.isAdmin(ApiContext.caller(ctx)))))).onFailure(ctx::fail);
  }

  /** A server name as Nova's schema takes it: 1..255 characters, no leading or trailing whitespace. */
  static String validName(JsonObject in) {
    String name = Fields.string(in, "name", 255, true);
    if (!name.equals(name.strip()) || name.isBlank()) {
      throw Fields.invalid("name", name, "'" + name + "' does not match the name format (no leading or trailing spaces)");
    }
    return name;
  }

  static String address(JsonObject in, String field, boolean v6) {
    Object value = in.getValue(field);
    if (value == null) return null;
    if (value instanceof String s && (s.isEmpty() || (v6 ? s.contains(":") : s.matches("\\d{1,3}(\\.\\d{1,3}){3}")))) {
      try {
        if (!s.isEmpty()) InetAddress.getByName(s);
        return s;
      } catch (UnknownHostException e) {
        // falls through to the 400 below
      }
    }
    throw Fields.invalid(field, value, "'" + value + "' is not a '" + (v6 ? "ipv6" : "ipv4") + "'");
  }

  static String diskConfig(JsonObject in) {
    Object value = in.getValue("OS-DCF:diskConfig");
    if (value == null) return null;
    if ("AUTO".equals(value) || "MANUAL".equals(value)) return (String) value;
    throw Fields.invalid("OS-DCF:diskConfig", value, "'" + value + "' is not one of ['AUTO', 'MANUAL']");
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonObject instance = visible(api, ctx, id, RolePolicy.MEMBER);
    String host = instance.getString("host");
    if (host != null && api.hosts().isUp(host)) {
      api.commands().send(id, Command.Action.DELETE, new JsonObject(), current -> current
          .put("task_state", InstanceStatus.DELETING).put("updated", api.clock().millis()))
          .onSuccess(s -> Http.empty(ctx, 204)).onFailure(ctx::fail);
      return;
    }
    // Never placed, or its host is gone: deleted here at once (Nova's local delete); a host that comes back
    // still gets the command, to clean up what it may have.
    api.store().put(Instances.key(id), null).compose(v -> {
      api.scheduler().release(id);
      if (host == null || api.hosts().get(host) == null) return Future.<Void>succeededFuture();
      Command command = new Command(UUID.randomUUID().toString(), id, instance.getLong("last_seq", 0L) + 1,
          Command.Action.DELETE, host, new JsonObject(), api.clock().millis());
      return api.commands().publish(command).otherwiseEmpty();
    }).onSuccess(v -> Http.empty(ctx, 204)).onFailure(ctx::fail);
  }
}
