package io.stratus.objectserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Bounded concurrency: never more than N in flight, every item runs, failures do not stop the rest. */
class BoundedTest {
  @Test
  void atMostNInFlightAndAllRun() {
    List<Promise<Void>> inFlight = new ArrayList<>();
    List<Integer> started = new ArrayList<>();
    Future<Void> done = Bounded.forEach(IntStream.range(0, 7).boxed().toList(), 3, i -> {
      started.add(i);
      Promise<Void> p = Promise.promise();
      inFlight.add(p);
      return p.future();
    });
    assertEquals(List.of(0, 1, 2), started);
    inFlight.get(1).fail("boom");
    assertEquals(List.of(0, 1, 2, 3), started, "a failure frees its lane");
    while (started.size() < 7 || inFlight.stream().anyMatch(p -> !p.future().isComplete())) {
      assertFalse(done.isComplete());
      inFlight.stream().filter(p -> !p.future().isComplete()).findFirst().orElseThrow().complete();
      long running = inFlight.stream().filter(p -> !p.future().isComplete()).count();
      assertTrue(running <= 3);
    }
    assertTrue(done.succeeded());
  }

  @Test
  void emptyListCompletesAtOnce() {
    assertTrue(Bounded.forEach(List.of(), 4, i -> Future.succeededFuture()).succeeded());
  }
}
