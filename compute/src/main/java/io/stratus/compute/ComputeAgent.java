package io.stratus.compute;

import io.stratus.common.auth.ServiceSession;
import io.stratus.compute.agent.HostAgent;
import io.stratus.compute.agent.Hypervisor;
import io.stratus.compute.kafka.KafkaReader;
import io.stratus.compute.kafka.KafkaSender;
import io.stratus.compute.kafka.KafkaTopics;
import io.stratus.compute.libvirt.LibvirtHypervisor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute-agent of one host: connects to libvirt, makes sure its topics exist, re-attaches its instances,
 * then takes commands from its host's topic (consumer group {@code stratus-agent-<host>}), reports the host on
 * the hosts topic every heartbeat interval and syncs power states every power-sync interval (and on libvirt
 * lifecycle events). {@link #close()} stops all of it and closes the libvirt connection.
 */
public final class ComputeAgent {
  private static final Logger LOG = LoggerFactory.getLogger(ComputeAgent.class);
  private static final int MAX_IN_FLIGHT = 32;
  private static final int COMMAND_PARTITIONS = 4;
  private static final int EVENT_PARTITIONS = 4;
  private static final int FILE_THREADS = 4;

  private final Vertx vertx;
  private final AgentConfig config;
  private final Hypervisor hypervisor;
  private final KafkaSender sender;
  private final HttpClient http;
  private final WorkerExecutor files;
  private HostAgent parts;
  private KafkaReader reader;
  private long heartbeatTimer = -1;
  private long syncTimer = -1;

  private ComputeAgent(Vertx vertx, AgentConfig config, Hypervisor hypervisor, KafkaSender sender, HttpClient http,
      WorkerExecutor files) {
    this.vertx = vertx;
    this.config = config;
    this.hypervisor = hypervisor;
    this.sender = sender;
    this.http = http;
    this.files = files;
  }

  /** Starts the agent; fails when Kafka, libvirt or the data directory cannot be used. */
  public static Future<ComputeAgent> start(Vertx vertx, AgentConfig config, Clock clock) {
    Context context = vertx.getOrCreateContext();
    Promise<ComputeAgent> started = Promise.promise();
    context.runOnContext(v -> begin(vertx, config, clock).onComplete(started));
    return started.future();
  }

  private static Future<ComputeAgent> begin(Vertx vertx, AgentConfig config, Clock clock) {
    var topics = config.topics();
    return KafkaTopics.ensure(vertx, config.kafkaBootstrap(), List.of(
            new KafkaTopics.Spec(topics.commands(config.hostName()), COMMAND_PARTITIONS, false),
            new KafkaTopics.Spec(topics.events(), EVENT_PARTITIONS, false),
            new KafkaTopics.Spec(topics.hosts(), 1, true)))
        .compose(v -> LibvirtHypervisor.open(config.libvirtUri()))
        .compose(hypervisor -> {
          HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDecompressionSupported(false),
              new PoolOptions().setHttp1MaxSize(16));
          WorkerExecutor files = vertx.createSharedWorkerExecutor("stratus-agent-files-" + config.hostName(), FILE_THREADS);
          KafkaSender sender = KafkaSender.create(vertx, config.kafkaBootstrap(), "stratus-agent-" + config.hostName());
          ComputeAgent agent = new ComputeAgent(vertx, config, hypervisor, sender, http, files);
          return agent.run(clock).recover(e -> agent.close().transform(ignored -> Future.failedFuture(e)));
        });
  }

  private Future<ComputeAgent> run(Clock clock) {
    ServiceSession session = new ServiceSession(WebClient.wrap(http), config.identityUrl(), config.serviceUser(),
        config.servicePassword(), config.serviceProject(), config.serviceDomain(), clock, config.timeout().toMillis());
    HostAgent.Settings settings = new HostAgent.Settings(config.hostName(), config.zone(), config.dataDir(), config.imageUrl(),
        config.qemuImg(), config.domainType(), config.shutdownTimeout(), config.timeout().toMillis(), config.vcpus(),
        config.memoryMb(), config.diskGb());
    return hypervisor.hostInfo()
        .compose(info -> HostAgent.assemble(vertx, settings, hypervisor, info, sender, config.topics(), http, session, files, clock))
        .compose(assembled -> {
          parts = assembled;
          return parts.reattach();
        })
        .compose(v -> parts.heartbeat())
        .compose(v -> {
          reader = KafkaReader.group(vertx, config.kafkaBootstrap(), "stratus-agent-" + config.hostName(),
              List.of(config.topics().commands(config.hostName())), MAX_IN_FLIGHT, parts.commands()::handle);
          return reader.start();
        })
        .map(v -> {
          heartbeatTimer = vertx.setPeriodic(config.heartbeat().toMillis(), t -> parts.heartbeat()
              .onFailure(e -> LOG.warn("Host report of {} failed: {}", config.hostName(), e.getMessage())));
          syncTimer = vertx.setPeriodic(config.powerSync().toMillis(), t -> parts.syncPowerStates());
          LOG.info("Compute agent {} up: libvirt {}, domain type {}, data in {}, commands from {}", config.hostName(),
              config.libvirtUri(), config.domainType(), config.dataDir(), config.topics().commands(config.hostName()));
          return this;
        });
  }

  public String host() {
    return config.hostName();
  }

  /** The hypervisor on the agent's own connection (the test driver's domains are visible only there). */
  public Hypervisor hypervisor() {
    return hypervisor;
  }

  /** Stops taking commands, reporting and syncing, then closes the libvirt connection and the clients. */
  public Future<Void> close() {
    if (heartbeatTimer >= 0) vertx.cancelTimer(heartbeatTimer);
    if (syncTimer >= 0) vertx.cancelTimer(syncTimer);
    Future<Void> stopped = reader == null ? Future.succeededFuture() : reader.close();
    return stopped
        .eventually(sender::close)
        .eventually(hypervisor::close)
        .eventually(http::close)
        .eventually(files::close)
        .mapEmpty();
  }
}
