package io.stratus.bench.workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** Weighted mix of operations of a workload, parsed from {@code put:50,get:40,delete:10}. */
public final class OpMix {

  private final Map<String, Integer> weights;
  private final String[] names;
  private final int[] cumulative;

  private OpMix(Map<String, Integer> weights) {
    this.weights = Map.copyOf(weights);
    this.names = weights.keySet().toArray(new String[0]);
    this.cumulative = new int[names.length];
    int sum = 0;
    for (int i = 0; i < names.length; i++) {
      sum += weights.get(names[i]);
      cumulative[i] = sum;
    }
  }

  /** Parses a mix; every name must be one of {@code allowed}. A name without weight has weight 1. */
  public static OpMix parse(String spec, List<String> allowed) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String item = part.trim().toLowerCase(Locale.ROOT);
      if (item.isEmpty()) {
        continue;
      }
      int colon = item.indexOf(':');
      String name = colon >= 0 ? item.substring(0, colon).trim() : item;
      int weight;
      try {
        weight = colon >= 0 ? Integer.parseInt(item.substring(colon + 1).trim()) : 1;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad weight in op mix '" + spec + "'", e);
      }
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException("unknown operation '" + name + "' (allowed: " + allowed + ")");
      }
      if (weight < 0) {
        throw new IllegalArgumentException("negative weight in op mix '" + spec + "'");
      }
      if (weight > 0) {
        weights.merge(name, weight, Integer::sum);
      }
    }
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("op mix '" + spec + "' has no operation with positive weight");
    }
    return new OpMix(weights);
  }

  /** An operation drawn by weight. */
  public String next(SplittableRandom random) {
    if (names.length == 1) {
      return names[0];
    }
    int ticket = random.nextInt(cumulative[cumulative.length - 1]);
    for (int i = 0; i < names.length; i++) {
      if (ticket < cumulative[i]) {
        return names[i];
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** Whether the mix contains the operation. */
  public boolean has(String op) {
    return weights.containsKey(op);
  }

  /** Operation names in the order given. */
  public List<String> ops() {
    return List.of(names);
  }

  /** Weights by operation name. */
  public Map<String, Integer> weights() {
    Map<String, Integer> ordered = new LinkedHashMap<>();
    for (String n : names) {
      ordered.put(n, weights.get(n));
    }
    return ordered;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (String n : names) {
      sb.append(sb.length() == 0 ? "" : ",").append(n).append(':').append(weights.get(n));
    }
    return sb.toString();
  }
}
