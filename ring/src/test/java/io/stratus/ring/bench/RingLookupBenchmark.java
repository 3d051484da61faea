package io.stratus.ring.bench;

import io.stratus.ring.Device;
import io.stratus.ring.PathHasher;
import io.stratus.ring.Ring;
import io.stratus.ring.builder.RingBuilder;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ring lookup cost: object path to partition (MD5) and to its primary devices, on a ring of part
 * power 18 with 3 replicas over 48 devices. Run: {@code mvn -pl ring -Pjmh test-compile exec:exec}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RingLookupBenchmark {

  private static final int NAMES = 4096;
  /** A Keystone project's account: 32 hex digits, so a path spans two MD5 blocks as real ones do. */
  private static final String ACCOUNT = "AUTH_7c1f0a3e9b2d4f1a8e6d5c4b3a291807";

  @Param({"18"})
  public int partPower;

  private Ring ring;
  private String[] objects;
  private String[] shortObjects;
  private int next;

  @Setup
  public void setUp() {
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
    b.rebalance(42);
    ring = new Ring(b.toRingData(), new PathHasher("", "bench-suffix"));
    objects = new String[NAMES];
    shortObjects = new String[NAMES];
    for (int i = 0; i < NAMES; i++) {
      objects[i] = "photos/2026/11/img_" + i + ".jpg";
      shortObjects[i] = "img_" + i + ".jpg";
    }
  }

  private String nextObject() {
    next = (next + 1) & (NAMES - 1);
    return objects[next];
  }

  /** Path to partition only. */
  @Benchmark
  public int partition() {
    return ring.partition(ACCOUNT, "photos", nextObject());
  }

  /** Path to partition for a short path that fits one MD5 block (e.g. tempauth's AUTH_test). */
  @Benchmark
  public int partitionShortPath() {
    return ring.partition("AUTH_test", "c", shortObjects[next = (next + 1) & (NAMES - 1)]);
  }

  /** Path to partition and primary devices: what a proxy does per request. */
  @Benchmark
  public List<Device> primaries() {
    return ring.nodes(ACCOUNT, "photos", nextObject()).primaries();
  }

  /** Path to partition, primaries and the first handoff (a proxy routing around a failed node). */
  @Benchmark
  public Device firstHandoff() {
    int part = ring.partition(ACCOUNT, "photos", nextObject());
    return ring.handoffs(part).next();
  }
}
