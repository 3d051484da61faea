package io.stratus.compute.scheduler;

import io.stratus.compute.message.HostReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Nova's filter scheduler in one process: the hosts that are up, in the requested zone, able to run the image
 * and with room for the flavor (capacity times allocation ratio, minus what instances placed there claim) are
 * weighed, and the best one is claimed for the instance in the same step. Choosing and claiming happen under
 * one lock, so concurrent launches never over-commit a host; a claim lives until it is released (instance
 * deleted, or its build failed).
 */
public final class Scheduler {
  /** What one instance needs: resources, an availability zone (null: any) and the image's host properties. */
  public record Request(String instanceId, Resources resources, String zone, String hypervisorType, String architecture) {
  }

  /** A host that passed the filters, with what it has left after the ratios and the claims. */
  public record Candidate(String host, double freeVcpus, double freeRamMb, double freeDiskGb) {
  }

  /** One instance's claim on a host. */
  private record Claim(String host, Resources resources) {
  }

  private final HostRegistry hosts;
  private final double cpuRatio;
  private final double ramRatio;
  private final double diskRatio;
  private final Weigher weigher;
  /** instance id → claim; guarded by this. */
  private final Map<String, Claim> claims = new HashMap<>();

  public Scheduler(HostRegistry hosts, double cpuRatio, double ramRatio, double diskRatio, Weigher weigher) {
    this.hosts = hosts;
    this.cpuRatio = cpuRatio;
    this.ramRatio = ramRatio;
    this.diskRatio = diskRatio;
    this.weigher = weigher;
  }

  /** Picks and claims a host for the request; empty when no host passes the filters (NoValidHost). */
  public synchronized Optional<String> schedule(Request request) {
    release(request.instanceId());
    List<Candidate> candidates = new ArrayList<>();
    for (HostReport report : hosts.all()) {
      if (!hosts.isUp(report) || !zoneMatches(report, request.zone()) || !imageMatches(report, request)) continue;
      Candidate c = candidate(report, usedLocked(report.host()));
      if (fits(c, request.resources())) candidates.add(c);
    }
    Optional<Candidate> best = candidates.stream().min(weigher.order());
    best.ifPresent(c -> claims.put(request.instanceId(), new Claim(c.host(), request.resources())));
    return best.map(Candidate::host);
  }

  /** Records the claim of an instance already placed (state read at start). */
  public synchronized void claim(String instanceId, String host, Resources resources) {
    claims.put(instanceId, new Claim(host, resources));
  }

  /** Releases an instance's claim; whether it had one. */
  public synchronized boolean release(String instanceId) {
    return claims.remove(instanceId) != null;
  }

  /** What the claims on the host add up to. */
  public synchronized Resources used(String host) {
    return usedLocked(host);
  }

  /** How many instances hold a claim on the host. */
  public synchronized int instancesOn(String host) {
    return (int) claims.values().stream().filter(c -> c.host().equals(host)).count();
  }

  private Resources usedLocked(String host) {
    Resources used = Resources.NONE;
    for (Claim c : claims.values()) {
      if (c.host().equals(host)) used = used.plus(c.resources());
    }
    return used;
  }

  /** The host's room after the allocation ratios and the claims. */
  Candidate candidate(HostReport report, Resources used) {
    return new Candidate(report.host(), report.vcpus() * cpuRatio - used.vcpus(), report.memoryMb() * ramRatio - used.ramMb(),
        report.diskGb() * diskRatio - used.diskGb());
  }

  /** The RAM, vCPU and disk filters. */
  static boolean fits(Candidate c, Resources need) {
    return c.freeVcpus() >= need.vcpus() && c.freeRamMb() >= need.ramMb() && c.freeDiskGb() >= need.diskGb();
  }

  /** The availability zone filter: no zone asked, or the host's. */
  static boolean zoneMatches(HostReport report, String zone) {
    return zone == null || zone.isBlank() || zone.equals(report.zone());
  }

  /**
   * The image properties filter: an image asking for a hypervisor type runs only on a host of that type (a kvm
   * image also on a QEMU host, which libvirt accelerates when it can); architecture is not reported by hosts,
   * so an image asking for one passes unless the host says otherwise.
   */
  static boolean imageMatches(HostReport report, Request request) {
    String wanted = request.hypervisorType();
    if (wanted == null || wanted.isBlank()) return true;
    String have = report.hypervisorType() == null ? "" : report.hypervisorType().toLowerCase(Locale.ROOT);
    String want = wanted.toLowerCase(Locale.ROOT);
    return want.equals(have) || (want.equals("kvm") && have.equals("qemu"));
  }
}
