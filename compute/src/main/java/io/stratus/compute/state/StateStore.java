package io.stratus.compute.state;

import io.stratus.compute.kafka.KafkaSender;
import io.stratus.compute.kafka.KafkaSnapshot;
import io.stratus.compute.kafka.KeyedQueue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * compute-api's records (instances, flavors, key pairs, quotas) kept in the compacted state topic, keyed
 * {@code kind/id}, with the newest value of each key in memory. A change is written to Kafka first and becomes
 * visible here only once the broker acknowledged it, so an answer never reports what a restart would lose.
 * Changes to one key run one after another (each sees the one before), changes to different keys concurrently.
 */
public final class StateStore {
  private final KafkaSender sender;
  private final String topic;
  private final Map<String, JsonObject> values = new ConcurrentHashMap<>();
  /** key → the last change queued for it; guarded by this. */
  private final KeyedQueue queue = new KeyedQueue();

  StateStore(KafkaSender sender, String topic, Map<String, String> initial) {
    this.sender = sender;
    this.topic = topic;
    initial.forEach((k, v) -> values.put(k, new JsonObject(v)));
  }

  /** The store with what the topic holds now. */
  public static Future<StateStore> load(Vertx vertx, String bootstrap, String topic, KafkaSender sender) {
    return KafkaSnapshot.read(vertx, bootstrap, topic).map(snapshot -> new StateStore(sender, topic, snapshot));
  }

  /** A copy of the key's value, or null. */
  public JsonObject get(String key) {
    JsonObject v = values.get(key);
    return v == null ? null : v.copy();
  }

  /** Copies of every value whose key starts with the prefix. */
  public List<JsonObject> values(String prefix) {
    List<JsonObject> out = new ArrayList<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) out.add(v.copy());
    });
    return out;
  }

  /** Writes the value (null: deletes the key) after the key's earlier changes. */
  public Future<JsonObject> put(String key, JsonObject value) {
    return update(key, current -> value);
  }

  /**
   * Changes the key's value: {@code change} gets a copy of the current value (null if none), which it may modify,
   * and answers the new one, or null to delete the key; a value equal to the stored one is not written again.
   * An exception from {@code change} fails the future and writes nothing. Answers the value now stored.
   */
  public Future<JsonObject> update(String key, UnaryOperator<JsonObject> change) {
    return update(key, change, Future::succeededFuture);
  }

  /**
   * Like {@link #update(String, UnaryOperator)}, then runs {@code after} with the stored value before the key's
   * next change may start (e.g. sending a command that must leave in the order of the records).
   */
  public <T> Future<T> update(String key, UnaryOperator<JsonObject> change, Function<JsonObject, Future<T>> after) {
    return inTurn(key, () -> {
      JsonObject stored = values.get(key);
      JsonObject next = change.apply(stored == null ? null : stored.copy());
      Future<JsonObject> written = next != null && next.equals(stored) ? Future.succeededFuture(next) : write(key, next);
      return written.compose(after);
    });
  }

  private Future<JsonObject> write(String key, JsonObject value) {
    if (value == null && !values.containsKey(key)) return Future.succeededFuture(null);
    JsonObject stored = value == null ? null : value.copy();
    return sender.send(topic, key, stored == null ? null : stored.encode()).map(v -> {
      if (stored == null) values.remove(key);
      else values.put(key, stored);
      return stored == null ? null : stored.copy();
    });
  }

  private <T> Future<T> inTurn(String key, Supplier<Future<T>> work) {
    return queue.run(key, work);
  }
}
