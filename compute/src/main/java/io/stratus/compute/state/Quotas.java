package io.stratus.compute.state;

import io.stratus.common.error.StratusException;
import io.stratus.compute.scheduler.Resources;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Instances, cores and RAM per project: limits (the configured defaults, overridden per project by a record
 * {@code quota/<project>}; -1 is unlimited), usage (the project's instance records plus launches under way) and
 * the check of a launch, which reserves what it grants in the same step so concurrent launches cannot pass the
 * limit together.
 */
public final class Quotas {
  public static final String PREFIX = "quota/";

  /** A project's limits; -1 means unlimited. */
  public record Limits(int instances, int cores, long ramMb) {
    public JsonObject toJson() {
      return new JsonObject().put("instances", instances).put("cores", cores).put("ram", ramMb);
    }
  }

  /** What a project uses: instances, vCPUs, RAM in MiB. */
  public record Usage(int instances, int cores, long ramMb) {
  }

  private final StateStore store;
  private final Limits defaults;
  /** reservation id → (project, resources, count); guarded by this. */
  private final Map<String, Reserved> reserved = new HashMap<>();

  /** Launches granted but not yet recorded. */
  private record Reserved(String project, Resources each, int count) {
  }

  public Quotas(StateStore store, Limits defaults) {
    this.store = store;
    this.defaults = defaults;
  }

  public Limits defaults() {
    return defaults;
  }

  /** The project's limits. */
  public Limits limits(String project) {
    JsonObject set = store.get(PREFIX + project);
    if (set == null) return defaults;
    return new Limits(set.getInteger("instances", defaults.instances()), set.getInteger("cores", defaults.cores()),
        set.getLong("ram", defaults.ramMb()));
  }

  /** Overrides some of the project's limits (keys instances, cores, ram). */
  public Future<Limits> set(String project, JsonObject changes) {
    return store.update(PREFIX + project, current -> (current == null ? new JsonObject() : current).mergeIn(changes))
        .map(v -> limits(project));
  }

  /** The project's instance records, plus what is reserved for launches under way. */
  public synchronized Usage usage(String project) {
    int instances = 0;
    int cores = 0;
    long ram = 0;
    for (JsonObject i : store.values(Instances.PREFIX)) {
      if (!project.equals(i.getString("project_id"))) continue;
      Resources r = Instances.resources(i);
      instances++;
      cores += r.vcpus();
      ram += r.ramMb();
    }
    for (Reserved r : reserved.values()) {
      if (!r.project().equals(project)) continue;
      instances += r.count();
      cores += r.count() * r.each().vcpus();
      ram += r.count() * r.each().ramMb();
    }
    return new Usage(instances, cores, ram);
  }

  /**
   * Grants as many launches of {@code each} as fit, up to {@code max} and at least {@code min} (else 403 with Nova's
   * message), and reserves them; answers the reservation id and the count granted.
   */
  public synchronized Map.Entry<String, Integer> reserve(String project, Resources each, int min, int max) {
    Limits limits = limits(project);
    Usage used = usage(project);
    int fits = max;
    fits = Math.min(fits, room(limits.instances(), used.instances(), 1));
    fits = Math.min(fits, room(limits.cores(), used.cores(), each.vcpus()));
    fits = Math.min(fits, room(limits.ramMb(), used.ramMb(), each.ramMb()));
    if (fits < min) throw exceeded(limits, used, each, min);
    String id = UUID.randomUUID().toString();
    reserved.put(id, new Reserved(project, each, fits));
    return Map.entry(id, fits);
  }

  /** Ends a reservation (its instances are recorded now, or the launch failed). */
  public synchronized void release(String reservation) {
    reserved.remove(reservation);
  }

  private static int room(long limit, long used, long each) {
    if (limit < 0 || each <= 0) return Integer.MAX_VALUE;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (limit - used) / each));
  }

  private static StratusException exceeded(Limits limits, Usage used, Resources each, int count) {
    String what;
    long requested;
    long usedOf;
    long allowed;
    if (room(limits.instances(), used.instances(), 1) < count) {
      what = "instances";
      requested = count;
      usedOf = used.instances();
      allowed = limits.instances();
    } else if (room(limits.cores(), used.cores(), each.vcpus()) < count) {
      what = "cores";
      requested = (long) count * each.vcpus();
      usedOf = used.cores();
      allowed = limits.cores();
    } else {
      what = "ram";
      requested = count * each.ramMb();
      usedOf = used.ramMb();
      allowed = limits.ramMb();
    }
    return StratusException.forbidden("Quota exceeded for " + what + ": Requested " + requested + ", but already used "
        + usedOf + " of " + allowed + " " + what);
  }
}
