package io.stratus.compute.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a compacted topic from its beginning to its current end and answers the newest value of every key
 * (keys whose newest record is a tombstone are left out), in the order the keys were first written. This is
 * how a service rebuilds the state it keeps in a compacted topic when it starts.
 */
public final class KafkaSnapshot {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private KafkaSnapshot() {
  }

  /** The newest value per key of {@code topic}, read on a worker thread. */
  public static Future<Map<String, String>> read(Vertx vertx, String bootstrapServers, String topic) {
    return vertx.executeBlocking(() -> {
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
          ConsumerConfig.CLIENT_ID_CONFIG, "stratus-snapshot-" + UUID.randomUUID(),
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new StringDeserializer(), new StringDeserializer())) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos.isEmpty()) throw new IllegalStateException("topic " + topic + " has no partitions");
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        Map<String, String> values = new LinkedHashMap<>();
        while (!reached(consumer, end)) {
          if (Instant.now().isAfter(deadline)) throw new IllegalStateException("timed out reading " + topic);
          for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
            if (r.key() == null) continue;
            if (r.value() == null) values.remove(r.key());
            else values.put(r.key(), r.value());
          }
        }
        return values;
      }
    }, false);
  }

  private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) return false;
    }
    return true;
  }
}
