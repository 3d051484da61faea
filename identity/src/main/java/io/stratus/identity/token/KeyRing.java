package io.stratus.identity.token;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable set of token keys: the newest (primary) seals new tokens, the older ones still open
 * tokens they sealed until rotation drops them.
 */
public final class KeyRing {
  private static final int KEY_BYTES = 32;

  private final List<TokenKey> keys;

  public KeyRing(List<TokenKey> keys) {
    if (keys.isEmpty()) throw new IllegalArgumentException("a key ring needs at least one key");
    List<TokenKey> sorted = new ArrayList<>(keys);
    sorted.sort(Comparator.comparingInt(TokenKey::id).reversed());
    this.keys = List.copyOf(sorted);
  }

  public TokenKey primary() {
    return keys.get(0);
  }

  public List<TokenKey> keys() {
    return keys;
  }

  /** The key with the id, or null when it was rotated out (or never existed). */
  public TokenKey find(int id) {
    for (TokenKey key : keys) {
      if (key.id() == id) return key;
    }
    return null;
  }

  /** A ring with a fresh primary key, keeping at most maxKeys keys (the oldest are dropped). */
  public KeyRing rotate(SecureRandom random, Instant now, int maxKeys) {
    List<TokenKey> next = new ArrayList<>();
    next.add(newKey(random, primary().id() + 1, now));
    for (int i = 0; i < keys.size() && next.size() < maxKeys; i++) next.add(keys.get(i));
    return new KeyRing(next);
  }

  public static TokenKey newKey(SecureRandom random, int id, Instant now) {
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    return new TokenKey(id, bytes, now);
  }
}
