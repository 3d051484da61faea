package io.stratus.compute.agent;

import io.vertx.core.Future;
import java.util.Map;

/**
 * The seam between the agent and the virtualisation layer: domains by instance uuid and their power
 * states in Nova's numbers ({@link io.stratus.compute.message.InstanceEvent#RUNNING} and friends). Every
 * method completes on the caller's context; none blocks it.
 */
public interface Hypervisor {
  /** The power state answered for an instance that has no domain. */
  int NO_DOMAIN = -1;

  /** What the host offers, as the hypervisor reports it. */
  record HostInfo(String type, String uri, int vcpus, long memoryMb) {
  }

  Future<HostInfo> hostInfo();

  /** Defines (or redefines) the domain; it is left shut off. */
  Future<Void> define(DomainSpec domain);

  /** Boots a defined domain; nothing when it is running already. */
  Future<Void> start(String uuid);

  /** Asks the guest to power off (ACPI); answers at once, the guest may take its time or ignore it. */
  Future<Void> shutdown(String uuid);

  /** Pulls the plug; nothing when the domain is not running. */
  Future<Void> destroy(String uuid);

  /** Forgets the domain's definition; nothing when there is none. */
  Future<Void> undefine(String uuid);

  /** The domain's power state, or {@link #NO_DOMAIN}. */
  Future<Integer> powerState(String uuid);

  /** The power state of every domain, by uuid. */
  Future<Map<String, Integer>> powerStates();

  /** Runs {@code listener} (on any thread) whenever a domain changes state, if the hypervisor reports such changes. */
  void onChange(Runnable listener);

  Future<Void> close();
}
