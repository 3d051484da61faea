package io.stratus.compute.agent;

import io.stratus.compute.message.InstanceEvent;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the agent keeps about one instance on its own disk: the last command it applied ({@code lastSeq}),
 * the state it left the instance in, the domain it defined (to define it again after a restart of a
 * hypervisor that forgets, like the test driver), and the events it answered its recent commands with
 * (so a command delivered again is answered the same way, not done twice).
 *
 * @param domain null until a build has defined the domain
 * @param outcomes the event JSON of each of the last {@link #KEPT_OUTCOMES} commands, by seq
 */
public record InstanceRecord(String id, long lastSeq, String vmState, int powerState, DomainSpec domain, JsonObject outcomes,
    long updatedAt) {
  public static final int KEPT_OUTCOMES = 8;

  public InstanceRecord {
    Objects.requireNonNull(id, "id");
    outcomes = outcomes == null ? new JsonObject() : outcomes;
  }

  /** A record for an instance the agent has not seen before. */
  public static InstanceRecord fresh(String id, long now) {
    return new InstanceRecord(id, 0, "building", InstanceEvent.NOSTATE, null, new JsonObject(), now);
  }

  public InstanceRecord withState(String newVmState, int newPowerState, long now) {
    return new InstanceRecord(id, lastSeq, newVmState, newPowerState, domain, outcomes, now);
  }

  public InstanceRecord withDomain(DomainSpec newDomain) {
    return new InstanceRecord(id, lastSeq, vmState, powerState, newDomain, outcomes, updatedAt);
  }

  /** This record after command {@code seq} was answered with {@code event}: the last few outcomes are kept. */
  public InstanceRecord applied(long seq, InstanceEvent event, long now) {
    TreeMap<Long, Object> kept = new TreeMap<>();
    outcomes.forEach(e -> kept.put(Long.parseLong(e.getKey()), e.getValue()));
    kept.put(seq, event.toJson());
    while (kept.size() > KEPT_OUTCOMES) kept.pollFirstEntry();
    JsonObject newOutcomes = new JsonObject();
    kept.forEach((s, json) -> newOutcomes.put(Long.toString(s), json));
    String newVmState = event.vmState() == null ? vmState : event.vmState();
    int newPower = event.kind() == InstanceEvent.Kind.CONSOLE ? powerState : event.powerState();
    return new InstanceRecord(id, Math.max(lastSeq, seq), newVmState, newPower, domain, newOutcomes, now);
  }

  /** This record after command {@code seq} was answered with nothing to keep (a console read). */
  public InstanceRecord seen(long seq, long now) {
    return new InstanceRecord(id, Math.max(lastSeq, seq), vmState, powerState, domain, outcomes, now);
  }

  /** The event command {@code seq} was answered with, or null when it is no longer kept. */
  public InstanceEvent outcome(long seq) {
    JsonObject json = outcomes.getJsonObject(Long.toString(seq));
    return json == null ? null : InstanceEvent.fromJson(json);
  }

  public boolean deleted() {
    return "deleted".equals(vmState);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("last_seq", lastSeq).put("vm_state", vmState)
        .put("power_state", powerState).put("outcomes", outcomes).put("updated_at", updatedAt);
    if (domain != null) json.put("domain", domain.toJson());
    return json;
  }

  /** Parses a stored record; IllegalArgumentException when it is not one. */
  public static InstanceRecord fromJson(JsonObject json) {
    try {
      JsonObject domain = json.getJsonObject("domain");
      return new InstanceRecord(json.getString("id"), json.getLong("last_seq"), json.getString("vm_state"),
          json.getInteger("power_state"), domain == null ? null : DomainSpec.fromJson(domain), json.getJsonObject("outcomes"),
          json.getLong("updated_at", 0L));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not an instance record: " + e.getMessage(), e);
    }
  }
}
