package io.stratus.compute.agent;

import io.stratus.common.auth.ServiceSession;
import io.stratus.compute.kafka.KeyedQueue;
import io.stratus.compute.kafka.KafkaSender;
import io.stratus.compute.message.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's parts on one host, wired together: records, image cache, disks, builder, power actions,
 * command handler, power-state sync and heartbeat. {@code io.stratus.compute.ComputeAgent} starts and stops
 * them; this class only assembles them, so the assembly stays in the package that owns the parts.
 */
public final class HostAgent {
  private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);

  /** What the parts need to be made. */
  public record Settings(String host, String zone, Path dataDir, String imageUrl, Path qemuImg, String domainType,
      Duration shutdownTimeout, long timeoutMillis, int vcpus, long memoryMb, long diskGb) {
  }

  private final CommandHandler commands;
  private final PowerSync sync;
  private final Heartbeat heartbeat;

  private HostAgent(CommandHandler commands, PowerSync sync, Heartbeat heartbeat) {
    this.commands = commands;
    this.sync = sync;
    this.heartbeat = heartbeat;
  }

  /** Opens the instance records and assembles the parts (on the caller's context). */
  public static Future<HostAgent> assemble(Vertx vertx, Settings settings, Hypervisor hypervisor, Hypervisor.HostInfo info,
      KafkaSender sender, Topics topics, HttpClient http, ServiceSession session, WorkerExecutor files, Clock clock) {
    Context context = vertx.getOrCreateContext();
    if (!settings.domainType().equals("test")) files.executeBlocking(() -> warnIfQemuCannotReach(settings.dataDir()), false);
    return InstanceStore.open(settings.dataDir(), files, clock.millis()).map(store -> {
      ImageCache images = new ImageCache(vertx, http, session, settings.imageUrl(), settings.dataDir().resolve("images"), files,
          settings.timeoutMillis());
      InstanceDisks disks = new InstanceDisks(settings.qemuImg(), files);
      InstanceBuilder builder = new InstanceBuilder(images, disks, hypervisor, settings.domainType());
      PowerActions power = new PowerActions(vertx, hypervisor, settings.shutdownTimeout());
      EventPublisher events = new EventPublisher(sender, topics, settings.host(), clock);
      KeyedQueue queue = new KeyedQueue();
      CommandHandler commands = new CommandHandler(store, builder, power, events, queue, files, clock, settings.host());
      PowerSync sync = new PowerSync(context, store, power, hypervisor, events, queue, clock);
      Heartbeat heartbeat = new Heartbeat(sender, topics, store, info, files, settings.dataDir(), clock, settings.host(),
          settings.zone(), settings.vcpus(), settings.memoryMb(), settings.diskGb());
      hypervisor.onChange(sync::soon);
      return new HostAgent(commands, sync, heartbeat);
    });
  }

  /**
   * QEMU runs as its own user (libvirt-qemu): it opens the cached kernels and disks and libvirt writes the console
   * log under the data directory, so every directory above it must be searchable by others.
   */
  private static Void warnIfQemuCannotReach(Path dataDir) {
    for (Path p = dataDir.toAbsolutePath(); p != null; p = p.getParent()) {
      try {
        if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          LOG.warn("{} is not searchable by others: QEMU (running as its own user) may not open the files under {}", p, dataDir);
          return null;
        }
      } catch (IOException | UnsupportedOperationException e) {
        return null;
      }
    }
    return null;
  }

  public CommandHandler commands() {
    return commands;
  }

  /** Defines the domains the hypervisor lacks and boots those that were running; never fails. */
  public Future<Void> reattach() {
    return sync.reattach();
  }

  /** Compares every instance's power state with its domain's now; a failure is logged. */
  public void syncPowerStates() {
    sync.soon();
  }

  /** Sends a host report. */
  public Future<Void> heartbeat() {
    return heartbeat.beat();
  }
}
