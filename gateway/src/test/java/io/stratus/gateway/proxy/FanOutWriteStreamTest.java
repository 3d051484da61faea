package io.stratus.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FanOutWriteStreamTest {

  /** A target whose fullness the test sets. */
  static final class Target implements WriteStream<Buffer> {
    final List<String> written = new ArrayList<>();
    boolean full;
    boolean ended;
    boolean failWrites;
    Handler<Void> drain;

    void drainNow() {
      full = false;
      if (drain != null) drain.handle(null);
    }

    @Override
    public Target exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      if (failWrites) return Future.failedFuture("broken");
      written.add(data.toString());
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      ended = true;
      return Future.succeededFuture();
    }

    @Override
    public Target setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      // as Vert.x's HttpClientRequest: an ended request refuses the question
      if (ended) throw new IllegalStateException("Request already complete");
      return full;
    }

    @Override
    public Target drainHandler(Handler<Void> handler) {
      drain = handler;
      return this;
    }
  }

  @Test
  void everyTargetGetsEveryBuffer() {
    Target a = new Target();
    Target b = new Target();
    Target c = new Target();
    FanOutWriteStream fan = new FanOutWriteStream(List.of(a, b, c), 2);
    assertTrue(fan.write(Buffer.buffer("x")).succeeded());
    assertTrue(fan.write(Buffer.buffer("y")).succeeded());
    assertTrue(fan.end().succeeded());
    for (Target t : List.of(a, b, c)) {
      assertEquals(List.of("x", "y"), t.written);
      assertTrue(t.ended);
    }
  }

  @Test
  void fullWhileAnyTargetIsFullAndDrainsWhenAllHave() {
    Target a = new Target();
    Target b = new Target();
    Target c = new Target();
    FanOutWriteStream fan = new FanOutWriteStream(List.of(a, b, c), 2);
    AtomicInteger drains = new AtomicInteger();
    fan.drainHandler(v -> drains.incrementAndGet());
    a.full = true;
    b.full = true;
    assertTrue(fan.writeQueueFull());
    a.drainNow();
    assertTrue(fan.writeQueueFull(), "b is still full");
    assertEquals(0, drains.get());
    b.drainNow();
    assertFalse(fan.writeQueueFull());
    assertEquals(1, drains.get());
  }

  @Test
  void droppingTheFullTargetDrainsTheStream() {
    Target a = new Target();
    Target b = new Target();
    Target c = new Target();
    FanOutWriteStream fan = new FanOutWriteStream(List.of(a, b, c), 2);
    AtomicInteger drains = new AtomicInteger();
    fan.drainHandler(v -> drains.incrementAndGet());
    c.full = true;
    assertTrue(fan.writeQueueFull());
    fan.drop(c);
    assertFalse(fan.writeQueueFull());
    assertEquals(1, drains.get());
    fan.write(Buffer.buffer("z"));
    assertEquals(List.of(), c.written);
    assertEquals(List.of("z"), a.written);
  }

  @Test
  void failsBelowTheMinimumOfLiveTargets() {
    Target a = new Target();
    Target b = new Target();
    Target c = new Target();
    FanOutWriteStream fan = new FanOutWriteStream(List.of(a, b, c), 2);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    fan.exceptionHandler(failure::set);
    b.failWrites = true;
    assertTrue(fan.write(Buffer.buffer("1")).succeeded(), "one broken replica of three is tolerated");
    assertEquals(2, fan.live().size());
    fan.drop(a);
    assertNotNull(failure.get());
    assertTrue(fan.write(Buffer.buffer("2")).failed());
    assertTrue(fan.end().failed());
  }

  @Test
  void aReplicaAnsweringAfterTheEndIsDroppedWithoutAskingEndedTargetsAnything() {
    Target a = new Target();
    Target b = new Target();
    Target c = new Target();
    FanOutWriteStream fan = new FanOutWriteStream(List.of(a, b, c), 2);
    AtomicInteger drains = new AtomicInteger();
    fan.drainHandler(v -> drains.incrementAndGet());
    assertTrue(fan.write(Buffer.buffer("x")).succeeded());
    assertTrue(fan.end().succeeded());
    fan.drop(c); // its node answered 507 once the whole body was out
    assertEquals(List.of(a, b), fan.live());
    assertEquals(0, drains.get());
  }
}
