package io.stratus.common.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a token cache honest: applies every revocation event published on this Vert.x instance's
 * event bus ({@link RevocationEvent#ADDRESS}) to the cache, removing the validations it matches at once.
 * Events get onto the bus from identity itself (same process), the Kafka bridge (other processes), or a
 * {@link RevocationPoller} (other processes without Kafka). Applying an event twice is harmless.
 */
public final class RevocationListener {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationListener.class);

  private final CachingTokenValidator cache;
  private final MessageConsumer<JsonObject> consumer;
  private volatile BiConsumer<RevocationEvent, Integer> onApplied = (event, removed) -> { };

  private RevocationListener(Vertx vertx, CachingTokenValidator cache) {
    this.cache = cache;
    this.consumer = vertx.eventBus().localConsumer(RevocationEvent.ADDRESS, this::handle);
  }

  /** Subscribes the cache; the future completes once the subscription is in place. */
  public static Future<RevocationListener> start(Vertx vertx, CachingTokenValidator cache) {
    RevocationListener listener = new RevocationListener(vertx, cache);
    return listener.consumer.completion().map(listener);
  }

  /** Called (on the event loop) after each event was applied, with how many cached validations it removed. */
  public RevocationListener onApplied(BiConsumer<RevocationEvent, Integer> hook) {
    this.onApplied = hook;
    return this;
  }

  /** Removes the validations the event matches; answers how many. */
  public int apply(RevocationEvent event) {
    int removed = cache.invalidateMatching(event::matches);
    LOG.debug("Revocation {} {} from {} removed {} cached token(s)", event.kind().jsonName(), event.id(), event.origin(), removed);
    onApplied.accept(event, removed);
    return removed;
  }

  public Future<Void> close() {
    return consumer.unregister();
  }

  private void handle(Message<JsonObject> message) {
    RevocationEvent event;
    try {
      event = RevocationEvent.fromJson(message.body());
    } catch (IllegalArgumentException | ClassCastException e) {
      LOG.warn("Ignoring a malformed revocation event: {}", e.getMessage());
      return;
    }
    apply(event);
  }
}
