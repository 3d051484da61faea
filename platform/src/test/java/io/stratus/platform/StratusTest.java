package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.Device;
import io.stratus.ring.Ring;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher: dispatch, and the all-in-one's rings and identity made on first start and reused after. */
class StratusTest {

  @TempDir
  Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    out.reset();
    err.reset();
    return Stratus.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /**
   * Starts the all-in-one in {@code dir} with identity on a free port and a cheap password hash, without
   * Kafka (the broker is AllInOneIT's and KafkaRevocationIT's).
   */
  private AllInOne startAllInOne() throws Exception {
    out.reset();
    return AllInOne.start(new AllInOne.Options(dir, 0).withoutKafka(), new PrintStream(out, true, StandardCharsets.UTF_8),
        Map.of("STRATUS_IDENTITY_HASH_MEMORY_KIB", "1024", "STRATUS_IDENTITY_HASH_ITERATIONS", "1"));
  }

  @Test
  void allInOneBuildsRingsAndBootstrapsIdentityOnceAndReusesThem() throws Exception {
    try (AllInOne platform = startAllInOne()) {
      String printed = out.toString(StandardCharsets.UTF_8);
      assertTrue(printed.contains("object     ring created: 1024 partitions, 3 replicas"), printed);
      assertTrue(printed.contains("(bootstrapped now)"), printed);
      assertTrue(printed.contains("Keystone v3 http://127.0.0.1:" + platform.identity().port() + "/v3"), printed);
      assertTrue(printed.contains("kafka      off (--no-kafka)"), printed);
      assertEquals(0, platform.kafka().tokens().size());
    }
    Path ringDir = dir.resolve("rings");
    String secret = Files.readString(ringDir.resolve(Rings.SUFFIX_FILE));
    Ring object = Ring.load(ringDir.resolve("object.ring"), Rings.hasher(ringDir));
    assertEquals(4, object.devices().size());
    for (int part = 0; part < object.partitionCount(); part++) {
      Set<Integer> zones = new HashSet<>();
      for (Device d : object.primaries(part)) {
        zones.add(d.zone());
      }
      assertEquals(3, zones.size(), "partition " + part);
    }
    Path passwordFile = dir.resolve("identity").resolve(EmbeddedIdentity.PASSWORD_FILE);
    String password = Files.readString(passwordFile).strip();
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(passwordFile));
    byte[] before = Files.readAllBytes(ringDir.resolve("object.ring"));
    try (AllInOne platform = startAllInOne()) {
      String printed = out.toString(StandardCharsets.UTF_8);
      assertTrue(printed.contains("object     ring loaded"), printed);
      assertTrue(printed.contains("password   " + password), printed);
      assertTrue(!printed.contains("bootstrapped now"), printed);
      assertTrue(printed.contains(platform.identity().authUrl()), printed);
    }
    assertEquals(secret, Files.readString(ringDir.resolve(Rings.SUFFIX_FILE)));
    assertTrue(Arrays.equals(before, Files.readAllBytes(ringDir.resolve("object.ring"))));
  }

  @Test
  void ringCommandsGoToTheRingCli() {
    Path builder = dir.resolve("account.builder");
    assertEquals(0, run("ring", builder.toString(), "create", "6", "3", "0"));
    assertTrue(Files.exists(builder));
    assertEquals(2, run("ring", builder.toString(), "rebalance"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no device has weight"));
  }

  @Test
  void unknownCommandsAndArgumentsAreRefused() {
    assertEquals(2, run());
    assertEquals(2, run("frobnicate"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    assertEquals(2, run("all-in-one", "--port"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unexpected argument '--port'"));
    assertEquals(2, run("all-in-one", "--identity-port", "x"));
    assertEquals(2, run("all-in-one", "--kafka-bootstrap", "no-port"));
  }

  @Test
  void kafkaOptions() {
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    AllInOne.Options defaults = AllInOne.parse(new String[0], errors);
    assertTrue(defaults.kafka());
    assertEquals(AllInOne.KAFKA_PORT, defaults.kafkaPort());
    assertEquals(0, AllInOne.parse(new String[] {"--kafka-port", "0"}, errors).kafkaPort());
    assertEquals("k1:9092,k2:9092", AllInOne.parse(new String[] {"--kafka-bootstrap", "k1:9092,k2:9092"}, errors).kafkaBootstrap());
    assertTrue(!AllInOne.parse(new String[] {"--no-kafka"}, errors).kafka());
  }
}
