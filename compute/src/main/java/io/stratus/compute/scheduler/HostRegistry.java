package io.stratus.compute.scheduler;

import io.stratus.compute.message.HostReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The newest report of every compute host, and whether each is up (reported within the service-down time). */
public final class HostRegistry {
  private final Map<String, HostReport> reports = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration serviceDown;

  public HostRegistry(Clock clock, Duration serviceDown) {
    this.clock = clock;
    this.serviceDown = serviceDown;
  }

  /** Keeps the report unless an newer one of the same host is already known. */
  public void update(HostReport report) {
    reports.merge(report.host(), report, (old, fresh) -> fresh.at() >= old.at() ? fresh : old);
  }

  /** Forgets a host (its compacted record was deleted). */
  public void remove(String host) {
    reports.remove(host);
  }

  public HostReport get(String host) {
    return host == null ? null : reports.get(host);
  }

  /** Every known host, by name. */
  public List<HostReport> all() {
    List<HostReport> all = new ArrayList<>(reports.values());
    all.sort(Comparator.comparing(HostReport::host));
    return all;
  }

  public boolean isUp(HostReport report) {
    return report != null && clock.millis() - report.at() < serviceDown.toMillis();
  }

  public boolean isUp(String host) {
    return isUp(get(host));
  }
}
