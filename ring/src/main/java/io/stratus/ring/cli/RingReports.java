package io.stratus.ring.cli;

import io.stratus.ring.Device;
import io.stratus.ring.builder.DispersionReport;
import io.stratus.ring.builder.HistoryEntry;
import io.stratus.ring.builder.RingBuilder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The text reports of the ring CLI: builder summary, device table, dispersion and history. */
final class RingReports {

  private RingReports() {
  }

  /** What {@code stratus ring <builder>} prints, like swift-ring-builder's default command. */
  static void info(PrintStream out, String builderName, RingBuilder b, String ringState) {
    List<Device> devices = b.devices();
    Set<Integer> regions = new HashSet<>();
    Set<String> zones = new HashSet<>();
    for (Device d : devices) {
      regions.add(d.region());
      zones.add(d.region() + "/" + d.zone());
    }
    out.printf(Locale.ROOT, "%s, build version %d%n", builderName, b.version());
    out.printf(Locale.ROOT, "%d partitions, %d replicas, %d regions, %d zones, %d devices, %.2f balance, %s%n",
        b.partitionCount(), b.replicas(), regions.size(), zones.size(), devices.size(), b.balance(),
        b.isRebalanced() ? String.format(Locale.ROOT, "%.2f dispersion", DispersionReport.of(b).dispersion())
            : "not rebalanced");
    Duration left = Duration.ofSeconds(b.minPartSecondsLeft());
    out.printf(Locale.ROOT, "The minimum number of hours before a partition can be reassigned is %d"
        + " (%d:%02d:%02d remaining)%n", b.minPartHours(), left.toHours(), left.toMinutesPart(), left.toSecondsPart());
    out.printf(Locale.ROOT, "The overload factor is %s%n", RingBuilder.formatOverload(b.overload()));
    out.println(ringState);
    if (b.devicesChanged()) {
      out.println("Devices have changed since the last rebalance: run rebalance.");
    }
    devices(out, b, devices);
  }

  /** The device table. */
  static void devices(PrintStream out, RingBuilder b, List<Device> devices) {
    int[] parts = b.partsPerDevice();
    out.printf(Locale.ROOT, "Devices: %4s %6s %4s %22s %22s %10s %8s %10s %8s %5s %s%n", "id", "region", "zone",
        "ip address:port", "replication ip:port", "name", "weight", "partitions", "balance", "flags", "meta");
    for (Device d : devices) {
      int held = d.id() < parts.length ? parts[d.id()] : 0;
      out.printf(Locale.ROOT, "         %4d %6d %4d %22s %22s %10s %8.2f %10d %8.2f %5s %s%n", d.id(), d.region(),
          d.zone(), Device.hostForm(d.ip()) + ":" + d.port(),
          Device.hostForm(d.replicationIp()) + ":" + d.replicationPort(), d.name(), d.weight(), held,
          b.balanceOf(d, held), b.isMarkedForRemoval(d.id()) ? "DEL" : "", d.meta());
    }
  }

  /** The dispersion report: one line per tier node with the histogram of replicas per partition. */
  static void dispersion(PrintStream out, RingBuilder b, boolean verbose) {
    DispersionReport report = DispersionReport.of(b);
    out.printf(Locale.ROOT, "Dispersion is %.6f, Balance is %.6f, Overload is %s%n", report.dispersion(),
        b.balance(), RingBuilder.formatOverload(report.overload()));
    out.printf(Locale.ROOT, "Required overload is %s%n", RingBuilder.formatOverload(report.requiredOverload()));
    if (report.dispersion() > 0) {
      out.printf(Locale.ROOT, "Worst tier is %.6f%% over the replicas it should hold%n", report.dispersion());
    }
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-8s %-32s %10s %5s %8s %6s",
        "Tier", "Node", "Parts", "Max", "%", "Over"));
    for (int k = 0; k <= report.replicas(); k++) {
      header.append(String.format(Locale.ROOT, " %6d", k));
    }
    out.println(header);
    for (DispersionReport.Row row : report.rows()) {
      if (!verbose && row.tier().equals("device")) {
        continue;
      }
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s %-32s %10d %5d %8.2f %6d",
          row.tier(), row.label(), row.partReplicas(), row.maxReplicas(), row.overPercent(report.partitions()),
          row.overParts()));
      for (int count : row.histogram()) {
        line.append(String.format(Locale.ROOT, " %6d", count));
      }
      out.println(line);
    }
  }

  static void history(PrintStream out, RingBuilder b) {
    for (HistoryEntry h : b.history()) {
      out.printf(Locale.ROOT, "%s  v%-6d %s%n", h.at(), h.version(), h.event());
    }
  }
}
