package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.Device;
import io.stratus.ring.Ring;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher: dispatch, the service commands' configuration, and the all-in-one's rings (built from its
 * nodes' ports), identity and catalog made on first start and reused after.
 */
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
   * Starts the all-in-one in {@code dir} with every port free and a cheap password hash, without Kafka
   * (the broker is AllInOneIT's and KafkaRevocationIT's).
   */
  private AllInOne startAllInOne(Integer storagePortBase) throws Exception {
    out.reset();
    return AllInOne.start(new AllInOne.Options(dir, 0, 0, storagePortBase).withoutKafka(),
        new PrintStream(out, true, StandardCharsets.UTF_8), CHEAP_HASH);
  }

  private static final Map<String, String> CHEAP_HASH =
      Map.of("STRATUS_IDENTITY_HASH_MEMORY_KIB", "1024", "STRATUS_IDENTITY_HASH_ITERATIONS", "1");

  @Test
  void allInOneBuildsRingsFromItsNodesAndBootstrapsIdentityOnceAndReusesThem() throws Exception {
    List<Integer> ports;
    try (AllInOne platform = startAllInOne(0)) {
      String printed = out.toString(StandardCharsets.UTF_8);
      assertTrue(printed.contains("object     ring created: 1024 partitions, 3 replicas"), printed);
      assertTrue(printed.contains("(bootstrapped now)"), printed);
      String gateway = platform.gateway().url();
      assertTrue(printed.contains("Keystone v3 " + gateway + "/identity/v3"), printed);
      assertTrue(printed.contains("Glance v2 " + gateway + "/image"), printed);
      assertTrue(platform.image().port() > 0);
      assertTrue(printed.contains("swift -A " + gateway + "/auth/v1.0 -U admin:admin -K "), printed);
      assertTrue(printed.contains("kafka      off (--no-kafka)"), printed);
      assertEquals(0, platform.kafka().tokens().size());
      ports = platform.storage().nodes().stream().map(ClusterRings.Node::port).toList();
      assertCatalogNamesTheGateway(platform);
    }
    Path ringDir = dir.resolve("rings");
    String secret = Files.readString(ringDir.resolve(Rings.SUFFIX_FILE));
    Ring object = Ring.load(ringDir.resolve("object.ring"), Rings.hasher(ringDir));
    assertEquals(4, object.devices().size());
    assertEquals(ports, object.devices().stream().map(Device::port).toList(), "ring devices are on the nodes' ports");
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
    try (AllInOne platform = startAllInOne(null)) {
      String printed = out.toString(StandardCharsets.UTF_8);
      assertTrue(printed.contains("object     ring loaded"), printed);
      assertTrue(printed.contains("password   " + password), printed);
      assertTrue(!printed.contains("bootstrapped now"), printed);
      assertTrue(printed.contains(platform.identity().authUrl()), printed);
      assertEquals(ports, platform.storage().nodes().stream().map(ClusterRings.Node::port).toList());
    }
    assertEquals(secret, Files.readString(ringDir.resolve(Rings.SUFFIX_FILE)));
    assertTrue(Arrays.equals(before, Files.readAllBytes(ringDir.resolve("object.ring"))));

    int other = ports.get(0) == 20000 ? 20010 : 20000;
    Exception refused = assertThrows(Exception.class, () -> startAllInOne(other).close());
    assertTrue(refused.getMessage().contains("place the storage nodes on ports " + ClusterRings.ports(
        ports.stream().map(p -> new ClusterRings.Node(1, p, List.of())).toList())), refused.getMessage());
  }

  /** A token issued through the gateway's /identity/v3 lists the gateway as the object store. */
  private static void assertCatalogNamesTheGateway(AllInOne platform) throws Exception {
    String body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\","
        + "\"domain\":{\"id\":\"default\"},\"password\":\"" + platform.identity().password() + "\"}}},"
        + "\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}";
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(platform.identity().authUrl() + "/auth/tokens")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    String gateway = platform.gateway().url();
    assertTrue(r.body().contains("\"url\":\"" + gateway + "/v1/AUTH_" + platform.identity().adminProjectId() + "\""), r.body());
    assertTrue(r.body().contains("\"url\":\"" + gateway + "/identity/v3\""), r.body());
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
    assertEquals(2, run("all-in-one", "--gateway-port", "70000"));
  }

  @Test
  void serviceCommandsListTheirKeysAndRefuseUnknownOnes() {
    assertEquals(0, run("object-server", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--devices-root"));
    assertEquals(0, run("gateway", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--identity-url"));
    assertEquals(0, run("identity", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--token-ttl-seconds"));
    assertEquals(0, run("image", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--object-store-url"));
    assertEquals(2, run("image", "--segment-mib=0"));
    assertEquals(2, run("gateway", "--ring-directory=/tmp"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown configuration key 'ring-directory'"),
        err.toString(StandardCharsets.UTF_8));
    assertEquals(1, run("gateway", "--ring-dir=" + dir.resolve("none"), "--bind-port=0"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot load ring"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void options() {
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    AllInOne.Options defaults = AllInOne.parse(new String[0], errors);
    assertTrue(defaults.kafka());
    assertEquals(AllInOne.KAFKA_PORT, defaults.kafkaPort());
    assertEquals(8080, defaults.gatewayPort());
    assertEquals(null, defaults.storagePortBase());
    assertEquals(0, AllInOne.parse(new String[] {"--gateway-port", "0"}, errors).gatewayPort());
    assertEquals(7000, AllInOne.parse(new String[] {"--storage-port-base", "7000"}, errors).storagePortBase());
    assertEquals(0, AllInOne.parse(new String[] {"--kafka-port", "0"}, errors).kafkaPort());
    assertEquals("k1:9092,k2:9092", AllInOne.parse(new String[] {"--kafka-bootstrap", "k1:9092,k2:9092"}, errors).kafkaBootstrap());
    assertTrue(!AllInOne.parse(new String[] {"--no-kafka"}, errors).kafka());
    assertEquals(AllInOne.IMAGE_PORT, defaults.imagePort());
    assertEquals(0, AllInOne.parse(new String[] {"--image-port", "0"}, errors).imagePort());
  }
}
