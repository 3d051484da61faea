package io.stratus.platform.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consuming half of the revocation bridge, on a thread of its own (a Kafka consumer is
 * single-threaded): it takes every partition of the topic without a consumer group, starts at their
 * ends (a process that starts has an empty cache, so older revocations do not concern it), and hands
 * each record's value to the sink. It survives broker restarts; the client reconnects by itself.
 */
final class RevocationConsumerLoop {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationConsumerLoop.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration ASSIGN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaConsumer<String, String> consumer;
  private final String topic;
  private final Consumer<String> sink;
  private final Thread thread;
  private final CompletableFuture<Void> assigned = new CompletableFuture<>();
  private volatile boolean running = true;

  RevocationConsumerLoop(String bootstrapServers, String topic, String nodeId, Consumer<String> sink) {
    this.topic = topic;
    this.sink = sink;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, "stratus-revocations-" + nodeId + "-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
        new StringDeserializer(), new StringDeserializer());
    this.thread = new Thread(this::run, "stratus-kafka-revocations-consumer");
    this.thread.setDaemon(true);
  }

  /** Starts the thread; the stage completes when the partitions are assigned and positioned at their ends. */
  CompletionStage<Void> start() {
    thread.start();
    return assigned;
  }

  /** Stops polling and closes the consumer, waiting up to the timeout (called off the event loop). */
  void close(Duration timeout) throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(timeout.toMillis());
  }

  private void run() {
    try {
      assignAtEnd();
      assigned.complete(null);
      while (running) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          if (record.value() != null) sink.accept(record.value());
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("The revocation consumer of {} stopped", topic, e);
      assigned.completeExceptionally(e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
  }

  private void assignAtEnd() {
    Instant deadline = Instant.now().plus(ASSIGN_TIMEOUT);
    List<PartitionInfo> partitions = consumer.partitionsFor(topic, ASSIGN_TIMEOUT);
    while (partitions.isEmpty() && running && Instant.now().isBefore(deadline)) {
      partitions = consumer.partitionsFor(topic, POLL);
    }
    if (partitions.isEmpty()) throw new IllegalStateException("topic " + topic + " has no partitions");
    List<TopicPartition> assignment = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(assignment);
    consumer.seekToEnd(assignment);
    for (TopicPartition p : assignment) consumer.position(p, ASSIGN_TIMEOUT);
  }
}
