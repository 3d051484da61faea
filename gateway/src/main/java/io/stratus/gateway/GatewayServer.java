package io.stratus.gateway;

import io.stratus.common.http.EventLoopServer;
import io.stratus.common.http.LocalSockets;
import io.stratus.common.auth.CachingTokenValidator;
import io.stratus.common.auth.KeystoneTokenValidator;
import io.stratus.gateway.http.GatewayHandler;
import io.stratus.gateway.http.IdentityProxy;
import io.stratus.gateway.metrics.GatewayMetrics;
import io.stratus.gateway.proxy.Backend;
import io.stratus.gateway.proxy.ErrorLimiter;
import io.stratus.gateway.proxy.InfoCache;
import io.stratus.gateway.s3.S3Api;
import io.stratus.gateway.s3.auth.S3Auth;
import io.stratus.gateway.swift.Constraints;
import io.stratus.gateway.swift.SwiftApi;
import io.stratus.gateway.swift.SwiftAuth;
import io.stratus.gateway.swift.SwiftProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: one HTTP server in front of the storage nodes and identity, serving the Swift v1 API
 * and the S3 API over the rings, /auth/v1.0 and /identity/* through to identity, /image/* to image, /compute/* to compute-api,
 * /info, /healthcheck and /metrics.
 * {@link #start()} completes when it listens; {@link #close()} stops it and its clients.
 */
public final class GatewayServer {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  /** The Swift release whose API this gateway follows, as /info reports it. */
  public static final String SWIFT_VERSION = "2.31.1";
  /** How long the image service may stay silent (it finishes an upload's manifest before answering). */
  private static final long IMAGE_TIMEOUT_MILLIS = 120_000;
  /** Largest piece of a body the HTTP codec hands over at once. */
  private static final int BODY_PIECE = 64 * 1024;

  private final Vertx vertx;
  private final GatewayConfig config;
  private final Clock clock;
  private HttpClient storageClient;
  private HttpClient identityClient;
  private EventLoopServer server;
  private CachingTokenValidator tokens;
  private S3Api s3;

  public GatewayServer(Vertx vertx, GatewayConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
  }

  public Future<Void> start() {
    // Bodies pass in pieces of up to a socket read (64 KiB) rather than Netty's default 8 KiB: an
    // eighth of the per-piece work (events, writes and flushes to three replicas) per MiB.
    storageClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setMaxChunkSize(BODY_PIECE)
        .setDecompressionSupported(false), new PoolOptions().setHttp1MaxSize(256));
    identityClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
    Constraints constraints = new Constraints(config.maxFileSize());
    ErrorLimiter limiter = new ErrorLimiter(clock, config.errorSuppressionLimit(), config.errorSuppressionInterval());
    Backend backend = new Backend(storageClient, limiter, config.connectTimeout().toMillis(), config.nodeTimeout().toMillis(),
        new LocalSockets(config.storageSocketDir()));
    SwiftProxy proxy = new SwiftProxy(backend, config.accountRing(), config.containerRing(), config.objectRing(), clock,
        constraints, new InfoCache(clock, config.infoCacheTtl(), 100_000), config.accountAutocreate());
    String identityUrl = stripSlash(config.identityUrl());
    tokens = new CachingTokenValidator(new KeystoneTokenValidator(vertx, identityClient,
        identityUrl + "/v3", config.identityTimeout().toMillis()), clock, config.tokenCacheSize(), config.tokenCacheTtl());
    SwiftApi swift = new SwiftApi(proxy, new SwiftAuth(tokens, config.resellerPrefix()));
    S3Auth s3Auth = new S3Auth(vertx, identityClient, identityUrl, clock, config.tokenCacheTtl(), config.tokenCacheSize());
    s3 = new S3Api(swift.store(), s3Auth, config.s3Domain(), config.resellerPrefix());
    IdentityProxy identity = new IdentityProxy(identityClient, identityUrl, config.publicUrl(), config.identityTimeout().toMillis());
    IdentityProxy image = new IdentityProxy(IdentityProxy.IMAGE_PREFIX, identityClient, stripSlash(config.imageUrl()),
        config.publicUrl(), IMAGE_TIMEOUT_MILLIS);
    IdentityProxy compute = new IdentityProxy(IdentityProxy.COMPUTE_PREFIX, identityClient, stripSlash(config.computeUrl()),
        config.publicUrl(), config.identityTimeout().toMillis());
    GatewayHandler handler = new GatewayHandler(clock, swift, s3, identity, image, compute, info(constraints),
        new GatewayMetrics(limiter));
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port()).setTcpNoDelay(true)
        .setMaxChunkSize(BODY_PIECE)
        .setIdleTimeout(60).setMaxHeaderSize(Constraints.MAX_HEADER_SIZE * 4).setDecompressionSupported(false);
    return EventLoopServer.listen(vertx, options, handler, EventLoopServer.DEFAULT_INSTANCES).map(s -> {
      server = s;
      LOG.info("Gateway listening on {}:{} on {} event loops", config.host(), s.actualPort(), EventLoopServer.DEFAULT_INSTANCES);
      return null;
    });
  }

  /** Swift's /info: the API version and its constraints. */
  private JsonObject info(Constraints constraints) {
    JsonObject swift = new JsonObject(new java.util.LinkedHashMap<>(constraints.info())).put("version", SWIFT_VERSION)
        .put("policies", new JsonArray().add(new JsonObject().put("name", SwiftApi.STORAGE_POLICY).put("default", true)))
        .put("account_autocreate", config.accountAutocreate()).put("allow_account_management", false)
        .put("strict_cors_mode", true);
    return new JsonObject().put("swift", swift)
        .put("tempauth", new JsonObject().put("account_acls", false))
        .put("tempurl", new JsonObject().put("methods", new JsonArray(SwiftApi.TEMPURL_METHODS))
            .put("allowed_digests", new JsonArray(SwiftApi.DIGESTS)).put("deprecated_digests", new JsonArray().add("sha1"))
            .put("incoming_remove_headers", new JsonArray().add("x-timestamp").add("x-open-expired"))
            .put("incoming_allow_headers", new JsonArray())
            .put("outgoing_remove_headers", new JsonArray().add("x-object-meta-*"))
            .put("outgoing_allow_headers", new JsonArray().add("x-object-meta-public-*")))
        .put("formpost", new JsonObject().put("allowed_digests", new JsonArray(SwiftApi.DIGESTS))
            .put("deprecated_digests", new JsonArray().add("sha1")))
        .put("versioned_writes", new JsonObject().put("allowed_flags",
            new JsonArray().add("x-versions-location").add("x-history-location")))
        .put("bulk_delete", new JsonObject().put("max_deletes_per_request", 10_000).put("max_failed_deletes", 1000))
        .put("bulk_upload", new JsonObject().put("max_containers_per_extraction", 10_000).put("max_failed_extractions", 1000))
        .put("dlo", new JsonObject().put("max_segments", Constraints.CONTAINER_LISTING_LIMIT))
        .put("slo", new JsonObject().put("max_manifest_segments", 1000).put("max_manifest_size", 8 * 1024 * 1024)
            .put("min_segment_size", 1));
  }

  /** The port the gateway listens on (the real one when configured with 0). */
  public int port() {
    return server.actualPort();
  }

  /** The gateway's S3 API (null before start); tests call it below authentication. */
  public S3Api s3() {
    return s3;
  }

  /** The gateway's token cache (null before start), for a revocation listener to keep honest. */
  public CachingTokenValidator tokens() {
    return tokens;
  }

  public Future<Void> close() {
    Future<Void> stopped = server == null ? Future.succeededFuture() : server.close();
    return stopped.eventually(() -> storageClient == null ? Future.succeededFuture() : storageClient.close())
        .eventually(() -> identityClient == null ? Future.succeededFuture() : identityClient.close());
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
