package io.stratus.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object-size distribution of a workload: one fixed size ({@code 4KiB}), a uniform range
 * ({@code 1KiB-1MiB}) or a weighted list of sizes or ranges ({@code 4KiB:80,1MiB:20}).
 */
public final class SizeDistribution {

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");

  /** One weighted choice: a size range [min, max] (min == max for a fixed size). */
  public record Choice(long min, long max, int weight) {
    /** A size picked uniformly in [min, max]. */
    long pick(SplittableRandom random) {
      return min == max ? min : min + random.nextLong(max - min + 1);
    }
  }

  private final String spec;
  private final List<Choice> choices;
  private final int totalWeight;

  private SizeDistribution(String spec, List<Choice> choices) {
    this.spec = spec;
    this.choices = List.copyOf(choices);
    this.totalWeight = choices.stream().mapToInt(Choice::weight).sum();
  }

  /** Parses a distribution; throws IllegalArgumentException with the offending part. */
  public static SizeDistribution parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty size distribution");
    }
    List<Choice> choices = new ArrayList<>();
    for (String part : spec.split(",")) {
      String item = part.trim();
      int weight = 1;
      int colon = item.lastIndexOf(':');
      if (colon >= 0) {
        weight = parseWeight(item.substring(colon + 1).trim(), spec);
        item = item.substring(0, colon).trim();
      }
      int dash = item.indexOf('-');
      long min = parseSize(dash >= 0 ? item.substring(0, dash) : item);
      long max = dash >= 0 ? parseSize(item.substring(dash + 1)) : min;
      if (max < min) {
        throw new IllegalArgumentException("size range " + item + " has max < min");
      }
      if (weight > 0) {
        choices.add(new Choice(min, max, weight));
      }
    }
    if (choices.isEmpty()) {
      throw new IllegalArgumentException("size distribution " + spec + " has no positive weight");
    }
    return new SizeDistribution(spec.trim(), choices);
  }

  private static int parseWeight(String text, String spec) {
    try {
      int weight = Integer.parseInt(text);
      if (weight < 0) {
        throw new IllegalArgumentException("negative weight in " + spec);
      }
      return weight;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad weight '" + text + "' in " + spec, e);
    }
  }

  /**
   * Parses one size: a number with an optional unit, binary (KiB, MiB, GiB) or decimal (KB, MB,
   * GB, K, M, G), or B; no unit means bytes.
   */
  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("bad size '" + text + "'");
    }
    double number = Double.parseDouble(m.group(1));
    long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "", "b" -> 1L;
      case "k", "kb" -> 1000L;
      case "kib" -> 1L << 10;
      case "m", "mb" -> 1000L * 1000;
      case "mib" -> 1L << 20;
      case "g", "gb" -> 1000L * 1000 * 1000;
      case "gib" -> 1L << 30;
      case "tib" -> 1L << 40;
      default -> throw new IllegalArgumentException("bad size unit in '" + text + "'");
    };
    return Math.round(number * unit);
  }

  /** A size drawn from the distribution. */
  public long next(SplittableRandom random) {
    if (choices.size() == 1) {
      return choices.get(0).pick(random);
    }
    int ticket = random.nextInt(totalWeight);
    for (Choice choice : choices) {
      ticket -= choice.weight();
      if (ticket < 0) {
        return choice.pick(random);
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** The mean size in bytes (for reports and sanity checks). */
  public double mean() {
    double sum = 0;
    for (Choice c : choices) {
      sum += c.weight() * (c.min() + c.max()) / 2.0;
    }
    return sum / totalWeight;
  }

  /** The largest size the distribution can produce. */
  public long max() {
    return choices.stream().mapToLong(Choice::max).max().orElse(0);
  }

  /** The weighted choices, in the order given. */
  public List<Choice> choices() {
    return choices;
  }

  @Override
  public String toString() {
    return spec;
  }
}
