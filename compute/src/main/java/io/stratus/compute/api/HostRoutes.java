package io.stratus.compute.api;

import io.stratus.common.error.StratusException;
import io.stratus.common.policy.RolePolicy;
import io.stratus.compute.message.HostReport;
import io.stratus.compute.scheduler.Resources;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the hosts' reports say, as Nova shows it: availability zones (everyone; hosts in the admin's detail),
 * hypervisors (list, detail, show, search, statistics; admin) and services (nova-compute per host, up while
 * its reports are fresh; admin); host aggregates are none (the CLI's hypervisor show asks for them).
 */
final class HostRoutes {
  private final ApiContext api;

  HostRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    router.get("/v2.1/os-availability-zone").handler(ctx -> zones(ctx, false));
    router.get("/v2.1/os-availability-zone/detail").handler(ctx -> zones(ctx, true));
    router.get("/v2.1/os-hypervisors").handler(ctx -> hypervisors(ctx, false));
    router.get("/v2.1/os-hypervisors/detail").handler(ctx -> hypervisors(ctx, true));
    router.get("/v2.1/os-hypervisors/statistics").handler(this::statistics);
    router.get("/v2.1/os-hypervisors/:pattern/search").handler(this::search);
    router.get("/v2.1/os-hypervisors/:id").handler(this::hypervisor);
    router.get("/v2.1/os-hypervisors/:id/uptime").handler(this::uptime);
    router.get("/v2.1/os-services").handler(this::services);
    router.get("/v2.1/os-aggregates").handler(ctx -> {
      RolePolicy.requireAdmin(ApiContext.caller(ctx));
      Http.json(ctx, 200, new JsonObject().put("aggregates", new JsonArray()));
    });
  }

  /** A host's stable number, Nova's integer ids of hypervisors and services. */
  static int number(String host) {
    return (host.hashCode() & 0x7fffffff) % 1_000_000_000 + 1;
  }

  private void zones(RoutingContext ctx, boolean detail) {
    if (detail) RolePolicy.requireAdmin(ApiContext.caller(ctx));
    Map<String, List<HostReport>> byZone = new LinkedHashMap<>();
    for (HostReport r : api.hosts().all()) byZone.computeIfAbsent(r.zone(), z -> new ArrayList<>()).add(r);
    JsonArray zones = new JsonArray();
    byZone.forEach((zone, reports) -> {
      boolean available = reports.stream().anyMatch(api.hosts()::isUp);
      JsonObject z = new JsonObject().put("zoneName", zone).put("zoneState", new JsonObject().put("available", available));
      if (detail) {
        JsonObject hosts = new JsonObject();
        for (HostReport r : reports) {
          hosts.put(r.host(), new JsonObject().put("nova-compute", new JsonObject().put("available", api.hosts().isUp(r))
              .put("active", true).put("updated_at", Http.micros(r.at()))));
        }
        z.put("hosts", hosts);
      } else {
        z.putNull("hosts");
      }
      zones.add(z);
    });
    Http.json(ctx, 200, new JsonObject().put("availabilityZoneInfo", zones));
  }

  private void hypervisors(RoutingContext ctx, boolean detail) {
    RolePolicy.requireAdmin(ApiContext.caller(ctx));
    JsonArray out = new JsonArray();
    api.hosts().all().forEach(r -> out.add(detail ? full(r) : brief(r)));
    Http.json(ctx, 200, new JsonObject().put("hypervisors", out));
  }

  private void search(RoutingContext ctx) {
    RolePolicy.requireAdmin(ApiContext.caller(ctx));
    String pattern = ctx.pathParam("pattern");
    JsonArray out = new JsonArray();
    api.hosts().all().stream().filter(r -> r.host().contains(pattern)).forEach(r -> out.add(brief(r)));
    if (out.isEmpty()) throw StratusException.notFound("No hypervisor matching '" + pattern + "' could be found.");
    Http.json(ctx, 200, new JsonObject().put("hypervisors", out));
  }

  private void hypervisor(RoutingContext ctx) {
    RolePolicy.requireAdmin(ApiContext.caller(ctx));
    Http.json(ctx, 200, new JsonObject().put("hypervisor", full(find(ctx.pathParam("id")))));
  }

  /** The host's uptime line as Nova relays it from the hypervisor; we know when the host last reported. */
  private void uptime(RoutingContext ctx) {
    RolePolicy.requireAdmin(ApiContext.caller(ctx));
    HostReport report = find(ctx.pathParam("id"));
    String at = LocalTime.now(api.clock().withZone(ZoneOffset.UTC)).withNano(0).toString();
    Http.json(ctx, 200, new JsonObject().put("hypervisor", brief(report)
        .put("uptime", " " + at + " up 0 days,  0:00,  0 users,  load average: 0.00, 0.00, 0.00")));
  }

  private HostReport find(String id) {
    return api.hosts().all().stream().filter(r -> String.valueOf(number(r.host())).equals(id) || r.host().equals(id))
        .findFirst().orElseThrow(() -> StratusException.notFound("Hypervisor with ID '" + id + "' could not be found."));
  }

  private JsonObject brief(HostReport r) {
    return new JsonObject().put("id", number(r.host())).put("hypervisor_hostname", r.host())
        .put("state", api.hosts().isUp(r) ? "up" : "down").put("status", "enabled");
  }

  private JsonObject full(HostReport r) {
    Resources used = api.scheduler().used(r.host());
    return brief(r).put("hypervisor_type", r.hypervisorType() == null ? "QEMU" : r.hypervisorType())
        .put("hypervisor_version", 1000000).put("host_ip", "127.0.0.1")
        .put("vcpus", r.vcpus()).put("memory_mb", r.memoryMb()).put("local_gb", r.diskGb())
        .put("vcpus_used", used.vcpus()).put("memory_mb_used", used.ramMb()).put("local_gb_used", used.diskGb())
        .put("free_ram_mb", r.memoryMb() - used.ramMb()).put("free_disk_gb", r.diskGb() - used.diskGb())
        .put("disk_available_least", r.diskGb() - used.diskGb()).put("current_workload", 0)
        .put("running_vms", api.scheduler().instancesOn(r.host()))
        .put("cpu_info", new JsonObject().put("uri", r.hypervisorUri()).encode())
        .put("service", new JsonObject().put("host", r.host()).put("id", number(r.host())).putNull("disabled_reason"));
  }

  private void statistics(RoutingContext ctx) {
    RolePolicy.requireAdmin(ApiContext.caller(ctx));
    long vcpus = 0;
    long memory = 0;
    long disk = 0;
    Resources used = Resources.NONE;
    int running = 0;
    List<HostReport> all = api.hosts().all();
    for (HostReport r : all) {
      vcpus += r.vcpus();
      memory += r.memoryMb();
      disk += r.diskGb();
      used = used.plus(api.scheduler().used(r.host()));
      running += api.scheduler().instancesOn(r.host());
    }
    Http.json(ctx, 200, new JsonObject().put("hypervisor_statistics", new JsonObject().put("count", all.size())
        .put("vcpus", vcpus).put("memory_mb", memory).put("local_gb", disk).put("vcpus_used", used.vcpus())
        .put("memory_mb_used", used.ramMb()).put("local_gb_used", used.diskGb()).put("free_ram_mb", memory - used.ramMb())
        .put("free_disk_gb", disk - used.diskGb()).put("current_workload", 0).put("running_vms", running)
        .put("disk_available_least", disk - used.diskGb())));
  }

  private void services(RoutingContext ctx) {
    RolePolicy.requireAdmin(ApiContext.caller(ctx));
    String host = Http.query(ctx, "host");
    String binary = Http.query(ctx, "binary");
    JsonArray out = new JsonArray();
    for (HostReport r : api.hosts().all()) {
      if (host != null && !host.equals(r.host()) || binary != null && !binary.equals("nova-compute")) continue;
      out.add(new JsonObject().put("id", number(r.host())).put("binary", "nova-compute").put("host", r.host())
          .put("zone", r.zone()).put("status", "enabled").put("state", api.hosts().isUp(r) ? "up" : "down")
          .put("updated_at", Http.micros(r.at())).putNull("disabled_reason").put("forced_down", false));
    }
    Http.json(ctx, 200, new JsonObject().put("services", out));
  }
}
