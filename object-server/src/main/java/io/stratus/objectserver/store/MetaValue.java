package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;

/** One account or container metadata item with the timestamp of its last change; empty means removed. */
public record MetaValue(String value, Timestamp timestamp) {

  /** Applies updates newer than what is kept, as Swift's {@code update_metadata} does. */
  public static Map<String, MetaValue> merge(Map<String, MetaValue> current, Map<String, String> updates, Timestamp ts) {
    Map<String, MetaValue> out = new LinkedHashMap<>(current);
    updates.forEach((k, v) -> {
      MetaValue old = out.get(k);
      if (old == null || ts.isAfter(old.timestamp())) out.put(k, new MetaValue(v, ts));
    });
    return out;
  }

  /** The items to show: those with a value. */
  public static Map<String, String> visible(Map<String, MetaValue> metadata) {
    Map<String, String> out = new LinkedHashMap<>();
    metadata.forEach((k, v) -> {
      if (!v.value().isEmpty()) out.put(k, v.value());
    });
    return out;
  }
}
