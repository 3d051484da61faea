package io.stratus.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Option parsing, defaults, per-side overrides of compare, and config validation. */
class CliArgsTest {

  private static final List<String> SWIFT = List.of("--auth-url", "http://h:8080/auth/v1.0", "--user", "a:b",
      "--key", "k");

  private static List<String> swift(String... more) {
    List<String> l = new java.util.ArrayList<>(SWIFT);
    l.addAll(List.of(more));
    return l;
  }

  @Test
  void defaultsAndValues() {
    BenchConfig c = BenchConfig.from(CliArgs.parse(swift("--mix", "get:3,put:1", "--size=1MiB",
        "--duration", "500ms", "--monitor", "p=swift-proxy", "--monitor", "o=pid:1,2", "--cleanup")));
    assertEquals("swift", c.workload());
    assertEquals(16, c.concurrency());
    assertEquals(Duration.ofMillis(500), c.duration());
    assertEquals(1 << 20, c.sizes().max());
    assertEquals(List.of("p=swift-proxy", "o=pid:1,2"), c.monitors());
    assertTrue(c.cleanup());
    assertFalse(c.openLoop());
    assertFalse(c.auth().keystone());
    assertEquals("put:50,get:50", BenchConfig.from(CliArgs.parse(swift())).mix().toString());
  }

  @Test
  void durations() {
    assertEquals(Duration.ofSeconds(20), BenchConfig.parseDuration("20s"));
    assertEquals(Duration.ofMinutes(2), BenchConfig.parseDuration("2m"));
    assertEquals(Duration.ofSeconds(7), BenchConfig.parseDuration("7"));
    assertEquals(Duration.ofMillis(1500), BenchConfig.parseDuration("1.5s"));
  }

  @Test
  void compareSidesOverrideTheCommonOptions() {
    CliArgs args = CliArgs.parse(swift("--a.auth-url", "http://a:1/auth/v1.0", "--b.auth-url",
        "http://b:2/v3", "--b.user", "u", "--concurrency", "4"));
    BenchConfig a = BenchConfig.from(args.side("a"));
    BenchConfig b = BenchConfig.from(args.side("b"));
    assertEquals("http://a:1/auth/v1.0", a.auth().authUrl());
    assertEquals("a:b", a.auth().user());
    assertTrue(b.auth().keystone());
    assertEquals("u", b.auth().user());
    assertEquals(4, b.concurrency());
  }

  private static final List<String> KEYSTONE = List.of("--auth-url", "http://h:8080/identity/v3", "--user",
      "admin", "--key", "pw", "--project", "admin");

  private static List<String> keystone(String... more) {
    List<String> l = new java.util.ArrayList<>(KEYSTONE);
    l.addAll(List.of(more));
    return l;
  }

  @Test
  void glanceDefaultsToLargeImagesAndFewPreparedOnes() {
    BenchConfig c = BenchConfig.from(CliArgs.parse(keystone("--workload", "glance")));
    assertEquals("upload:50,download:50", c.mix().toString());
    assertEquals(64L << 20, c.sizes().max());
    assertEquals(4, c.prepareObjects());
    BenchConfig given = BenchConfig.from(CliArgs.parse(keystone("--workload", "glance", "--mix", "upload",
        "--size", "1GiB", "--prepare-objects", "0", "--image-url", "http://h:8080/image")));
    assertEquals(1L << 30, given.sizes().max());
    assertEquals(0, given.prepareObjects());
    assertEquals("http://h:8080/image", given.auth().imageUrl());
    assertTrue(BenchConfig.from(CliArgs.parse(List.of("--workload", "glance", "--image-url", "http://h/image",
        "--token", "t"))).mix().has("download"));
  }

  @Test
  void glanceRefusesDownloadsWithoutImagesOrAuth() {
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.from(CliArgs.parse(keystone("--workload",
        "glance", "--mix", "download", "--prepare-objects", "0"))));
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.from(CliArgs.parse(List.of("--workload",
        "glance", "--image-url", "http://h/image"))));
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.from(CliArgs.parse(keystone("--workload",
        "glance", "--mix", "put"))));
  }

  @Test
  void novaNeedsAnImageAndAFlavorAndPollsEvery50msByDefault() {
    BenchConfig c = BenchConfig.from(CliArgs.parse(keystone("--workload", "nova", "--image", "tiny",
        "--flavor", "m1.tiny", "--requests", "200", "--concurrency", "8")));
    assertEquals("launch:1", c.mix().toString());
    assertEquals("tiny", c.servers().image());
    assertEquals("m1.tiny", c.servers().flavor());
    assertEquals(Duration.ofMillis(50), c.servers().poll());
    assertEquals(Duration.ofMinutes(5), c.servers().waitTimeout());
    assertEquals(200, c.requests());
    BenchConfig tuned = BenchConfig.from(CliArgs.parse(keystone("--workload", "nova", "--image", "i",
        "--flavor", "f", "--mix", "launch:3,delete:1", "--poll-ms", "200", "--wait-timeout", "90s",
        "--compute-url", "http://h:8080/compute/v2.1")));
    assertEquals(Duration.ofMillis(200), tuned.servers().poll());
    assertEquals(Duration.ofSeconds(90), tuned.servers().waitTimeout());
    assertEquals("http://h:8080/compute/v2.1", tuned.auth().computeUrl());
    assertEquals(List.of("launch", "delete"), tuned.mix().ops());

    assertThrows(IllegalArgumentException.class, () -> BenchConfig.from(CliArgs.parse(keystone("--workload",
        "nova", "--flavor", "f"))));
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.from(CliArgs.parse(keystone("--workload",
        "nova", "--image", "i", "--flavor", "f", "--poll-ms", "0"))));
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.from(CliArgs.parse(List.of("--workload",
        "nova", "--image", "i", "--flavor", "f", "--token", "t"))));
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.from(CliArgs.parse(keystone("--workload",
        "nova", "--image", "i", "--flavor", "f", "--mix", "upload"))));
  }

  @Test
  void refusesUnknownOrIncompleteOptions() {
    assertThrows(IllegalArgumentException.class, () -> CliArgs.parse(List.of("--nope", "1")));
    assertThrows(IllegalArgumentException.class, () -> CliArgs.parse(List.of("--size")));
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.from(CliArgs.parse(List.of())));
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.from(CliArgs.parse(swift("--mix", "get",
        "--prepare-objects", "0"))));
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.from(CliArgs.parse(List.of("--workload",
        "s3"))));
    assertThrows(IllegalArgumentException.class, () -> BenchConfig.from(CliArgs.parse(swift("--concurrency",
        "0"))));
  }
}
