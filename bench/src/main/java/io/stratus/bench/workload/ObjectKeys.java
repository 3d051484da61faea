package io.stratus.bench.workload;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Object names of a run: {@code count} pre-populated keys ({@code <prefix>00000 ...}, the names
 * bench-swift-api.sh uses) that get/head read and nobody deletes, and keys written during the run,
 * which delete consumes and cleanup removes.
 */
public final class ObjectKeys {

  private final String prefix;
  private final int prepared;
  private final String format;
  private final String runPrefix;
  private final AtomicLong counter = new AtomicLong();
  private final ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();

  /** Keys for {@code prepared} pre-populated objects and new names starting with {@code runPrefix}. */
  public ObjectKeys(String prefix, int prepared, String runPrefix) {
    this.prefix = prefix;
    this.prepared = prepared;
    this.format = "%0" + Math.max(5, Integer.toString(Math.max(0, prepared - 1)).length()) + "d";
    this.runPrefix = runPrefix;
  }

  /** The i-th pre-populated key. */
  public String prepared(long i) {
    return prefix + String.format(format, i);
  }

  /** Number of pre-populated keys. */
  public int preparedCount() {
    return prepared;
  }

  /** A random pre-populated key. */
  public String randomPrepared(SplittableRandom random) {
    return prepared(random.nextInt(prepared));
  }

  /** A fresh name for a PUT. */
  public String fresh() {
    return runPrefix + counter.incrementAndGet();
  }

  /** Remembers a key the run wrote successfully. */
  public void written(String key) {
    written.add(key);
  }

  /** Takes a key the run wrote (for delete), or null if there is none. */
  public String takeWritten() {
    return written.poll();
  }

  /** Takes the remaining written keys (for cleanup). */
  public String[] drainWritten() {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String k = written.poll(); k != null; k = written.poll()) {
      out.add(k);
    }
    return out.toArray(new String[0]);
  }
}
