package io.stratus.identity.token;

import io.stratus.identity.store.IdentityStore;
import io.stratus.identity.store.Mutation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the token key ring in the store and rotates it: a new primary key once the current one is
 * older than the rotation interval; the previous keys stay (up to maxKeys) so tokens they sealed still
 * validate until they expire.
 */
public final class TokenKeyManager {
  private static final Logger LOG = LoggerFactory.getLogger(TokenKeyManager.class);

  private final IdentityStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration rotationInterval;
  private final int maxKeys;
  private volatile KeyRing ring;

  private TokenKeyManager(IdentityStore store, Clock clock, SecureRandom random, Duration rotationInterval, int maxKeys, KeyRing ring) {
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.rotationInterval = rotationInterval;
    this.maxKeys = maxKeys;
    this.ring = ring;
  }

  /** Loads the stored keys, creating the first key on a new store. */
  public static Future<TokenKeyManager> load(IdentityStore store, Clock clock, SecureRandom random, Duration rotationInterval, int maxKeys) {
    return store.tokenKeys().compose(stored -> {
      List<TokenKey> keys = new ArrayList<>();
      for (byte[] bytes : stored) keys.add(TokenKey.fromJson(new JsonObject(Buffer.buffer(bytes))));
      if (!keys.isEmpty()) {
        return Future.succeededFuture(new TokenKeyManager(store, clock, random, rotationInterval, maxKeys, new KeyRing(keys)));
      }
      TokenKey first = KeyRing.newKey(random, 1, clock.instant());
      return store.replaceTokenKeys(List.of(put(first)))
          .map(v -> new TokenKeyManager(store, clock, random, rotationInterval, maxKeys, new KeyRing(List.of(first))));
    });
  }

  public KeyRing ring() {
    return ring;
  }

  /** Rotates if the primary key is due; answers whether it did. */
  public Future<Boolean> rotateIfDue() {
    if (clock.instant().isBefore(ring.primary().createdAt().plus(rotationInterval))) return Future.succeededFuture(false);
    return rotate().map(true);
  }

  /** Makes a new primary key now, persisting it before any token is sealed with it. */
  public synchronized Future<Void> rotate() {
    KeyRing current = ring;
    KeyRing next = current.rotate(random, clock.instant(), maxKeys);
    List<Mutation> changes = new ArrayList<>();
    changes.add(put(next.primary()));
    for (TokenKey old : current.keys()) {
      if (next.find(old.id()) == null) changes.add(Mutation.delete(IdentityStore.tokenKeyName(old.id())));
    }
    return store.replaceTokenKeys(changes).map(v -> {
      ring = next;
      LOG.info("Rotated token keys: primary key is now {}, {} keys kept", next.primary().id(), next.keys().size());
      return null;
    });
  }

  private static Mutation put(TokenKey key) {
    return Mutation.put(IdentityStore.tokenKeyName(key.id()), key.toJson().toBuffer().getBytes());
  }
}
