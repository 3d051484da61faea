package io.stratus.compute.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka plumbing of compute against a real embedded broker: order per key, retries, commits, snapshots. */
class KafkaReaderIT {
  @TempDir
  static Path dir;
  private static EmbeddedKafka kafka;
  private static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().join();
    if (kafka != null) kafka.close();
  }

  @Test
  void recordsOfOneKeyAreHandledInOrderFailuresRetriedAndHandledOnesNotSeenAgain() throws Exception {
    String topic = "reader-order";
    await(KafkaTopics.ensure(vertx, kafka.bootstrapServers(), List.of(new KafkaTopics.Spec(topic, 2, false))));
    KafkaSender sender = KafkaSender.create(vertx, kafka.bootstrapServers(), "test-sender");
    for (int i = 0; i < 60; i++) await(sender.send(topic, "k" + (i % 6), Integer.toString(i)));

    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    AtomicInteger failuresLeft = new AtomicInteger(1);
    CountDownLatch all = new CountDownLatch(60);
    KafkaReader reader = KafkaReader.group(vertx, kafka.bootstrapServers(), "order-group", List.of(topic), 8, record -> {
      int value = Integer.parseInt(record.value());
      if (value == 27 && failuresLeft.getAndDecrement() > 0) return Future.failedFuture("a dependency is down");
      Promise<Void> done = Promise.promise();
      // finish out of arrival order across keys: later records of other keys may complete first
      vertx.setTimer(1 + (value * 7) % 5, t -> {
        seen.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(value);
        all.countDown();
        done.complete();
      });
      return done.future();
    });
    await(reader.start());
    assertTrue(all.await(60, TimeUnit.SECONDS), "all 60 records handled");
    for (var e : seen.entrySet()) {
      List<Integer> values = e.getValue();
      for (int i = 1; i < values.size(); i++) assertTrue(values.get(i - 1) < values.get(i), e.getKey() + " in order: " + values);
      assertEquals(10, values.size(), e.getKey() + " handled once each: " + values);
    }
    await(reader.close());

    for (int i = 60; i < 70; i++) await(sender.send(topic, "k" + (i % 6), Integer.toString(i)));
    List<Integer> again = new ArrayList<>();
    CountDownLatch ten = new CountDownLatch(10);
    KafkaReader second = KafkaReader.group(vertx, kafka.bootstrapServers(), "order-group", List.of(topic), 8, record -> {
      synchronized (again) {
        again.add(Integer.parseInt(record.value()));
      }
      ten.countDown();
      return Future.succeededFuture();
    });
    await(second.start());
    assertTrue(ten.await(60, TimeUnit.SECONDS), "the 10 new records arrive");
    await(second.close());
    synchronized (again) {
      assertTrue(again.stream().allMatch(v -> v >= 60), "committed records are not delivered again: " + again);
    }
    await(sender.close());
  }

  @Test
  void snapshotHasTheNewestValueOfEveryKeyAndNoDeletedOnes() throws Exception {
    String topic = "snapshot-state";
    await(KafkaTopics.ensure(vertx, kafka.bootstrapServers(), List.of(new KafkaTopics.Spec(topic, 1, true))));
    KafkaSender sender = KafkaSender.create(vertx, kafka.bootstrapServers(), "test-state");
    await(sender.send(topic, "a", "1"));
    await(sender.send(topic, "b", "2"));
    await(sender.send(topic, "a", "3"));
    await(sender.send(topic, "c", "4"));
    await(sender.send(topic, "b", null));
    assertEquals(Map.of("a", "3", "c", "4"), await(KafkaSnapshot.read(vertx, kafka.bootstrapServers(), topic)));
    await(sender.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
