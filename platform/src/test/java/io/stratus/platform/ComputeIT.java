package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stratus.platform.Launcher.Launched;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compute end to end on the packaged all-in-one (compute-api, one agent on libvirt's test driver, the
 * embedded Kafka between them) driven by Debian's `openstack` CLI through the gateway: an image uploaded to
 * Glance, `server create --wait` to ACTIVE, stop / start / reboot, `console log show`, limits, another
 * project that cannot see the server, a restart of the whole platform that keeps the server ACTIVE, and
 * `server delete --wait`.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComputeIT {
  private static final long CLI_TIMEOUT_SECONDS = 120;
  private static final long STATE_TIMEOUT_MILLIS = 90_000;
  private static final int RUNNING = 1;
  private static final int SHUTDOWN = 4;

  @TempDir
  static Path dir;
  private static Cli cli;
  private static Launched running;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Cli.onPath("openstack"), "the openstack CLI is not installed: apt-get install python3-openstackclient"
        + " (./run-tests does it)");
    Path files = Files.createDirectories(dir.resolve("files"));
    cli = new Cli(files, dir);
    byte[] disk = new byte[1 << 20];
    new Random(11).nextBytes(disk);
    Files.write(files.resolve("tiny.img"), disk);
    running = Launcher.launch(dir, List.of("--libvirt-uri", "test:///default"));
  }

  @AfterAll
  static void stop() throws Exception {
    Launcher.kill(running);
  }

  @Test
  @Order(1)
  void serverCreateWaitsForActiveOnTheTestDriver() throws Exception {
    assertTrue(running.printed().contains("compute    Nova v2.1 " + running.gateway() + "/compute/v2.1"), running.printed());
    openstack("image", "create", "--file", "tiny.img", "--disk-format", "raw", "--container-format", "bare", "tiny");
    assertTrue(openstack("flavor", "list", "-f", "value", "-c", "Name").lines().anyMatch("m1.tiny"::equals));
    long t0 = System.nanoTime();
    JsonObject server = new JsonObject(openstack("server", "create", "--image", "tiny", "--flavor", "m1.tiny", "--wait",
        "-f", "json", "vm1"));
    System.out.printf("openstack server create --wait: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertEquals("ACTIVE", server.getString("status"), server.encode());
    JsonArray listed = new JsonArray(openstack("server", "list", "-f", "json"));
    assertEquals(1, listed.size(), listed.encode());
    assertEquals("vm1", listed.getJsonObject(0).getString("Name"));
    assertEquals("ACTIVE", listed.getJsonObject(0).getString("Status"));
    assertEquals(RUNNING, powerState("vm1"));
  }

  @Test
  @Order(2)
  void stopStartRebootAndConsoleLog() throws Exception {
    openstack("server", "stop", "vm1");
    awaitStatus("vm1", "SHUTOFF");
    assertEquals(SHUTDOWN, powerState("vm1"));
    openstack("server", "start", "vm1");
    awaitStatus("vm1", "ACTIVE");
    openstack("server", "reboot", "--wait", "vm1");
    awaitStatus("vm1", "ACTIVE");
    openstack("server", "reboot", "--hard", "--wait", "vm1");
    awaitStatus("vm1", "ACTIVE");
    // the test driver's guest writes nothing to its serial console, but the call goes to the agent and back
    openstack("console", "log", "show", "vm1");
    String limits = openstack("limits", "show", "--absolute", "-f", "json");
    JsonArray absolute = new JsonArray(limits);
    assertTrue(absolute.stream().map(JsonObject.class::cast)
        .anyMatch(l -> "totalInstancesUsed".equals(l.getString("Name")) && Integer.valueOf(1).equals(l.getValue("Value"))), limits);
  }

  @Test
  @Order(3)
  void anotherProjectDoesNotSeeTheServer() throws Exception {
    openstack("project", "create", "other");
    openstack("user", "create", "--project", "other", "--password", "other-secret", "other");
    openstack("role", "add", "--project", "other", "--user", "other", "member");
    Map<String, String> other = Map.of("OS_USERNAME", "other", "OS_PASSWORD", "other-secret", "OS_PROJECT_NAME", "other");
    assertEquals("[]", new JsonArray(cli.openstack(running, other, CLI_TIMEOUT_SECONDS, "server", "list", "-f", "json")).encode());
    String id = openstack("server", "show", "-f", "value", "-c", "id", "vm1").strip();
    try {
      cli.openstack(running, other, CLI_TIMEOUT_SECONDS, "server", "show", id);
      throw new IllegalStateException("another project saw the server");
    } catch (AssertionError expected) {
      assertTrue(expected.getMessage().contains("No server with a name or ID"), expected.getMessage());
    }
  }

  @Test
  @Order(4)
  void serversSurviveARestartAndDeleteWaits() throws Exception {
    Launcher.stopWithSigterm(running);
    running = Launcher.launch(dir, List.of("--libvirt-uri", "test:///default"));
    awaitStatus("vm1", "ACTIVE");
    assertEquals(RUNNING, powerState("vm1"));
    openstack("server", "delete", "--wait", "vm1");
    assertEquals("[]", new JsonArray(openstack("server", "list", "-f", "json")).encode());
  }

  /** Nova's power_state number (OSC's JSON output keeps the raw value). */
  private static int powerState(String server) throws IOException, InterruptedException {
    JsonObject shown = new JsonObject(openstack("server", "show", "-f", "json", server));
    return shown.getInteger("OS-EXT-STS:power_state", -1);
  }

  private static void awaitStatus(String server, String status) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + STATE_TIMEOUT_MILLIS;
    String seen = null;
    while (System.currentTimeMillis() < deadline) {
      seen = openstack("server", "show", "-f", "value", "-c", "status", server).strip();
      if (seen.equals(status)) return;
      if (seen.equals("ERROR")) break;
    }
    throw new AssertionError(server + " did not reach " + status + " (last " + seen + "): "
        + openstack("server", "show", "-f", "json", server));
  }

  private static String openstack(String... args) throws IOException, InterruptedException {
    return cli.openstack(running, Map.of(), CLI_TIMEOUT_SECONDS, args);
  }
}
