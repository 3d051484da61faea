package io.stratus.compute.agent;

import io.stratus.compute.kafka.KafkaSender;
import io.stratus.compute.message.HostReport;
import io.stratus.compute.message.Topics;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The host's report on the compacted hosts topic: what it offers (configured sizes, else what libvirt says and
 * the data directory's free space) and how many instances it keeps.
 */
final class Heartbeat {
  private static final long GIB = 1024L * 1024 * 1024;

  private final KafkaSender sender;
  private final Topics topics;
  private final InstanceStore store;
  private final Hypervisor.HostInfo info;
  private final WorkerExecutor files;
  private final Path dataDir;
  private final Clock clock;
  private final String host;
  private final String zone;
  private final int vcpus;
  private final long memoryMb;
  private final long diskGb;

  /** Sizes of 0 are what the host has. */
  Heartbeat(KafkaSender sender, Topics topics, InstanceStore store, Hypervisor.HostInfo info, WorkerExecutor files,
      Path dataDir, Clock clock, String host, String zone, int vcpus, long memoryMb, long diskGb) {
    this.sender = sender;
    this.topics = topics;
    this.store = store;
    this.info = info;
    this.files = files;
    this.dataDir = dataDir;
    this.clock = clock;
    this.host = host;
    this.zone = zone;
    this.vcpus = vcpus > 0 ? vcpus : info.vcpus();
    this.memoryMb = memoryMb > 0 ? memoryMb : info.memoryMb();
    this.diskGb = diskGb;
  }

  /** Sends one report; completes when Kafka has it. */
  Future<Void> beat() {
    Future<Long> disk = diskGb > 0 ? Future.succeededFuture(diskGb)
        : files.executeBlocking(() -> Files.getFileStore(dataDir).getUsableSpace() / GIB, false);
    return disk.compose(gb -> {
      HostReport report = new HostReport(host, zone, info.type(), info.uri(), vcpus, memoryMb, gb, store.all().size(), clock.millis());
      return sender.send(topics.hosts(), host, report.toJson().encode());
    });
  }
}
