package io.stratus.identity.bench;

import io.stratus.identity.crypto.PasswordHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Argon2id password check at the default cost (19 MiB, 2 iterations, 1 lane): the floor of a
 * password-method token issue, which needs one per request.
 * Run: {@code mvn -pl identity -am -Pjmh process-test-classes -Djmh.args=PasswordHashBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PasswordHashBenchmark {
  private PasswordHasher hasher;
  private String hash;

  @Setup
  public void setUp() {
    hasher = PasswordHasher.standard();
    hash = hasher.hash("correct horse battery staple");
  }

  @Benchmark
  public boolean verifyDefaultCost() {
    return hasher.verify("correct horse battery staple", hash);
  }
}
