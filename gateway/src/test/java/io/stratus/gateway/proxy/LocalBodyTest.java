package io.stratus.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.streams.WriteStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body named by a stand-in node on a real socket: opened and written whole with back-pressure, and
 * refused when the named file is missing, short, or its length is not a number.
 */
class LocalBodyTest {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client = vertx.createHttpClient();
  @TempDir
  Path dir;

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Opens the body a stand-in node names with {@code file} and {@code length}, on a Vert.x context. */
  private Future<LocalBody> named(String file, String length) throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response().putHeader("X-Backend-Body-File", file)
        .putHeader("X-Backend-Body-Length", length).end());
    int port = await(server.listen(0, "127.0.0.1")).actualPort();
    Promise<LocalBody> opened = Promise.promise();
    vertx.runOnContext(v -> client.request(HttpMethod.GET, port, "127.0.0.1", "/d1/1/a/c/o").compose(HttpClientRequest::send)
        .compose(resp -> {
          assertTrue(LocalBody.named(resp));
          return LocalBody.open(resp);
        }).onComplete(opened));
    return opened.future();
  }

  /** A stream that is full after every write until drained on a later turn of the loop. */
  private final class SlowStream implements WriteStream<Buffer> {
    final Buffer received = Buffer.buffer();
    int fullTimes;
    private boolean full;
    private Handler<Void> drain;

    @Override
    public Future<Void> write(Buffer data) {
      assertFalse(full, "written to while full");
      received.appendBuffer(data);
      full = true;
      fullTimes++;
      vertx.setTimer(1, id -> {
        full = false;
        if (drain != null) drain.handle(null);
      });
      return Future.succeededFuture();
    }

    @Override
    public boolean writeQueueFull() {
      return full;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      drain = handler;
      return this;
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }
  }

  @Test
  void theNamedFileIsWrittenWholeWaitingWhileTheStreamIsFull() throws Exception {
    byte[] body = new byte[300_000];
    new Random(1).nextBytes(body);
    Path file = dir.resolve("o.data");
    // A body file may be longer than its body (direct I/O writes whole blocks); only the body is sent.
    byte[] stored = java.util.Arrays.copyOf(body, body.length + 4096);
    Files.write(file, stored);
    LocalBody local = await(named(file.toString(), Integer.toString(body.length)));
    assertEquals(body.length, local.length());
    SlowStream out = new SlowStream();
    Promise<Void> written = Promise.promise();
    vertx.runOnContext(v -> local.writeTo(out).onComplete(written));
    await(written.future());
    assertArrayEquals(body, out.received.getBytes());
    assertEquals(5, out.fullTimes, "64 KiB pieces");
  }

  @Test
  void aMissingShortOrUnreadableNamingIsRefused() throws Exception {
    Path file = dir.resolve("short.data");
    Files.write(file, new byte[100]);
    assertRefused(named(dir.resolve("gone.data").toString(), "100"), "NoSuchFileException");
    assertRefused(named(file.toString(), "101"), "shorter than");
    assertRefused(named(file.toString(), "lots"), "body length of lots");
  }

  private static void assertRefused(Future<LocalBody> opened, String why) throws Exception {
    try {
      await(opened);
    } catch (ExecutionException e) {
      assertTrue(e.getCause().toString().contains(why), e.getCause().toString());
      return;
    }
    throw new AssertionError("opened, though " + why);
  }
}
