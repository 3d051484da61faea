package io.stratus.platform.kafka;

import io.stratus.common.auth.RevocationEvent;
import io.stratus.compute.kafka.KafkaReader;
import io.stratus.compute.kafka.KafkaSender;
import io.stratus.compute.kafka.KafkaTopics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries revocation events between processes over Kafka. Events published on the local event bus
 * that this node originated are produced to the topic; records from other nodes are published on the
 * local event bus (where token caches apply them). Own records are skipped and each event id is passed
 * on once, so nothing loops and a redelivered record is harmless. Every Kafka call runs off the event
 * loop, through compute's Kafka pieces: a {@link KafkaSender} and a {@link KafkaReader} over every partition
 * from its end (a process that starts has an empty cache, so older revocations do not concern it).
 */
public final class KafkaRevocationBridge {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRevocationBridge.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final int SEEN_IDS = 10_000;

  private final Vertx vertx;
  private final Context context;
  private final String nodeId;
  private final String topic;
  private KafkaSender sender;
  private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > SEEN_IDS;
    }
  };
  private KafkaReader consumer;
  private MessageConsumer<JsonObject> busConsumer;

  private KafkaRevocationBridge(Vertx vertx, String bootstrapServers, String topic, String nodeId) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.nodeId = nodeId;
    this.topic = topic;
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
    return unregistered
        .eventually(() -> consumer == null ? Future.succeededFuture() : consumer.close())
        .eventually(() -> sender == null ? Future.succeededFuture() : sender.close())
        .mapEmpty();
  }

  /** Creates the producer and, unless it exists, the topic: one partition keeps the events in order. */
  private Future<Void> createTopic(String bootstrapServers) {
    sender = KafkaSender.create(vertx, bootstrapServers, "stratus-revocations-" + nodeId);
    return KafkaTopics.ensure(vertx, bootstrapServers, List.of(new KafkaTopics.Spec(topic, 1, false)));
  }

  private Future<Void> startConsumer(String bootstrapServers) {
    consumer = KafkaReader.all(vertx, bootstrapServers, topic, false, 64, record -> {
      if (record.value() != null) fromKafka(record.value());
      return Future.succeededFuture();
    });
    return consumer.start();
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

  private Future<Void> produce(RevocationEvent event) {
    return sender.send(topic, event.id(), event.toJson().encode());
  }

  /** A record from the topic: published locally if another node originated it. */
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
}
