package io.stratus.objectserver;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.objectserver.http.NodeContext;
import io.stratus.objectserver.http.StorageHandler;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.store.StoreOptions;
import io.stratus.objectserver.swift.Timestamp;
import io.stratus.objectserver.updater.AccountReporter;
import io.stratus.objectserver.updater.AsyncUpdater;
import io.stratus.objectserver.updater.ContainerUpdates;
import io.stratus.objectserver.updater.UpdateClient;
import io.stratus.ring.PathHasher;
import io.stratus.ring.RingFileWatcher;
import io.stratus.ring.RingSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One storage node: opens a RocksDB per device, serves the account, container and object servers
 * on one HTTP server, and runs the async pending updater and tombstone reclaim. {@link #start()}
 * completes when the node listens; {@link #close()} stops it and closes every database cleanly.
 */
public final class StorageNode {
  private static final Logger LOG = LoggerFactory.getLogger(StorageNode.class);
  private static final long RECLAIM_EVERY_MILLIS = 3_600_000;

  private final Vertx vertx;
  private final StorageNodeConfig config;
  private final Clock clock;
  private final PathHasher hasher;
  private final Map<String, DeviceStore> devices = new LinkedHashMap<>();
  private final Map<String, RingSource> rings = new LinkedHashMap<>();
  private WorkerExecutor executor;
  private UpdateClient client;
  private AsyncUpdater updater;
  private HttpServer server;
  private long reclaimTimer = -1;

  public StorageNode(Vertx vertx, StorageNodeConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.hasher = new PathHasher(config.hashPathPrefix(), config.hashPathSuffix());
  }

  /** Opens the devices and listens; fails if a device cannot be opened or the port bound. */
  public Future<Void> start() {
    executor = vertx.createSharedWorkerExecutor("objectserver-store-" + System.identityHashCode(this), config.workerThreads());
    StoreOptions options = new StoreOptions(config.chunkSize(), 4096, config.reclaimAge());
    return executor.executeBlocking(() -> {
      loadRings();
      for (String name : config.devices()) {
        devices.put(name, DeviceStore.open(name, config.devicesRoot().resolve(name), executor, options));
      }
      return null;
    }, false).compose(v -> listen()).onFailure(e -> closeStores());
  }

  private void loadRings() throws java.io.IOException {
    if (config.ringDir() == null) return;
    for (String kind : List.of("account", "container", "object")) {
      java.nio.file.Path file = config.ringDir().resolve(kind + ".ring");
      if (Files.exists(file)) rings.put(kind, RingFileWatcher.watch(file, hasher, Duration.ofSeconds(15)));
    }
  }

  private Future<Void> listen() {
    client = new UpdateClient(vertx, config.updateTimeout().multipliedBy(2).plusSeconds(1));
    NodeContext ctx = new NodeContext(vertx, devices, hasher, clock, new ContainerUpdates(client), new AccountReporter(client),
        config.updateTimeout());
    updater = new AsyncUpdater(vertx, new ArrayList<>(devices.values()), client);
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port()).setIdleTimeout(60)
        .setTcpNoDelay(true).setDecompressionSupported(false);
    return vertx.createHttpServer(options).requestHandler(new StorageHandler(ctx)).listen().map(s -> {
      server = s;
      if (!config.updaterInterval().isZero()) updater.start(config.updaterInterval());
      reclaimTimer = vertx.setPeriodic(RECLAIM_EVERY_MILLIS, id -> reclaim().onFailure(e -> LOG.warn("Reclaim failed", e)));
      LOG.info("Storage node listening on {}:{} with devices {}", config.host(), s.actualPort(), config.devices());
      return null;
    });
  }

  /** The port the node listens on (the real one when configured with 0). */
  public int port() {
    if (server == null) throw new StratusException(ErrorCode.UNAVAILABLE, "The storage node is not listening");
    return server.actualPort();
  }

  public PathHasher hasher() {
    return hasher;
  }

  public DeviceStore device(String name) {
    return devices.get(name);
  }

  /** The ring of {@code kind} (account, container, object) from the ring dir, or null. */
  public RingSource ring(String kind) {
    return rings.get(kind);
  }

  /** The async pending updater; tests trigger it with runOnce(). */
  public AsyncUpdater updater() {
    return updater;
  }

  /** Drops tombstones (objects and container rows) older than reclaim-age; the count dropped. */
  public Future<Integer> reclaim() {
    Timestamp cutoff = Timestamp.ofMillis(Math.max(0, clock.millis() - config.reclaimAge().toMillis()));
    Future<Integer> total = Future.succeededFuture(0);
    for (DeviceStore d : devices.values()) {
      total = total.compose(n -> d.objects().reclaim(cutoff).map(m -> n + m))
          .compose(n -> d.containers().reclaim(cutoff).map(m -> n + m));
    }
    return total;
  }

  /** Stops listening and the daemons, then flushes and closes every device. */
  public Future<Void> close() {
    if (reclaimTimer >= 0) vertx.cancelTimer(reclaimTimer);
    if (updater != null) updater.stop();
    Future<Void> stopped = server == null ? Future.succeededFuture() : server.close();
    return stopped.eventually(() -> {
      if (client != null) client.close();
      return vertx.executeBlocking(() -> {
        closeStores();
        return null;
      }, false);
    }).mapEmpty();
  }

  private void closeStores() {
    for (DeviceStore d : devices.values()) {
      try {
        d.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing device {} failed", d.name(), e);
      }
    }
    devices.clear();
    rings.values().forEach(r -> {
      if (r instanceof RingFileWatcher w) w.close();
    });
    if (executor != null) executor.close();
  }
}
