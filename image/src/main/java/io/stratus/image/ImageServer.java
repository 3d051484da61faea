package io.stratus.image;

import io.stratus.common.auth.CachingTokenValidator;
import io.stratus.common.auth.KeystoneTokenValidator;
import io.stratus.common.http.EventLoopServer;
import io.stratus.image.api.ApiContext;
import io.stratus.image.api.ImageRouter;
import io.stratus.image.store.ImageStore;
import io.stratus.image.swift.ObjectStore;
import io.stratus.common.auth.ServiceSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image service assembled: opens the registry, logs in to identity as its service user for the
 * object store, validates client tokens through identity (cached), and serves Glance v2 on every
 * event loop. {@link #close()} stops listening, then closes the clients and the registry.
 */
public final class ImageServer {
  private static final Logger LOG = LoggerFactory.getLogger(ImageServer.class);
  private static final int TOKEN_CACHE_SIZE = 10_000;
  /** Largest piece of a body the HTTP codec hands over at once (Netty's default is 8 KiB). */
  private static final int BODY_PIECE = 64 * 1024;

  private final Vertx vertx;
  private final ImageStore store;
  private final HttpClient storageClient;
  private final HttpClient identityClient;
  private final CachingTokenValidator tokens;
  private final EventLoopServer http;

  private ImageServer(Vertx vertx, ImageStore store, HttpClient storageClient, HttpClient identityClient,
      CachingTokenValidator tokens, EventLoopServer http) {
    this.vertx = vertx;
    this.store = store;
    this.storageClient = storageClient;
    this.identityClient = identityClient;
    this.tokens = tokens;
    this.http = http;
  }

  /** Starts the service; fails if the registry cannot be opened or the port bound. */
  public static Future<ImageServer> start(Vertx vertx, ImageConfig config, Clock clock) {
    return ImageStore.open(vertx, config.dataDir(), config.storeThreads())
        .compose(store -> requeueInterruptedUploads(store)
            .compose(v -> assemble(vertx, config, clock, store)).onFailure(e -> store.close()));
  }

  /** An image left saving by a stopped process has no upload running any more: it is queued again. */
  private static Future<Void> requeueInterruptedUploads(ImageStore store) {
    return store.images().compose(all -> {
      Future<Void> chain = Future.succeededFuture();
      for (var image : all) {
        if (!"saving".equals(image.getString("status"))) continue;
        String id = image.getString("id");
        LOG.info("Image {} was saving when the service stopped; it is queued again", id);
        chain = chain.compose(v -> store.update(id, i -> "saving".equals(i.getString("status")) ? i.put("status", "queued") : i)
            .mapEmpty());
      }
      return chain;
    });
  }

  private static Future<ImageServer> assemble(Vertx vertx, ImageConfig config, Clock clock, ImageStore store) {
    long timeout = config.timeout().toMillis();
    HttpClient storageClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
        .setDecompressionSupported(false).setMaxChunkSize(BODY_PIECE), new PoolOptions().setHttp1MaxSize(64));
    HttpClient identityClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(16));
    String identityUrl = strip(config.identityUrl());
    ServiceSession session = new ServiceSession(WebClient.wrap(identityClient), identityUrl, config.serviceUser(),
        config.servicePassword(), config.serviceProject(), config.serviceDomain(), clock, timeout);
    ObjectStore objects = new ObjectStore(storageClient, session, strip(config.objectStoreUrl()), config.container(), timeout);
    CachingTokenValidator tokens = new CachingTokenValidator(new KeystoneTokenValidator(vertx, identityClient,
        identityUrl + "/v3", timeout), clock, TOKEN_CACHE_SIZE, config.tokenCacheTtl());
    ApiContext api = new ApiContext(store, objects, tokens, config, clock);
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port()).setTcpNoDelay(true)
        .setMaxChunkSize(BODY_PIECE).setIdleTimeout((int) config.timeout().toSeconds()).setDecompressionSupported(false);
    return EventLoopServer.listen(vertx, options, ImageRouter.create(vertx, api), EventLoopServer.DEFAULT_INSTANCES)
        .map(http -> {
          LOG.info("Image service listening on {}:{}, image data in {} at {}", config.host(), http.actualPort(),
              config.container(), config.objectStoreUrl());
          return new ImageServer(vertx, store, storageClient, identityClient, tokens, http);
        })
        .onFailure(e -> {
          storageClient.close();
          identityClient.close();
        });
  }

  public int port() {
    return http.actualPort();
  }

  /** The token cache, for a revocation listener to keep honest. */
  public CachingTokenValidator tokens() {
    return tokens;
  }

  /** Stops listening, then closes the clients and the registry. */
  public Future<Void> close() {
    return http.close()
        .eventually(storageClient::close)
        .eventually(identityClient::close)
        .eventually(() -> vertx.executeBlocking(() -> {
          store.close();
          return null;
        }, false)).mapEmpty();
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
