package io.stratus.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service proxy (here /image) in front of a real backend server: prefix stripped, bodies streamed, truncation passed on. */
class IdentityProxyTest {
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
      if (req.headers().contains("Expect", "100-continue", true)) req.response().writeContinue();
      Buffer body = Buffer.buffer();
      req.handler(body::appendBuffer);
      req.exceptionHandler(e -> seen.complete("reset " + req.path() + " " + body.length()));
      req.endHandler(v -> {
        seen.complete("end " + req.path() + " " + body.length());
        req.response().setStatusCode(201).end("stored " + body.length());
      });
    }).listen(0, "127.0.0.1"));
    client = vertx.createHttpClient();
    IdentityProxy proxy = new IdentityProxy(IdentityProxy.IMAGE_PREFIX, client, "http://127.0.0.1:" + backend.actualPort(), null,
        5000);
    front = await(vertx.createHttpServer().requestHandler(req -> {
      req.pause();
      proxy.handle(req, "tx-test");
    }).listen(0, "127.0.0.1"));
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

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
