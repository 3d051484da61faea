package io.stratus.objectserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stratus.ring.PathHasher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The suffix-hash cache: what is recomputed when, and that a write racing a scan is not lost. */
class SuffixHashesTest {
  private final List<Set<String>> scans = new ArrayList<>();

  private Map<String, String> scan(Set<String> todo, Map<String, String> store) {
    scans.add(todo == null ? null : new HashSet<>(todo));
    Map<String, String> out = new HashMap<>(store);
    if (todo != null) out.keySet().retainAll(todo);
    return out;
  }

  @Test
  void suffixIsTheLastThreeHexDigitsOfThePathHash() {
    PathHasher hasher = new PathHasher("", "test-suffix");
    for (String name : List.of("a", "b", "photo.jpg", "x/y/z")) {
      String hex = hasher.hexDigest("acct", "cont", name);
      assertEquals(hex.substring(29), Keys.suffix(hasher.digest("acct", "cont", name)));
    }
  }

  @Test
  void onlyInvalidAndRequestedSuffixesAreRecomputed() {
    SuffixHashes cache = new SuffixHashes();
    Map<String, String> store = new HashMap<>(Map.of("abc", "1", "def", "2"));
    assertEquals(Map.of("abc", "1", "def", "2"), cache.get(7, List.of(), t -> scan(t, store)));
    assertNull(scans.get(0), "the first lookup scans everything");

    assertEquals(Map.of("abc", "1", "def", "2"), cache.get(7, List.of(), t -> scan(t, store)));
    assertEquals(1, scans.size(), "nothing changed: served from the cache");

    byte[] hash = new byte[16];
    hash[14] = 0x0a;
    hash[15] = (byte) 0xbc;
    assertNull(cache.takeUnreclaimed(7), "reclaim's first look: everything");
    assertEquals(Set.of(), cache.takeUnreclaimed(7));
    store.put("abc", "1b");
    cache.invalidate(7, hash);
    store.remove("def");
    assertEquals(Map.of("abc", "1b"), cache.get(7, List.of("def"), t -> scan(t, store)));
    assertEquals(Set.of("abc", "def"), scans.get(1));
    assertEquals(Set.of("abc"), cache.takeUnreclaimed(7), "a hash lookup leaves reclaim's marks alone");
    assertEquals(Set.of(), cache.takeUnreclaimed(7));
  }

  @Test
  void aWriteDuringTheScanStaysInvalid() {
    SuffixHashes cache = new SuffixHashes();
    Map<String, String> store = new HashMap<>(Map.of("abc", "1"));
    byte[] hash = new byte[16];
    hash[14] = 0x0a;
    hash[15] = (byte) 0xbc;
    cache.get(1, List.of(), t -> {
      cache.invalidate(1, hash);
      return scan(t, store);
    });
    store.put("abc", "2");
    assertEquals(Map.of("abc", "2"), cache.get(1, List.of(), t -> scan(t, store)));
    assertEquals(Set.of("abc"), scans.get(1));
  }
}
