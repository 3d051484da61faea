package io.stratus.objectserver;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.http.EventLoopServer;
import io.stratus.common.http.LocalSockets;
import io.stratus.common.error.StratusException;
import io.stratus.objectserver.http.NodeContext;
import io.stratus.objectserver.auditor.ObjectAuditor;
import io.stratus.objectserver.expirer.ObjectExpirer;
import io.stratus.objectserver.http.ResponseCounts;
import io.stratus.objectserver.http.StorageHandler;
import io.stratus.objectserver.replicator.DbReplicationClient;
import io.stratus.objectserver.replicator.DbReplicator;
import io.stratus.objectserver.replicator.ObjectReplicator;
import io.stratus.objectserver.replicator.ReplicationClient;
import io.stratus.objectserver.store.AccountInfo;
import io.stratus.objectserver.store.ContainerInfo;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.store.StoreOptions;
import io.stratus.objectserver.swift.ContainerRow;
import io.stratus.objectserver.swift.ObjectRow;
import io.stratus.objectserver.swift.Timestamp;
import io.stratus.objectserver.updater.AccountReporter;
import io.stratus.objectserver.updater.AsyncUpdater;
import io.stratus.objectserver.updater.ContainerUpdates;
import io.stratus.objectserver.updater.UpdateClient;
import io.stratus.ring.PathHasher;
import io.stratus.ring.Ring;
import io.stratus.ring.RingFileWatcher;
import io.stratus.ring.RingSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
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
 * on one HTTP server, and runs the daemons: async pending updater, tombstone reclaim, object,
 * container and account replicators, auditor and expirer. {@link #start()} completes when the node listens;
 * {@link #close()} stops it and closes every database cleanly. Rings come from the ring dir, or
 * from the caller (tests, the all-in-one platform).
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
  private final boolean ringsGiven;
  private WorkerExecutor executor;
  private UpdateClient client;
  private ReplicationClient replicationClient;
  private AsyncUpdater updater;
  private ObjectReplicator replicator;
  private DbReplicationClient dbReplicationClient;
  private DbReplicator<ContainerInfo, ObjectRow> containerReplicator;
  private DbReplicator<AccountInfo, ContainerRow> accountReplicator;
  private ObjectAuditor auditor;
  private ObjectExpirer expirer;
  private EventLoopServer server;
  private EventLoopServer localServer;
  private java.nio.file.Path localSocket;
  private StorageHandler handler;
  private long reclaimTimer = -1;

  public StorageNode(Vertx vertx, StorageNodeConfig config, Clock clock) {
    this(vertx, config, clock, null);
  }

  /** A node with the given rings ({@code account}, {@code container}, {@code object}) instead of the ring dir's. */
  public StorageNode(Vertx vertx, StorageNodeConfig config, Clock clock, Map<String, RingSource> givenRings) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.hasher = new PathHasher(config.hashPathPrefix(), config.hashPathSuffix());
    this.ringsGiven = givenRings != null;
    if (givenRings != null) rings.putAll(givenRings);
  }

  /** Opens the devices and listens; fails if a device cannot be opened or the port bound. */
  public Future<Void> start() {
    executor = vertx.createSharedWorkerExecutor("objectserver-store-" + System.identityHashCode(this), config.workerThreads());
    StoreOptions options = new StoreOptions(config.chunkSize(), StoreOptions.DEFAULT_INLINE_LIMIT, config.reclaimAge());
    return executor.executeBlocking(() -> {
      loadRings();
      for (String name : config.devices()) {
        devices.put(name, DeviceStore.open(name, config.devicesRoot().resolve(name), executor, options));
      }
      return null;
    }, false).compose(v -> listen()).onFailure(e -> closeStores());
  }

  private void loadRings() throws java.io.IOException {
    if (ringsGiven || config.ringDir() == null) return;
    for (String kind : List.of("account", "container", "object")) {
      java.nio.file.Path file = config.ringDir().resolve(kind + ".ring");
      if (Files.exists(file)) rings.put(kind, RingFileWatcher.watch(file, hasher, Duration.ofSeconds(15)));
    }
  }

  private Future<Void> listen() {
    client = new UpdateClient(vertx, config.updateTimeout().multipliedBy(2).plusSeconds(1), new LocalSockets(config.socketDir()));
    NodeContext ctx = new NodeContext(vertx, devices, hasher, clock, new ContainerUpdates(client),
        new AccountReporter(vertx, client, clock), config.updateTimeout());
    updater = new AsyncUpdater(vertx, new ArrayList<>(devices.values()), client);
    startDaemons(ctx.containerUpdates(), ctx.accountReporter());
    handler = new StorageHandler(ctx);
    // Bodies arrive in pieces of up to a socket read (64 KiB), not Netty's default 8 KiB.
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port()).setIdleTimeout(60)
        .setMaxChunkSize(64 * 1024)
        .setTcpNoDelay(true).setDecompressionSupported(false);
    return EventLoopServer.listen(vertx, options, handler, EventLoopServer.DEFAULT_INSTANCES).compose(s -> {
      server = s;
      return listenLocal(options);
    }).map(v -> {
      if (!config.updaterInterval().isZero()) updater.start(config.updaterInterval());
      DaemonConfig d = config.daemons();
      replicator.start(d.replicatorInterval());
      containerReplicator.start(d.containerReplicatorInterval());
      accountReplicator.start(d.accountReplicatorInterval());
      auditor.start(d.auditorInterval());
      expirer.start(d.expirerInterval());
      reclaimTimer = vertx.setPeriodic(RECLAIM_EVERY_MILLIS, id -> reclaim().onFailure(e -> LOG.warn("Reclaim failed", e)));
      LOG.info("Storage node listening on {}:{}{} with devices {}", config.host(), server.actualPort(),
          localSocket == null ? "" : " and " + localSocket, config.devices());
      return null;
    });
  }

  /**
   * The Unix domain socket beside the TCP port, when a socket dir is configured and its path fits a
   * socket; a socket that cannot be made is logged and done without.
   */
  private Future<Void> listenLocal(HttpServerOptions options) {
    if (config.socketDir() == null) return Future.succeededFuture();
    java.nio.file.Path path = LocalSockets.path(config.socketDir(), server.actualPort());
    if (path == null) {
      LOG.info("No local socket for the storage node on port {}: the path in {} is too long for one", server.actualPort(),
          config.socketDir());
      return Future.succeededFuture();
    }
    return EventLoopServer.listenLocal(vertx, options, path, handler, EventLoopServer.DEFAULT_INSTANCES).map(l -> {
      localServer = l;
      localSocket = path;
      return (Void) null;
    }).otherwise(e -> {
      // The socket only spares local callers TCP's work: without it they reach the node over TCP.
      LOG.warn("No local socket for the storage node on port {} at {}: {}", server.actualPort(), path, e.toString());
      return null;
    });
  }

  private void startDaemons(ContainerUpdates containerUpdates, AccountReporter reporter) {
    DaemonConfig d = config.daemons();
    replicationClient = new ReplicationClient(vertx, d.replicationTimeout());
    replicator = new ObjectReplicator(vertx, devices, () -> ringOf("object"), config.host(), this::port, replicationClient,
        clock, config.reclaimAge(), d.replicatorConcurrency());
    dbReplicationClient = new DbReplicationClient(vertx, d.replicationTimeout());
    DbReplicator.Settings settings = new DbReplicator.Settings(d.replicatorConcurrency(), d.dbReplicationPageRows(),
        config.reclaimAge());
    containerReplicator = new DbReplicator<>(vertx, new DbReplicator.Kind<>("container", DeviceStore::containerDbs,
        () -> ringOf("container"), reporter::changed), devices, config.host(), this::port, dbReplicationClient, clock, settings);
    accountReplicator = new DbReplicator<>(vertx, new DbReplicator.Kind<>("account", DeviceStore::accountDbs,
        () -> ringOf("account"), (device, partition, hash) -> Future.succeededFuture()), devices, config.host(), this::port,
        dbReplicationClient, clock, settings);
    auditor = new ObjectAuditor(vertx, devices.values(), clock, d.auditorBytesPerSecond(), d.orphanGrace());
    expirer = new ObjectExpirer(vertx, devices.values(), () -> ringOf("container"), containerUpdates, clock);
  }

  private Ring ringOf(String kind) {
    RingSource source = rings.get(kind);
    return source == null ? null : source.ring();
  }

  /** The port the node listens on (the real one when configured with 0). */
  /** Responses the node has finished, by status; empty before start. */
  public ResponseCounts responses() {
    return handler == null ? new ResponseCounts() : handler.counts();
  }

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

  /** The object replicator; tests trigger it with runOnce(). */
  public ObjectReplicator replicator() {
    return replicator;
  }

  /** The container replicator; tests trigger it with runOnce(). */
  public DbReplicator<ContainerInfo, ObjectRow> containerReplicator() {
    return containerReplicator;
  }

  /** The account replicator; tests trigger it with runOnce(). */
  public DbReplicator<AccountInfo, ContainerRow> accountReplicator() {
    return accountReplicator;
  }

  /** The object auditor; tests trigger it with runOnce(). */
  public ObjectAuditor auditor() {
    return auditor;
  }

  /** The object expirer; tests trigger it with runOnce(). */
  public ObjectExpirer expirer() {
    return expirer;
  }

  /** Drops tombstones (objects and container rows) older than reclaim-age; the count dropped. */
  public Future<Integer> reclaim() {
    Timestamp cutoff = Timestamp.ofMillis(Math.max(0, clock.millis() - config.reclaimAge().toMillis()));
    Future<Integer> total = Future.succeededFuture(0);
    for (DeviceStore d : devices.values()) {
      total = total.compose(n -> d.objects().reclaim(cutoff).map(m -> n + m))
          .compose(n -> d.containerDbs().reclaim(cutoff).map(m -> n + m));
    }
    return total;
  }

  /** Stops listening and the daemons, then flushes and closes every device. */
  public Future<Void> close() {
    if (reclaimTimer >= 0) vertx.cancelTimer(reclaimTimer);
    if (updater != null) updater.stop();
    if (replicator != null) replicator.stop();
    if (containerReplicator != null) containerReplicator.stop();
    if (accountReplicator != null) accountReplicator.stop();
    if (auditor != null) auditor.stop();
    if (expirer != null) expirer.stop();
    Future<Void> stopped = server == null ? Future.succeededFuture() : server.close();
    Future<Void> localStopped = localServer == null ? Future.succeededFuture() : localServer.close();
    return Future.join(stopped, localStopped).eventually(() -> {
      if (client != null) client.close();
      if (replicationClient != null) replicationClient.close();
      if (dbReplicationClient != null) dbReplicationClient.close();
      return vertx.executeBlocking(() -> {
        closeStores();
        if (localSocket != null) Files.deleteIfExists(localSocket);
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
    if (!ringsGiven) {
      rings.values().forEach(r -> {
        if (r instanceof RingFileWatcher w) w.close();
      });
    }
    if (executor != null) executor.close();
  }
}
