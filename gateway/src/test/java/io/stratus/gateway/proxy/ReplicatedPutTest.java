package io.stratus.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratus.common.http.LocalSockets;
import io.stratus.ring.Device;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.WriteStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replicated PUT whose node dies during the upload, against stand-in storage nodes on real
 * sockets: a node that closes its connection part way through the body, or after the whole body
 * without answering, costs its replica only; the write still answers with the quorum's 201s. The
 * answers of nodes that took the body quickly are kept while a slow node still reads it.
 */
class ReplicatedPutTest {
  private static final int CHUNKS = 64;
  private static final int CHUNK = 16 * 1024;
  private final Vertx vertx = Vertx.vertx();
  private final ErrorLimiter limiter = new ErrorLimiter(Clock.systemUTC(), 10, Duration.ofSeconds(60));
  private final Backend backend = new Backend(vertx.createHttpClient(), limiter, 1000, 5000, LocalSockets.none());

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A stand-in node: answers 201 to the whole body, or closes its connection after {@code closeAfter} bytes (-1: never). */
  private Device standIn(int id, long closeAfter) throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(req -> receive(req, closeAfter));
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    return Device.of(id, 1, id + 1, "127.0.0.1", port, "d" + id, 100);
  }

  private static void receive(HttpServerRequest req, long closeAfter) {
    AtomicLong received = new AtomicLong();
    req.handler(chunk -> {
      if (closeAfter >= 0 && received.addAndGet(chunk.length()) >= closeAfter) req.connection().close();
    });
    req.endHandler(v -> {
      if (closeAfter < 0) req.response().setStatusCode(201).end();
    });
  }

  /** A stand-in node that reads nothing of the body for {@code millis}, then all of it, and answers 201. */
  private Device slowReader(int id, long millis) throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      req.pause();
      vertx.setTimer(millis, t -> {
        receive(req, -1);
        req.resume();
      });
    });
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    return Device.of(id, 1, id + 1, "127.0.0.1", port, "d" + id, 100);
  }

  private List<Integer> upload(List<Device> devices) throws Exception {
    return upload(devices, CHUNKS);
  }

  /** Uploads {@code chunks} chunks to the devices' stand-ins; the replicas' statuses, sorted. */
  private List<Integer> upload(List<Device> devices, int chunks) throws Exception {
    NodeIter nodes = new NodeIter(0, devices, Collections.emptyIterator(), limiter, 3);
    long length = (long) chunks * CHUNK;
    ReplicatedPut put = new ReplicatedPut(backend, nodes, 3, length,
        (slot, node) -> backend.options(HttpMethod.PUT, node, "/" + node.device().name() + "/0/a/c/o",
            MultiMap.caseInsensitiveMultiMap(), false));
    return put.open().compose(opened -> put.stream(opened, out -> write(out, chunks)))
        .map(uploaded -> uploaded.replies().stream().map(BackendReply::status).sorted().toList())
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** Writes the body, one chunk after the other, without waiting for the replicas to drain. */
  private static Future<Void> write(WriteStream<Buffer> out, int chunks) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < chunks; i++) {
      chain = chain.compose(v -> out.write(Buffer.buffer(new byte[CHUNK])));
    }
    return chain;
  }

  @Test
  void answersOfFastNodesAreKeptWhileASlowNodeStillReadsTheBody() throws Exception {
    // 32 MiB: far more than the socket buffers hold, so the slow node's end of the body waits for it.
    List<Device> devices = new ArrayList<>(List.of(standIn(0, -1), standIn(1, -1), slowReader(2, 2000)));
    assertEquals(List.of(201, 201, 201), upload(devices, 2048));
  }

  @Test
  void aNodeClosingPartWayThroughTheBodyCostsItsReplicaOnly() throws Exception {
    List<Device> devices = new ArrayList<>(List.of(standIn(0, 100_000), standIn(1, -1), standIn(2, -1)));
    assertEquals(List.of(201, 201, 503), upload(devices));
  }

  @Test
  void aNodeClosingAfterTheWholeBodyWithoutAnsweringCostsItsReplicaOnly() throws Exception {
    long whole = (long) CHUNKS * CHUNK + BodyFooter.LENGTH;
    List<Device> devices = new ArrayList<>(List.of(standIn(0, whole), standIn(1, -1), standIn(2, -1)));
    assertEquals(List.of(201, 201, 503), upload(devices));
  }
}
