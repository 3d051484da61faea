package io.stratus.gateway.s3.auth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What identity said, kept for a while so repeated requests are checked here: per (access key, scope) the
 * derived signing key and the caller (a request is then verified by computing its signature locally), and per
 * exact (access key, string to sign, signature) the caller of a request identity verified without giving a key
 * (presigned URLs, SigV2). Both are bounded, least recently used first out; an entry lives until its deadline.
 */
final class SigningKeyCache {
  /** A derived key and whose it is. */
  record KeyEntry(byte[] signingKey, S3Caller caller, Instant until) {
  }

  /** A caller identity verified for one exact request. */
  private record CallerEntry(S3Caller caller, Instant until) {
  }

  private final Map<String, KeyEntry> keys;
  private final Map<String, CallerEntry> exact;

  SigningKeyCache(int maxEntries) {
    if (maxEntries < 1) throw new IllegalArgumentException("cacheSize must be positive");
    this.keys = lru(maxEntries);
    this.exact = lru(maxEntries);
  }

  private static <V> Map<String, V> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }

  synchronized KeyEntry key(String accessKey, SigV4.Scope scope, Instant now) {
    String id = accessKey + "/" + scope;
    KeyEntry e = keys.get(id);
    if (e != null && !now.isBefore(e.until())) {
      keys.remove(id);
      return null;
    }
    return e;
  }

  synchronized void putKey(String accessKey, SigV4.Scope scope, KeyEntry entry) {
    keys.put(accessKey + "/" + scope, entry);
  }

  synchronized S3Caller exact(String accessKey, String stringToSign, String signature, Instant now) {
    String id = exactId(accessKey, stringToSign, signature);
    CallerEntry e = exact.get(id);
    if (e == null) return null;
    if (!now.isBefore(e.until())) {
      exact.remove(id);
      return null;
    }
    return e.caller();
  }

  synchronized void putExact(String accessKey, String stringToSign, String signature, S3Caller caller, Instant until) {
    exact.put(exactId(accessKey, stringToSign, signature), new CallerEntry(caller, until));
  }

  /** Forgets everything about an access key (identity no longer knows it). */
  synchronized void forget(String accessKey) {
    keys.keySet().removeIf(k -> k.startsWith(accessKey + "/"));
    exact.keySet().removeIf(k -> k.startsWith(accessKey + "\n"));
  }

  private static String exactId(String accessKey, String stringToSign, String signature) {
    return accessKey + "\n" + signature + "\n" + stringToSign;
  }
}
