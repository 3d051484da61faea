package io.stratus.compute.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads topics on a thread of its own (a Kafka consumer is single-threaded) and hands each record to a
 * handler on a Vert.x context. Records with the same key are handled one after another, in order; records
 * with different keys run concurrently, up to {@code maxInFlight} (then the partitions are paused). In a
 * consumer group, an offset is committed only once every record before it was handled (at-least-once:
 * after a crash the unfinished records come again, so handlers must be idempotent). A handler whose future
 * fails is retried with a growing delay, so a record is never skipped because a dependency was briefly down.
 */
public final class KafkaReader {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaReader.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration ASSIGN_TIMEOUT = Duration.ofSeconds(30);
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  /** Handles one record; the future completes when it is done (and may then be committed). */
  @FunctionalInterface
  public interface Handler {
    Future<Void> handle(BusRecord record);
  }

  private final Vertx vertx;
  private final Context context;
  private final KafkaConsumer<String, String> consumer;
  private final String groupId;
  private final List<String> topics;
  private final boolean fromBeginning;
  private final Handler handler;
  private final int maxInFlight;
  private final Thread thread;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Map<TopicPartition, ConcurrentSkipListMap<Long, Boolean>> pending = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final KeyedQueue queue = new KeyedQueue();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean running = true;

  private KafkaReader(Vertx vertx, String bootstrapServers, String groupId, List<String> topics, boolean fromBeginning,
      Handler handler, int maxInFlight) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.groupId = groupId;
    this.topics = List.copyOf(topics);
    this.fromBeginning = fromBeginning;
    this.handler = handler;
    this.maxInFlight = maxInFlight;
    Map<String, Object> config = new HashMap<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, "stratus-compute-" + (groupId == null ? "reader" : groupId) + "-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, maxInFlight)));
    if (groupId != null) config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    this.thread = new Thread(this::run, "stratus-kafka-" + (groupId == null ? String.join(",", topics) : groupId));
    this.thread.setDaemon(true);
  }

  /**
   * A member of consumer group {@code groupId} reading {@code topics} from the group's committed offsets
   * (from the start for a new group), committing as records are handled.
   */
  public static KafkaReader group(Vertx vertx, String bootstrapServers, String groupId, List<String> topics, int maxInFlight,
      Handler handler) {
    return new KafkaReader(vertx, bootstrapServers, groupId, topics, true, handler, maxInFlight);
  }

  /** Reads every partition of {@code topic} without a group, from its beginning or from its end; commits nothing. */
  public static KafkaReader all(Vertx vertx, String bootstrapServers, String topic, boolean fromBeginning, int maxInFlight,
      Handler handler) {
    return new KafkaReader(vertx, bootstrapServers, null, List.of(topic), fromBeginning, handler, maxInFlight);
  }

  /** Starts reading; completes when the consumer has subscribed (group) or is positioned (no group). */
  public Future<Void> start() {
    thread.start();
    return Future.fromCompletionStage(started, context);
  }

  /** Stops reading, commits what was handled and closes the consumer (records still in flight come again later). */
  public Future<Void> close() {
    running = false;
    consumer.wakeup();
    return Future.fromCompletionStage(stopped, context);
  }

  private void run() {
    try {
      if (groupId != null) {
        consumer.subscribe(topics, new Rebalance());
      } else {
        assignAll();
      }
      started.complete(null);
      List<TopicPartition> paused = new ArrayList<>();
      while (running) {
        for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (groupId != null) pending.computeIfAbsent(tp, p -> new ConcurrentSkipListMap<>()).put(r.offset(), Boolean.FALSE);
          inFlight.incrementAndGet();
          BusRecord record = new BusRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.timestamp());
          context.runOnContext(v -> dispatch(tp, record));
        }
        commitHandled(false);
        if (inFlight.get() >= maxInFlight && paused.isEmpty()) {
          paused.addAll(consumer.assignment());
          consumer.pause(paused);
        } else if (inFlight.get() < maxInFlight && !paused.isEmpty()) {
          consumer.resume(paused.stream().filter(consumer.assignment()::contains).toList());
          paused.clear();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("The Kafka reader of {} stopped", topics, e);
      started.completeExceptionally(e);
    } finally {
      try {
        commitHandled(true);
      } catch (RuntimeException e) {
        LOG.warn("Could not commit the offsets of {} on close: {}", topics, e.getMessage());
      }
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
      stopped.complete(null);
    }
  }

  /** On the context: the record runs after the one before it with the same key. */
  private void dispatch(TopicPartition tp, BusRecord record) {
    Future<Void> mine = record.key() == null ? attempt(record, 0) : queue.run(record.key(), () -> attempt(record, 0));
    mine.onComplete(done -> {
      ConcurrentSkipListMap<Long, Boolean> offsets = pending.get(tp);
      if (offsets != null) offsets.replace(record.offset(), Boolean.TRUE);
      inFlight.decrementAndGet();
    });
  }

  private Future<Void> attempt(BusRecord record, int failures) {
    Future<Void> handled;
    try {
      handled = handler.handle(record);
    } catch (RuntimeException e) {
      handled = Future.failedFuture(e);
    }
    return handled.recover(e -> {
      if (!running) return Future.failedFuture(e);
      long delay = Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(failures, 16));
      LOG.warn("Handling {}@{} of {} failed ({}); retrying in {} ms", record.key(), record.offset(), record.topic(),
          e.getMessage(), delay);
      Promise<Void> retried = Promise.promise();
      vertx.setTimer(delay, t -> attempt(record, failures + 1).onComplete(retried));
      return retried.future();
    });
  }

  /** Commits, per partition, the offset of the first record not yet handled (all handled: the one after the last). */
  private void commitHandled(boolean sync) {
    if (groupId == null) return;
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (var entry : pending.entrySet()) {
      ConcurrentSkipListMap<Long, Boolean> records = entry.getValue();
      Long next = null;
      while (!records.isEmpty()) {
        var first = records.firstEntry();
        if (!first.getValue()) {
          next = first.getKey();
          break;
        }
        next = first.getKey() + 1;
        records.pollFirstEntry();
      }
      if (next != null && !next.equals(committed.get(entry.getKey()))) {
        offsets.put(entry.getKey(), new OffsetAndMetadata(next));
        committed.put(entry.getKey(), next);
      }
    }
    if (offsets.isEmpty()) return;
    if (sync) {
      consumer.commitSync(offsets);
    } else {
      consumer.commitAsync(offsets, (done, error) -> {
        if (error != null) LOG.debug("Offset commit for {} failed: {}", topics, error.getMessage());
      });
    }
  }

  private void assignAll() {
    Instant deadline = Instant.now().plus(ASSIGN_TIMEOUT);
    List<TopicPartition> assignment = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, ASSIGN_TIMEOUT);
      while (partitions.isEmpty() && running && Instant.now().isBefore(deadline)) partitions = consumer.partitionsFor(topic, POLL);
      if (partitions.isEmpty()) throw new IllegalStateException("topic " + topic + " has no partitions");
      partitions.forEach(p -> assignment.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(assignment);
    if (fromBeginning) consumer.seekToBeginning(assignment);
    else consumer.seekToEnd(assignment);
    for (TopicPartition p : assignment) consumer.position(p, ASSIGN_TIMEOUT);
  }

  /** Commits what was handled before partitions go to another member; what is still in flight comes again there. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      try {
        commitHandled(true);
      } catch (RuntimeException e) {
        LOG.warn("Could not commit the offsets of {} before a rebalance: {}", partitions, e.getMessage());
      }
      partitions.forEach(p -> {
        pending.remove(p);
        committed.remove(p);
      });
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      // positions come from the group's committed offsets
    }
  }
}
