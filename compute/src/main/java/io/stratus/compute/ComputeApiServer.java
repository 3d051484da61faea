package io.stratus.compute;

import io.stratus.common.auth.CachingTokenValidator;
import io.stratus.common.auth.KeystoneTokenValidator;
import io.stratus.common.http.EventLoopServer;
import io.stratus.compute.api.ApiContext;
import io.stratus.compute.api.ComputeRouter;
import io.stratus.compute.api.ImageClient;
import io.stratus.compute.kafka.BusRecord;
import io.stratus.compute.kafka.KafkaReader;
import io.stratus.compute.kafka.KafkaSender;
import io.stratus.compute.kafka.KafkaSnapshot;
import io.stratus.compute.kafka.KafkaTopics;
import io.stratus.compute.message.HostReport;
import io.stratus.compute.message.Topics;
import io.stratus.compute.scheduler.HostRegistry;
import io.stratus.compute.scheduler.Scheduler;
import io.stratus.compute.scheduler.Weigher;
import io.stratus.compute.state.Commands;
import io.stratus.compute.state.EventApplier;
import io.stratus.compute.state.Instances;
import io.stratus.compute.state.Quotas;
import io.stratus.compute.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * compute-api assembled: makes sure the compute topics exist, reads its records from the state topic and the hosts'
 * reports, claims for the instances already placed, writes the default flavors on a first start, applies the agents'
 * events (consumer group {@code stratus-compute-api}), sends again every command that had no outcome yet, and serves
 * Nova v2.1 on every event loop. {@link #close()} stops listening, then the readers and the clients.
 */
public final class ComputeApiServer {
  private static final Logger LOG = LoggerFactory.getLogger(ComputeApiServer.class);
  private static final int TOKEN_CACHE_SIZE = 10_000;
  private static final int MAX_IN_FLIGHT = 64;
  public static final String EVENTS_GROUP = "stratus-compute-api";

  private final KafkaSender sender;
  private final HttpClient httpClient;
  private final CachingTokenValidator tokens;
  private KafkaReader hostsReader;
  private KafkaReader eventsReader;
  private EventLoopServer http;

  private ComputeApiServer(KafkaSender sender, HttpClient httpClient, CachingTokenValidator tokens) {
    this.sender = sender;
    this.httpClient = httpClient;
    this.tokens = tokens;
  }

  /** Starts the service; fails if Kafka cannot be reached or the port bound. */
  public static Future<ComputeApiServer> start(Vertx vertx, ComputeConfig config, Clock clock) {
    Topics topics = new Topics(config.topicPrefix());
    String bootstrap = config.kafkaBootstrap();
    HttpClient httpClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(32));
    long timeout = config.timeout().toMillis();
    CachingTokenValidator tokens = new CachingTokenValidator(new KeystoneTokenValidator(vertx, httpClient,
        strip(config.identityUrl()) + "/v3", timeout), clock, TOKEN_CACHE_SIZE, config.tokenCacheTtl());
    KafkaSender sender = KafkaSender.create(vertx, bootstrap, "stratus-compute-api");
    ComputeApiServer server = new ComputeApiServer(sender, httpClient, tokens);
    return KafkaTopics.ensure(vertx, bootstrap, List.of(new KafkaTopics.Spec(topics.state(), 1, true),
            new KafkaTopics.Spec(topics.hosts(), 1, true), new KafkaTopics.Spec(topics.events(), 1, false)))
        .compose(v -> StateStore.load(vertx, bootstrap, topics.state(), sender))
        .compose(store -> server.assemble(vertx, config, clock, topics, store))
        .onFailure(e -> server.close());
  }

  private Future<ComputeApiServer> assemble(Vertx vertx, ComputeConfig config, Clock clock, Topics topics, StateStore store) {
    String bootstrap = config.kafkaBootstrap();
    HostRegistry hosts = new HostRegistry(clock, config.serviceDown());
    Scheduler scheduler = new Scheduler(hosts, config.cpuAllocationRatio(), config.ramAllocationRatio(),
        config.diskAllocationRatio(), Weigher.parse(config.weigher()));
    for (JsonObject instance : store.values(Instances.PREFIX)) {
      if (Instances.claimed(instance)) {
        scheduler.claim(instance.getString("id"), instance.getString("host"), Instances.resources(instance));
      }
    }
    Commands commands = new Commands(vertx, store, sender, topics, bootstrap, clock, config.consoleTimeout());
    EventApplier events = new EventApplier(store, scheduler, commands, clock);
    Quotas quotas = new Quotas(store, new Quotas.Limits(config.quotaInstances(), config.quotaCores(), config.quotaRamMb()));
    ImageClient images = new ImageClient(WebClient.wrap(httpClient), config.imageUrl(), config.timeout().toMillis());
    ApiContext api = new ApiContext(store, scheduler, hosts, commands, quotas, images, tokens, config, clock);
    hostsReader = KafkaReader.all(vertx, bootstrap, topics.hosts(), true, MAX_IN_FLIGHT, r -> hostReport(hosts, r));
    eventsReader = KafkaReader.group(vertx, bootstrap, EVENTS_GROUP, List.of(topics.events()), MAX_IN_FLIGHT, events::handle);
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port()).setTcpNoDelay(true)
        .setIdleTimeout((int) config.timeout().toSeconds());
    return KafkaSnapshot.read(vertx, bootstrap, topics.hosts())
        .onSuccess(reports -> reports.forEach((host, value) -> hostReport(hosts, new BusRecord(topics.hosts(), 0, 0, host, value, 0))))
        .compose(v -> ComputeRouter.ensureDefaults(store, clock.millis()))
        .compose(v -> hostsReader.start())
        .compose(v -> eventsReader.start())
        .compose(v -> commands.resendPending())
        .compose(v -> EventLoopServer.listen(vertx, options, ComputeRouter.create(vertx, api), EventLoopServer.DEFAULT_INSTANCES))
        .map(listening -> {
          http = listening;
          LOG.info("compute-api listening on {}:{}, Kafka at {}, topics {}.*", config.host(), listening.actualPort(), bootstrap,
              config.topicPrefix());
          return this;
        });
  }

  private static Future<Void> hostReport(HostRegistry hosts, BusRecord record) {
    if (record.key() == null) return Future.succeededFuture();
    if (record.value() == null) {
      hosts.remove(record.key());
      return Future.succeededFuture();
    }
    try {
      hosts.update(HostReport.fromJson(new JsonObject(record.value())));
    } catch (RuntimeException e) {
      LOG.warn("Ignoring a host report that cannot be read: {}", e.getMessage());
    }
    return Future.succeededFuture();
  }

  public int port() {
    return http.actualPort();
  }

  /** The token cache, for the platform's revocation listener. */
  public CachingTokenValidator tokens() {
    return tokens;
  }

  /** Stops listening, then reading, then the Kafka producer and the HTTP client. */
  public Future<Void> close() {
    Future<Void> stopped = http == null ? Future.succeededFuture() : http.close();
    return stopped
        .eventually(() -> eventsReader == null ? Future.succeededFuture() : eventsReader.close())
        .eventually(() -> hostsReader == null ? Future.succeededFuture() : hostsReader.close())
        .eventually(sender::close)
        .eventually(httpClient::close);
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
