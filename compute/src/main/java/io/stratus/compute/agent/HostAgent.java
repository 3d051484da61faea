package io.stratus.compute.agent;

import io.stratus.common.auth.ServiceSession;
import io.stratus.compute.kafka.KafkaSender;
import io.stratus.compute.message.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The agent's parts on one host, wired together: records, image cache, disks, builder, power actions,
 * command handler, power-state sync and heartbeat. {@code io.stratus.compute.ComputeAgent} starts and stops
 * them; this class only assembles them, so the assembly stays in the package that owns the parts.
 */
public final class HostAgent {
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
