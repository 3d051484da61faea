package io.stratus.objectserver.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Merges two replicas' metadata item by item: the newest timestamp wins, ties go to the greater value. */
final class MetaMerge {
  private MetaMerge() {
  }

  static Map<String, MetaValue> merge(Map<String, MetaValue> local, Map<String, MetaValue> incoming) {
    Map<String, MetaValue> out = new LinkedHashMap<>(local);
    new TreeMap<>(incoming).forEach((k, v) -> {
      MetaValue old = out.get(k);
      if (old == null || v.timestamp().isAfter(old.timestamp())
          || (v.timestamp().equals(old.timestamp()) && v.value().compareTo(old.value()) > 0)) {
        out.put(k, v);
      }
    });
    return out;
  }
}
