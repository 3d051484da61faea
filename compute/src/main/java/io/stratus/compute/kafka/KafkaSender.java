package io.stratus.compute.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends records, each acknowledged by all in-sync replicas (idempotent producer, so a retried send is not
 * written twice). {@code send} hands the record to the producer on a one-thread worker (the producer may
 * block while it learns a topic's metadata) and completes on the caller's context once the broker has it;
 * records sent in order with the same key stay in order. While the broker is away the producer retries
 * for up to two minutes before a send fails.
 */
public final class KafkaSender {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaProducer<String, String> producer;
  private final WorkerExecutor worker;

  private KafkaSender(KafkaProducer<String, String> producer, WorkerExecutor worker) {
    this.producer = producer;
    this.worker = worker;
  }

  /** A sender to the brokers at {@code bootstrapServers}; {@code clientId} names it in the broker's logs. */
  public static KafkaSender create(Vertx vertx, String bootstrapServers, String clientId) {
    KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, clientId,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 1,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
        new StringSerializer(), new StringSerializer());
    return new KafkaSender(producer, vertx.createSharedWorkerExecutor("stratus-kafka-send-" + COUNT.incrementAndGet(), 1));
  }

  /** Sends a record ({@code value} null is a tombstone on a compacted topic); completes once acknowledged. */
  public Future<Void> send(String topic, String key, String value) {
    Context context = Vertx.currentContext();
    CompletableFuture<Void> acked = new CompletableFuture<>();
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
    worker.executeBlocking(() -> producer.send(record, (metadata, error) -> {
      if (error != null) acked.completeExceptionally(error);
      else acked.complete(null);
    }), true).onFailure(acked::completeExceptionally);
    return context == null ? Future.fromCompletionStage(acked) : Future.fromCompletionStage(acked, context);
  }

  /** Waits up to a few seconds for records in flight, then closes the producer. */
  public Future<Void> close() {
    return worker.executeBlocking(() -> {
      producer.close(CLOSE_TIMEOUT);
      return null;
    }, true).eventually(worker::close).mapEmpty();
  }
}
