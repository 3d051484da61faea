package io.stratus.gateway.s3;

import io.stratus.common.auth.AuthContext;
import io.stratus.gateway.TestCluster;
import io.stratus.gateway.s3.auth.S3Body;
import io.stratus.gateway.s3.auth.S3Caller;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only HTTP front for the gateway's S3 API below authentication: it serves real HTTP on its own port and
 * hands each request to {@link S3Api#handle(HttpServerRequest, String, S3Caller, S3Body)} with the caller its
 * {@code Authorization: Test <name>} header names (registered with {@link #caller}); the body is the request's
 * own bytes. This stands where the signature check (S3Auth, branch s3-auth) stands in the gateway, so the API's
 * behaviour can be tested without SigV4; nothing of it is in production code.
 */
public final class S3TestFront implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, S3Caller> callers = new ConcurrentHashMap<>();
  private int next;

  private S3TestFront(HttpServer server) {
    this.server = server;
  }

  public static S3TestFront start(TestCluster cluster) {
    S3Api api = cluster.gateway().s3();
    HttpServer server = cluster.vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    S3TestFront front = new S3TestFront(server);
    server.requestHandler(request -> front.serve(api, request));
    TestCluster.await(server.listen());
    return front;
  }

  /** Registers a caller of {@code project} with {@code roles}; the Authorization header value that names it. */
  public String caller(String name, String project, String... roles) {
    AuthContext auth = new AuthContext("user-" + name, name, "default", project, project + "-name", null, Set.of(roles),
        Instant.now().plusSeconds(3600));
    callers.put(name, new S3Caller("AKIA" + name.toUpperCase(java.util.Locale.ROOT), auth));
    return "Test " + name;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public int port() {
    return server.actualPort();
  }

  private void serve(S3Api api, HttpServerRequest request) {
    request.pause();
    String transId = "tx-test-" + (++next);
    String authorization = request.getHeader("Authorization");
    S3Caller caller = authorization == null ? null : callers.get(authorization.replaceFirst("^Test ", ""));
    if (caller == null) {
      request.response().setStatusCode(403).end("unknown test caller");
      return;
    }
    Future<Void> done = api.handle(request, transId, caller, body(request));
    done.onComplete(ar -> {
      if (!request.isEnded()) {
        request.handler(b -> { });
        request.resume();
      }
    });
  }

  private static S3Body body(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    long n = length == null ? -1 : Long.parseLong(length.trim());
    return new S3Body() {
      @Override
      public ReadStream<Buffer> stream() {
        return request;
      }

      @Override
      public long length() {
        return n;
      }
    };
  }

  @Override
  public void close() {
    TestCluster.await(server.close());
  }
}
