package io.stratus.identity;

import io.stratus.identity.api.ApiContext;
import io.stratus.identity.api.IdentityRouter;
import io.stratus.identity.crypto.PasswordHasher;
import io.stratus.identity.service.ApplicationCredentialService;
import io.stratus.identity.service.AuthService;
import io.stratus.identity.service.Bootstrap;
import io.stratus.identity.service.PasswordService;
import io.stratus.identity.service.Revocations;
import io.stratus.identity.service.RoleResolver;
import io.stratus.identity.service.TokenService;
import io.stratus.identity.store.IdentityStore;
import io.stratus.identity.store.RocksStore;
import io.stratus.identity.token.TokenKeyManager;
import io.stratus.identity.token.TokenSealer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity service assembled: opens the store, loads the token keys, bootstraps a new store,
 * listens, and every minute rotates the token key when due and prunes revocations no token can need.
 * Revocations are announced on the event bus (see {@link Revocations}) under this process's node id.
 */
public final class IdentityServer {
  private static final Logger LOG = LoggerFactory.getLogger(IdentityServer.class);
  private static final long HOUSEKEEPING_MILLIS = 60_000;

  private final Vertx vertx;
  private final IdentityStore store;
  private final PasswordService passwords;
  private final TokenKeyManager keys;
  private final HttpServer http;
  private final Bootstrap.Result bootstrap;
  private final long timerId;
  private final String nodeId;

  private IdentityServer(Vertx vertx, IdentityStore store, PasswordService passwords, TokenKeyManager keys,
      HttpServer http, Bootstrap.Result bootstrap, long timerId, String nodeId) {
    this.vertx = vertx;
    this.store = store;
    this.passwords = passwords;
    this.keys = keys;
    this.http = http;
    this.bootstrap = bootstrap;
    this.timerId = timerId;
    this.nodeId = nodeId;
  }

  /** Starts the service; the future fails if the store cannot be opened or the port bound. */
  public static Future<IdentityServer> start(Vertx vertx, IdentityConfig config, Clock clock) {
    return RocksStore.open(vertx, config.dataDir(), config.storeThreads())
        .map(IdentityStore::new)
        .compose(store -> assemble(vertx, config, clock, store).onFailure(e -> store.close()));
  }

  private static Future<IdentityServer> assemble(Vertx vertx, IdentityConfig config, Clock clock, IdentityStore store) {
    SecureRandom random = new SecureRandom();
    PasswordService passwords = new PasswordService(new PasswordHasher(config.hashMemoryKiB(), config.hashIterations(), 1),
        vertx.createSharedWorkerExecutor("identity-hash", config.hashThreads()));
    return TokenKeyManager.load(store, clock, random, config.keyRotation(), config.maxKeys())
        .compose(keys -> keys.rotateIfDue().map(keys))
        .compose(keys -> {
          RoleResolver roles = new RoleResolver(store);
          Revocations revocations = new Revocations(vertx, store, clock,
              config.nodeId() != null ? config.nodeId() : UUID.randomUUID().toString(), config.tokenTtl());
          TokenService tokens = new TokenService(store, new TokenSealer(keys::ring, random), roles, clock);
          ApplicationCredentialService appCreds = new ApplicationCredentialService(store, passwords, clock, random);
          AuthService auth = new AuthService(store, passwords, appCreds, tokens, roles, clock, config.tokenTtl());
          ApiContext api = ApiContext.of(store, auth, appCreds, tokens, passwords, roles, revocations, config.serviceUrl(), config.region(),
              config.publicUrl());
          return new Bootstrap(store, passwords).run(config.adminPassword())
              .compose(result -> vertx.createHttpServer()
                  .requestHandler(IdentityRouter.create(vertx, api, clock))
                  .listen(config.port(), config.host())
                  .map(http -> {
                    long timer = vertx.setPeriodic(HOUSEKEEPING_MILLIS, id -> housekeeping(keys, revocations));
                    LOG.info("Identity service listening on {}:{} (node {})", config.host(), http.actualPort(), revocations.nodeId());
                    return new IdentityServer(vertx, store, passwords, keys, http, result, timer, revocations.nodeId());
                  }));
        })
        .onFailure(e -> passwords.close());
  }

  private static void housekeeping(TokenKeyManager keys, Revocations revocations) {
    keys.rotateIfDue()
        .compose(rotated -> revocations.prune())
        .onFailure(e -> LOG.warn("Identity housekeeping failed", e));
  }

  public int port() {
    return http.actualPort();
  }

  /** What the first start created (created() is false on later starts). */
  public Bootstrap.Result bootstrap() {
    return bootstrap;
  }

  /** This process's id: the origin of the revocation events it publishes on the event bus. */
  public String nodeId() {
    return nodeId;
  }

  public TokenKeyManager keys() {
    return keys;
  }

  /** Stops listening, then closes the worker pools and the store. */
  public Future<Void> close() {
    vertx.cancelTimer(timerId);
    return http.close().eventually(() -> vertx.executeBlocking(() -> {
      passwords.close();
      store.close();
      return null;
    }, false)).mapEmpty();
  }
}
