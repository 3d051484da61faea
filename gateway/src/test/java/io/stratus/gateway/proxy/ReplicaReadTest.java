package io.stratus.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.http.LocalSockets;
import io.stratus.ring.Device;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A read whose node fails part way through the body, against stand-in storage nodes on real sockets
 * (each serving one object with Range, some closing the connection or falling silent after a number
 * of bytes, some holding another version): the body goes on from the next replica at the byte
 * reached (after the node timeout for a silent node) and nothing the broken answer still held goes
 * out after it, passes over other versions, stays within the client's range, and fails rather than
 * splice when no replica has the same copy; a client that holds the stream longer than the node
 * timeout is waited for; a failure of the client is not resumed.
 */
class ReplicaReadTest {
  private static final byte[] DATA = data();
  private static final String ETAG = "\"0123456789abcdef0123456789abcdef\"";
  private static final long NODE_TIMEOUT_MILLIS = 1000;
  private final Vertx vertx = Vertx.vertx();
  private final List<StandIn> nodes = new ArrayList<>();
  private final ErrorLimiter limiter = new ErrorLimiter(Clock.systemUTC(), 10, Duration.ofSeconds(60));
  private final HttpClient client = vertx.createHttpClient();
  private final Backend backend = new Backend(client, limiter, 1000, NODE_TIMEOUT_MILLIS, LocalSockets.none());

  /** A stand-in storage node: serves {@link #DATA} as {@code etag}, closing after {@code cutAfter} bytes (-1: never). */
  private final class StandIn {
    final Queue<String> ranges = new ConcurrentLinkedQueue<>();
    final Device device;
    /** After {@code cutAfter} bytes the node falls silent rather than close its connection. */
    volatile boolean silent;
    /** Runs when a request arrives. */
    volatile Runnable onRequest = () -> { };

    StandIn(int id, long cutAfter, String etag) throws Exception {
      HttpServer server = vertx.createHttpServer().requestHandler(req -> serve(req, cutAfter, etag));
      int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
      device = Device.of(id, 1, id + 1, "127.0.0.1", port, "d" + id, 100);
    }

    private void serve(HttpServerRequest req, long cutAfter, String etag) {
      String range = req.getHeader("Range");
      ranges.add(range == null ? "none" : range);
      onRequest.run();
      int start = 0;
      int end = DATA.length - 1;
      HttpServerResponse resp = req.response().putHeader("ETag", etag).putHeader("X-Backend-Timestamp", "1700000000.00000");
      if (range != null) {
        String[] bounds = range.substring("bytes=".length()).split("-", -1);
        start = Integer.parseInt(bounds[0]);
        if (!bounds[1].isEmpty()) end = Integer.parseInt(bounds[1]);
        resp.setStatusCode(206).putHeader("Content-Range", "bytes " + start + "-" + end + "/" + DATA.length);
      }
      resp.putHeader("Content-Length", Integer.toString(end - start + 1));
      if (cutAfter < 0) {
        resp.end(Buffer.buffer(Arrays.copyOfRange(DATA, start, end + 1)));
        return;
      }
      Future<Void> written = resp.write(Buffer.buffer(Arrays.copyOfRange(DATA, start, start + (int) cutAfter)));
      if (!silent) written.onComplete(ar -> req.connection().close());
    }
  }

  /** What the client got: every byte, or a failure from the first write on; it may stay full until drained. */
  private static final class Sink implements WriteStream<Buffer> {
    final Buffer received = Buffer.buffer();
    boolean failWrites;
    volatile boolean full;
    private volatile Handler<Void> drain;
    private volatile Context context;

    @Override
    public Sink exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      context = Vertx.currentContext();
      if (failWrites) return Future.failedFuture("the client went away");
      received.appendBuffer(data);
      return Future.succeededFuture();
    }

    /** The client reads again: the writer's drain handler runs on its context. */
    void drainNow() {
      full = false;
      context.runOnContext(v -> drain.handle(null));
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public Sink setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return full;
    }

    @Override
    public Sink drainHandler(Handler<Void> handler) {
      drain = handler;
      return this;
    }
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static byte[] data() {
    byte[] d = new byte[1_048_576 + 12_345];
    new Random(11).nextBytes(d);
    return d;
  }

  private void standIns(long firstCut, String... others) throws Exception {
    nodes.add(new StandIn(0, firstCut, ETAG));
    for (String spec : others) {
      boolean cut = spec.startsWith("cut:");
      nodes.add(new StandIn(nodes.size(), cut ? Long.parseLong(spec.substring(4)) : -1, cut ? ETAG : spec));
    }
  }

  private ReplicaRead read() {
    List<Device> devices = nodes.stream().map(n -> n.device).toList();
    return new ReplicaRead(backend, () -> new NodeIter(0, devices, Collections.emptyIterator(), limiter, 6), 3,
        (node, range) -> {
          MultiMap h = MultiMap.caseInsensitiveMultiMap();
          if (range != null) h.add("Range", range);
          return backend.options(HttpMethod.GET, node, "/" + node.device().name() + "/0/a/c/o", h, true);
        });
  }

  /** Reads with {@code range} and pipes the answer into {@code sink}. */
  private void get(ReplicaRead read, String range, Sink sink) throws Exception {
    read.read(range).compose(result -> {
      result.response().pause();
      return read.pipe(result.response(), sink);
    }).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "node falls silent: {0}")
  @ValueSource(booleans = {false, true})
  void theBodyGoesOnFromTheNextReplicaAtTheByteReachedWhenTheNodeClosesOrFallsSilent(boolean silent) throws Exception {
    standIns(300_000, ETAG);
    nodes.get(0).silent = silent;
    Sink sink = new Sink();
    get(read(), null, sink);
    assertArrayEquals(DATA, sink.received.getBytes());
    assertEquals(List.of("bytes=300000-" + (DATA.length - 1)), List.copyOf(nodes.get(1).ranges));
    assertEquals(1L, limiter.errorCounts().get("127.0.0.1:" + nodes.get(0).device.port() + "/d0"));
  }

  @Test
  void anotherVersionIsPassedOverAndNodesMayFailMoreThanOnce() throws Exception {
    standIns(300_000, "\"another-version\"", "cut:200000", ETAG);
    Sink sink = new Sink();
    get(read(), null, sink);
    assertArrayEquals(DATA, sink.received.getBytes());
    assertEquals(List.of("bytes=300000-" + (DATA.length - 1)), List.copyOf(nodes.get(1).ranges));
    assertEquals(List.of("bytes=300000-" + (DATA.length - 1)), List.copyOf(nodes.get(2).ranges));
    assertEquals(List.of("bytes=500000-" + (DATA.length - 1)), List.copyOf(nodes.get(3).ranges));
  }

  @Test
  void aRangeGoesOnWithinTheRange() throws Exception {
    standIns(100_000, ETAG);
    Sink sink = new Sink();
    get(read(), "bytes=1000-600000", sink);
    assertArrayEquals(Arrays.copyOfRange(DATA, 1000, 600_001), sink.received.getBytes());
    assertEquals(List.of("bytes=101000-600000"), List.copyOf(nodes.get(1).ranges));
  }

  @Test
  void withNoReplicaHoldingTheSameCopyTheBodyFails() throws Exception {
    standIns(300_000, "\"another-version\"", "\"yet-another\"");
    Sink sink = new Sink();
    ExecutionException e = assertThrows(ExecutionException.class, () -> get(read(), null, sink));
    assertTrue(sink.received.length() == 300_000, e.toString());
  }

  @Test
  void aClientHoldingTheStreamLongerThanTheNodeTimeoutIsNotCutOff() throws Exception {
    standIns(-1, ETAG);
    Sink sink = new Sink();
    sink.full = true;
    vertx.setTimer(NODE_TIMEOUT_MILLIS * 5 / 2, id -> sink.drainNow());
    get(read(), null, sink);
    assertArrayEquals(DATA, sink.received.getBytes());
    assertTrue(nodes.get(1).ranges.isEmpty(), "the first node's stream went on");
    assertTrue(limiter.errorCounts().isEmpty(), "no node is blamed: " + limiter.errorCounts());
  }

  @Test
  void bytesTheBrokenNodeLeftBehindAreNotSentOnceTheNextReplicaIsAsked() throws Exception {
    standIns(100_000, ETAG);
    Sink sink = new Sink();
    sink.full = true;
    // The client reads again while the second replica is being asked: what the first node's answer
    // still held must not reach it then, or the second replica's bytes would repeat them.
    nodes.get(1).onRequest = sink::drainNow;
    get(read(), null, sink);
    assertArrayEquals(DATA, sink.received.getBytes());
  }

  @Test
  void aFailureOfTheClientIsNotResumed() throws Exception {
    standIns(300_000, ETAG);
    Sink sink = new Sink();
    sink.failWrites = true;
    assertThrows(ExecutionException.class, () -> get(read(), null, sink));
    assertTrue(nodes.get(1).ranges.isEmpty(), "the second replica was not asked");
  }
}
