package io.stratus.common.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One HTTP server spread over several event loops: a verticle instance per loop listens on the same
 * port and Vert.x hands each new connection to the next instance in turn, so a service uses every
 * core instead of the one loop a plain {@code createHttpServer().listen()} gets. The request handler
 * is shared by all instances and must be safe to call from several event loops at once.
 */
public final class EventLoopServer {
  /** One instance per event loop Vert.x starts by default. */
  public static final int DEFAULT_INSTANCES = 2 * Runtime.getRuntime().availableProcessors();

  private static final AtomicInteger RANDOM_PORT_KEYS = new AtomicInteger();

  private final Vertx vertx;
  private final String deploymentId;
  private final int port;

  private EventLoopServer(Vertx vertx, String deploymentId, int port) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.port = port;
  }

  /**
   * Listens with {@code instances} servers on {@code options}' host and port (0: a free port, which
   * all instances share); completes once every instance listens.
   */
  public static Future<EventLoopServer> listen(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler,
      int instances) {
    HttpServerOptions shared = new HttpServerOptions(options);
    // Vert.x binds port 0 once per server; a negative port is one free port shared by every server
    // listening on that same negative number, so each server gets a number of its own.
    if (shared.getPort() == 0) shared.setPort(RANDOM_PORT_KEYS.decrementAndGet());
    AtomicInteger actual = new AtomicInteger();
    return vertx.deployVerticle(() -> new Instance(shared, null, handler, actual), new DeploymentOptions().setInstances(instances))
        .map(id -> new EventLoopServer(vertx, id, actual.get()));
  }

  /**
   * Listens with {@code instances} servers on the Unix domain socket {@code path} (see
   * {@link LocalSockets}), replacing a socket file a server before it left behind; the socket's
   * directory is made if missing, readable by its owner only. Only the socket's owner may connect.
   */
  public static Future<EventLoopServer> listenLocal(Vertx vertx, HttpServerOptions options, Path path,
      Handler<HttpServerRequest> handler, int instances) {
    try {
      if (!Files.isDirectory(path.getParent())) {
        Files.createDirectories(path.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Files.deleteIfExists(path);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    SocketAddress address = SocketAddress.domainSocketAddress(path.toString());
    return vertx.deployVerticle(() -> new Instance(options, address, handler, new AtomicInteger()),
        new DeploymentOptions().setInstances(instances)).map(id -> new EventLoopServer(vertx, id, options.getPort()));
  }

  /** The port the instances listen on (the real one when asked for 0). */
  public int actualPort() {
    return port;
  }

  /** Stops every instance (their servers close with them). */
  public Future<Void> close() {
    return vertx.undeploy(deploymentId);
  }

  /**
   * A request whose head could not be decoded: 414 for a request line over the limit, 431 for headers
   * over it, 400 for anything else, each with a body that says so (Vert.x's own answers have none, or
   * close without one), and the connection closed since what follows cannot be trusted.
   */
  static void invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = 400;
    String text = "Bad Request: the request line or its headers could not be parsed.";
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      text = "URI Too Long: the request line is over the server's limit.";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      text = "Request Header Fields Too Large";
    }
    request.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=UTF-8")
        .putHeader("Connection", "close").end(text + "\n");
  }

  /** One event loop's server. */
  private static final class Instance extends VerticleBase {
    private final HttpServerOptions options;
    private final SocketAddress address;
    private final Handler<HttpServerRequest> handler;
    private final AtomicInteger actual;
    private HttpServer server;

    Instance(HttpServerOptions options, SocketAddress address, Handler<HttpServerRequest> handler, AtomicInteger actual) {
      this.options = options;
      this.address = address;
      this.handler = handler;
      this.actual = actual;
    }

    @Override
    public Future<?> start() {
      HttpServer created = vertx.createHttpServer(options).invalidRequestHandler(EventLoopServer::invalid).requestHandler(handler);
      return (address == null ? created.listen() : created.listen(address)).onSuccess(s -> {
        server = s;
        actual.set(s.actualPort());
      });
    }

    @Override
    public Future<?> stop() {
      return server == null ? Future.succeededFuture() : server.close();
    }
  }
}
