package io.stratus.ring.bench;

import io.stratus.ring.Device;
import io.stratus.ring.builder.RingBuilder;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of a first rebalance: part power 18, 3 replicas, 48 devices of unequal weight in 4 zones,
 * the layout of {@link RingLookupBenchmark}. Run: {@code mvn -pl ring -Pjmh test-compile exec:exec
 * -Djmh.args=RebalanceBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class RebalanceBenchmark {

  @Param({"18"})
  public int partPower;

  @Benchmark
  public double firstRebalance() {
    RingBuilder b = RingBuilder.create(partPower, 3, 1, InstantSource.system());
    int id = 0;
    for (int zone = 1; zone <= 4; zone++) {
      for (int host = 0; host < 3; host++) {
        for (int disk = 0; disk < 4; disk++) {
          b.addDevice(Device.of(id++, 1, zone, "10.0." + zone + "." + host, 6200, "sd" + (char) ('a' + disk),
              100 + 50 * disk));
        }
      }
    }
    return b.rebalance(42).balance();
  }
}
