package io.stratus.platform.kafka;

import io.stratus.common.auth.RevocationEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries revocation events between processes over Kafka. Events published on the local event bus
 * that this node originated are produced to the topic; records from other nodes are published on the
 * local event bus (where token caches apply them). Own records are skipped and each event id is passed
 * on once, so nothing loops and a redelivered record is harmless. Every Kafka call runs off the event
 * loop: sends on a one-thread worker, polls on the {@link RevocationConsumerLoop}'s own thread; Kafka's
 * completions come back as Vert.x futures on this bridge's context.
 */
public final class KafkaRevocationBridge {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRevocationBridge.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final int SEEN_IDS = 10_000;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final Context context;
  private final String nodeId;
  private final String topic;
  private final WorkerExecutor sender;
  private volatile KafkaProducer<String, String> producer;
  private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > SEEN_IDS;
    }
  };
  private RevocationConsumerLoop consumer;
  private MessageConsumer<JsonObject> busConsumer;

  private KafkaRevocationBridge(Vertx vertx, String bootstrapServers, String topic, String nodeId) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.nodeId = nodeId;
    this.topic = topic;
    this.sender = vertx.createSharedWorkerExecutor("stratus-kafka-revocations", 1);
  }

  /**
   * Creates the topic if it is missing, starts consuming it from its end and forwarding this node's
   * events; the future completes when both directions are live.
   *
   * @param nodeId this process's id, the origin of the events it originates (identity's node id)
   */
  public static Future<KafkaRevocationBridge> start(Vertx vertx, String bootstrapServers, String topic, String nodeId) {
    KafkaRevocationBridge bridge = new KafkaRevocationBridge(vertx, bootstrapServers, topic, nodeId);
    return bridge.createTopic(bootstrapServers)
        .compose(v -> bridge.startConsumer(bootstrapServers))
        .compose(v -> bridge.listenToBus())
        .map(bridge)
        .recover(e -> bridge.close().transform(closed -> Future.failedFuture(e)));
  }

  public String topic() {
    return topic;
  }

  /** Stops both directions and closes the Kafka clients (waiting up to a few seconds for pending sends). */
  public Future<Void> close() {
    Future<Void> unregistered = busConsumer == null ? Future.succeededFuture() : busConsumer.unregister();
    return unregistered.eventually(() -> sender.executeBlocking(() -> {
      if (consumer != null) consumer.close(CLOSE_TIMEOUT);
      if (producer != null) producer.close(CLOSE_TIMEOUT);
      return null;
    }, false)).eventually(() -> {
      sender.close();
      return Future.succeededFuture();
    }).mapEmpty();
  }

  /** Creates the producer and, unless it exists, the topic (both may block, so on the worker). */
  private Future<Void> createTopic(String bootstrapServers) {
    return sender.executeBlocking(() -> {
      producer = new KafkaProducer<>(producerConfig(bootstrapServers, nodeId), new StringSerializer(), new StringSerializer());
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
          AdminClientConfig.CLIENT_ID_CONFIG, "stratus-revocations-admin-" + nodeId))) {
        // one partition keeps the events in order; the replication factor is the broker's default
        NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty());
        try {
          admin.createTopics(List.of(newTopic)).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
      }
      return null;
    }, false);
  }

  private Future<Void> startConsumer(String bootstrapServers) {
    consumer = new RevocationConsumerLoop(bootstrapServers, topic, nodeId, this::fromKafka);
    return Future.fromCompletionStage(consumer.start(), context);
  }

  private Future<Void> listenToBus() {
    Promise<Void> registered = Promise.promise();
    context.runOnContext(v -> {
      busConsumer = vertx.eventBus().localConsumer(RevocationEvent.ADDRESS, this::fromBus);
      busConsumer.completion().onComplete(registered);
    });
    return registered.future();
  }

  /** A local event: produced if this node originated it and it was not passed on yet. */
  private void fromBus(Message<JsonObject> message) {
    RevocationEvent event;
    try {
      event = RevocationEvent.fromJson(message.body());
    } catch (IllegalArgumentException | ClassCastException e) {
      return;
    }
    if (!nodeId.equals(event.origin()) || !firstSighting(event.id())) return;
    produce(event).onFailure(e -> LOG.warn("Could not send revocation {} to Kafka topic {}: {}", event.id(), topic, e.getMessage()));
  }

  private Future<RecordMetadata> produce(RevocationEvent event) {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.id(), event.toJson().encode());
    return sender.<CompletableFuture<RecordMetadata>>executeBlocking(() -> {
      CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
      producer.send(record, (metadata, error) -> {
        if (error != null) sent.completeExceptionally(error);
        else sent.complete(metadata);
      });
      return sent;
    }, true).compose(sent -> Future.fromCompletionStage(sent, context));
  }

  /** A record from the topic (on the consumer's thread): published locally if another node originated it. */
  private void fromKafka(String value) {
    RevocationEvent event;
    try {
      event = RevocationEvent.fromJson(new JsonObject(value));
    } catch (IllegalArgumentException | DecodeException e) {
      LOG.warn("Ignoring a malformed record on {}: {}", topic, e.getMessage());
      return;
    }
    if (nodeId.equals(event.origin()) || !firstSighting(event.id())) return;
    context.runOnContext(v -> vertx.eventBus().publish(RevocationEvent.ADDRESS, event.toJson(), LOCAL));
  }

  private boolean firstSighting(String eventId) {
    synchronized (seen) {
      return seen.put(eventId, Boolean.TRUE) == null;
    }
  }

  private static Map<String, Object> producerConfig(String bootstrapServers, String nodeId) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, "stratus-revocations-" + nodeId,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.BUFFER_MEMORY_CONFIG, 1024 * 1024,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
  }
}
