package io.stratus.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service proxy (here /image) in front of a real backend server, answered and drained as the gateway's handler does:
 * prefix stripped, bodies streamed, truncation passed on, an early answer relayed without spoiling the next request.
 */
class IdentityProxyTest {
  /** The most of a body the backend's /v2/limited routes read before answering 413 (as the services' body limit does). */
  private static final int LIMIT = 256 * 1024;
  /** The proxy's backend timeout: a request left unanswered fails only after this long. */
  private static final long TIMEOUT_MILLIS = 5000;

  private Vertx vertx;
  private HttpServer backend;
  private HttpServer front;
  private HttpClient client;
  /** What the backend saw of the last request: "end PATH BYTES" or "reset PATH BYTES". */
  private CompletableFuture<String> seen;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    seen = new CompletableFuture<>();
    backend = await(vertx.createHttpServer().requestHandler(req -> {
      if (req.path().startsWith("/v2/limited")) {
        refuseAfterLimit(req, req.path().endsWith("/close"));
        return;
      }
      if (req.path().equals("/v2/dropped")) {
        req.handler(b -> req.connection().close());
        return;
      }
      if (req.method() == HttpMethod.GET) {
        req.response().end("listed");
        return;
      }
      if (req.headers().contains("Expect", "100-continue", true)) req.response().writeContinue();
      Buffer body = Buffer.buffer();
      req.handler(body::appendBuffer);
      req.exceptionHandler(e -> seen.complete("reset " + req.path() + " " + body.length()));
      req.endHandler(v -> {
        seen.complete("end " + req.path() + " " + body.length());
        req.response().setStatusCode(201).end("stored " + body.length());
      });
    }).listen(0, "127.0.0.1"));
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(4));
    IdentityProxy proxy = new IdentityProxy(IdentityProxy.IMAGE_PREFIX, client, "http://127.0.0.1:" + backend.actualPort(), null,
        TIMEOUT_MILLIS);
    front = await(vertx.createHttpServer().requestHandler(req -> {
      req.pause();
      proxy.handle(req, "tx-test").onComplete(ar -> {
        if (ar.failed()) SwiftErrors.send(req, ar.cause(), "tx-test");
        GatewayHandler.finishReading(req);
      });
    }).listen(0, "127.0.0.1"));
  }

  /**
   * Reads a body up to {@link #LIMIT}, then answers 413 at once and reads the rest away (Vert.x Web's body limit), or
   * with {@code close} answers "Connection: close" and closes the connection after the answer.
   */
  private static void refuseAfterLimit(HttpServerRequest req, boolean close) {
    long[] read = {0};
    req.handler(b -> {
      read[0] += b.length();
      if (read[0] > LIMIT && !req.response().headWritten()) {
        if (close) req.response().putHeader("Connection", "close");
        Future<Void> answered = req.response().setStatusCode(413).end("The request body is too large.");
        if (close) answered.onComplete(v -> req.connection().close());
      }
    });
    req.endHandler(v -> {
      if (!req.response().headWritten()) req.response().setStatusCode(201).end("stored " + read[0]);
    });
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void stripsThePrefixAndStreamsTheBodyBothWays() throws Exception {
    HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + front.actualPort() + "/image/v2/images/x/file"))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[300_000])).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode());
    assertEquals("stored 300000", r.body());
    assertEquals("end /v2/images/x/file 300000", seen.get(30, TimeUnit.SECONDS));
  }

  @Test
  void aChunkedBodyCutShortResetsTheBackendRequestInsteadOfEndingIt() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", front.actualPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /image/v2/images/x/file HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 4; i++) {
        out.write(("10000\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[65536]);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
    }
    assertEquals("reset", seen.get(30, TimeUnit.SECONDS).split(" ")[0]);
  }

  @Test
  void theServices100ContinueReachesTheClientBeforeItSendsTheBody() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", front.actualPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /image/v2/images/x/file HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII));
      assertEquals("HTTP/1.1 100 Continue", in.readLine());
      out.write("hello".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertEquals("end /v2/images/x/file 5", seen.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void anAnswerBeforeTheWholeBodyIsRelayedEveryTimeAndTheNextRequestsAreAnsweredPromptly() throws Exception {
    java.net.http.HttpClient http = http11();
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> r = http.send(post("/image/v2/limited", new byte[3_000_000]), HttpResponse.BodyHandlers.ofString());
      assertEquals(413, r.statusCode());
      assertEquals("The request body is too large.", r.body());
    }
    for (int i = 0; i < 8; i++) assertListedPromptly(http);
  }

  /**
   * A service that closes at once after its early answer leaves part of the body unread, so its kernel resets the
   * connection: the gateway's next write fails and the connection is gone, often before its answer is read (no proxy
   * can relay it then). Either way the client hears a clean 413 or 503, and nothing after it is spoilt.
   */
  @Test
  void anAnswerBeforeTheWholeBodyFromAServiceThatThenClosesSpoilsNothing() throws Exception {
    java.net.http.HttpClient http = http11();
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> r = http.send(post("/image/v2/limited/close", new byte[3_000_000]),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(r.statusCode() == 413 && r.body().equals("The request body is too large.")
          || r.statusCode() == 503 && r.body().contains("Service Unavailable"), r.statusCode() + " " + r.body());
      assertListedPromptly(http);
    }
  }

  @Test
  void aBackendThatHangsUpMidBodyIsA503WithABodyAndSpoilsNothing() throws Exception {
    java.net.http.HttpClient http = http11();
    HttpResponse<String> r = http.send(post("/image/v2/dropped", new byte[3_000_000]), HttpResponse.BodyHandlers.ofString());
    assertEquals(503, r.statusCode());
    assertTrue(r.body().contains("Service Unavailable"), r.body());
    for (int i = 0; i < 8; i++) assertListedPromptly(http);
  }

  /** A plain GET through the proxy is answered well within the proxy's timeout. */
  private void assertListedPromptly(java.net.http.HttpClient http) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/image/v2/images"))
        .timeout(Duration.ofMillis(TIMEOUT_MILLIS * 2)).build(), HttpResponse.BodyHandlers.ofString());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, r.statusCode());
    assertEquals("listed", r.body());
    assertTrue(millis < TIMEOUT_MILLIS / 2, "answered after " + millis + " ms");
  }

  private static java.net.http.HttpClient http11() {
    return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
  }

  private HttpRequest post(String path, byte[] body) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMillis(TIMEOUT_MILLIS * 2))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + front.actualPort() + path);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
