package io.stratus.compute;

import static io.stratus.compute.TestComputeCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.compute.kafka.KafkaReader;
import io.stratus.compute.kafka.KafkaTopics;
import io.stratus.compute.message.Command;
import io.stratus.compute.message.HostReport;
import io.stratus.compute.message.InstanceEvent;
import io.stratus.gateway.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compute-api against what an agent puts on Kafka, written by the test itself: a host report, the commands the
 * API sends to that host's topic (read back from Kafka) and the events an agent would answer with. A server goes
 * BUILD → ACTIVE → SHUTOFF → ACTIVE → HARD_REBOOT → ACTIVE, shows its console, is stopped by the power-state
 * sync, gets a command resent after an API restart, and is deleted; a failed build ends in ERROR and frees its claim.
 */
class ComputeAgentFlowIT {
  private static final String HOST = "node1";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path dir;
  static TestComputeCluster c;
  static String admin;
  static String demo;
  static String imageId;
  static KafkaReader commandReader;
  static final LinkedBlockingQueue<Command> COMMANDS = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    c = TestComputeCluster.start(dir, Map.of());
    admin = c.adminToken();
    c.cluster.createUser("demo", "demo", "demo-secret", "member");
    demo = c.token("demo", "demo", "demo-secret");
    imageId = c.activeImage(admin, new JsonObject().put("name", "cirros").put("disk_format", "raw")
        .put("container_format", "bare").put("visibility", "public"), new byte[1024]);
    String bootstrap = c.kafka.bootstrapServers();
    TestCluster.await(KafkaTopics.ensure(c.cluster.vertx, bootstrap, List.of(new KafkaTopics.Spec(c.topics.commands(HOST), 1, false))));
    commandReader = KafkaReader.all(c.cluster.vertx, bootstrap, c.topics.commands(HOST), true, 16, r -> {
      COMMANDS.add(Command.fromJson(new JsonObject(r.value())));
      return Future.succeededFuture();
    });
    TestCluster.await(commandReader.start());
    report();
    eventually(WAIT, "the host to be known", () -> new JsonObject(c.call("GET", "/v2.1/os-hypervisors", admin, null).body())
        .getJsonArray("hypervisors").size() == 1);
  }

  @AfterAll
  static void stop() {
    if (commandReader != null) TestCluster.await(commandReader.close());
    if (c != null) c.close();
  }

  private static void report() {
    HostReport report = new HostReport(HOST, "nova", "QEMU", "test:///default", 4, 8192, 100, 0, System.currentTimeMillis());
    TestCluster.await(c.sender.send(c.topics.hosts(), HOST, report.toJson().encode()));
  }

  private static Command next(Command.Action action) throws InterruptedException {
    Command command = COMMANDS.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertNotNull(command, "no " + action + " command arrived");
    assertEquals(action, command.action());
    assertEquals(HOST, command.host());
    return command;
  }

  private static void answer(Command command, InstanceEvent.Kind kind, String vmState, int power, JsonObject fault) {
    InstanceEvent event = new InstanceEvent(UUID.randomUUID().toString(), command.instanceId(), command.id(), command.seq(),
        HOST, kind, vmState, power, fault, null, System.currentTimeMillis());
    TestCluster.await(c.sender.send(c.topics.events(), command.instanceId(), event.toJson().encode()));
  }

  private static JsonObject show(String id) {
    return new JsonObject(c.call("GET", "/v2.1/servers/" + id, admin, null).body()).getJsonObject("server");
  }

  private static void awaitStatus(String id, String status) {
    eventually(WAIT, id + " to be " + status, () -> status.equals(show(id).getString("status")));
  }

  private static int action(String id, String body) {
    return c.call("POST", "/v2.1/servers/" + id + "/action", demo, body).statusCode();
  }

  private static JsonObject hypervisor() {
    return new JsonObject(c.call("GET", "/v2.1/os-hypervisors/detail", admin, null).body()).getJsonArray("hypervisors")
        .getJsonObject(0);
  }

  @Test
  void serverLifecycleOverKafka() throws Exception {
    assertEquals(200, c.call("POST", "/v2.1/os-keypairs", demo, new JsonObject().put("keypair", new JsonObject()
        .put("name", "k1")).encode()).statusCode());
    JsonObject body = new JsonObject().put("server", new JsonObject().put("name", "vm1").put("imageRef", imageId)
        .put("flavorRef", "1").put("key_name", "k1").put("metadata", new JsonObject().put("a", "b")));
    HttpResponse<String> created = c.call("POST", "/v2.1/servers", demo, body.encode());
    assertEquals(202, created.statusCode(), created.body());
    String id = new JsonObject(created.body()).getJsonObject("server").getString("id");
    Command build = next(Command.Action.BUILD);
    assertEquals(id, build.instanceId());
    assertEquals(1, build.seq());
    assertEquals("vm1", build.spec().getString("name"));
    assertEquals(imageId, build.spec().getJsonObject("image").getString("id"));
    assertEquals(512, build.spec().getInteger("ram_mb"));
    assertTrue(build.spec().getString("public_key").startsWith("ssh-rsa "));
    JsonObject building = show(id);
    assertEquals("BUILD", building.getString("status"));
    assertEquals(HOST, building.getString("OS-EXT-SRV-ATTR:host"));
    assertEquals("nova", building.getString("OS-EXT-AZ:availability_zone"));
    assertEquals(512, hypervisor().getInteger("memory_mb_used"));
    answer(build, InstanceEvent.Kind.DONE, "active", InstanceEvent.RUNNING, null);
    awaitStatus(id, "ACTIVE");
    JsonObject active = show(id);
    assertEquals(1, active.getInteger("OS-EXT-STS:power_state"));
    assertNotNull(active.getString("OS-SRV-USG:launched_at"));
    assertEquals(1, new JsonObject(c.call("GET", "/v2.1/os-services", admin, null).body()).getJsonArray("services").size());

    assertEquals(202, action(id, "{\"os-stop\": null}"));
    Command stop = next(Command.Action.STOP);
    assertEquals(2, stop.seq());
    assertEquals(409, action(id, "{\"os-stop\": null}"), "task_state powering-off");
    answer(build, InstanceEvent.Kind.DONE, "active", InstanceEvent.RUNNING, null);
    answer(stop, InstanceEvent.Kind.DONE, "stopped", InstanceEvent.SHUTDOWN, null);
    awaitStatus(id, "SHUTOFF");
    assertEquals(409, action(id, "{\"os-stop\": null}"), "vm_state stopped");

    assertEquals(202, action(id, "{\"os-start\": null}"));
    answer(next(Command.Action.START), InstanceEvent.Kind.DONE, "active", InstanceEvent.RUNNING, null);
    awaitStatus(id, "ACTIVE");

    assertEquals(202, action(id, "{\"reboot\": {\"type\": \"HARD\"}}"));
    Command reboot = next(Command.Action.REBOOT);
    assertEquals("HARD", reboot.spec().getString("type"));
    assertEquals("HARD_REBOOT", show(id).getString("status"));
    answer(reboot, InstanceEvent.Kind.DONE, "active", InstanceEvent.RUNNING, null);
    awaitStatus(id, "ACTIVE");

    CompletableFuture<HttpResponse<String>> console = CompletableFuture.supplyAsync(() -> c.call("POST",
        "/v2.1/servers/" + id + "/action", demo, "{\"os-getConsoleOutput\": {\"length\": 10}}"));
    Command consoleCommand = next(Command.Action.CONSOLE);
    assertEquals(10, consoleCommand.spec().getInteger("length"));
    InstanceEvent output = new InstanceEvent(UUID.randomUUID().toString(), id, consoleCommand.id(), consoleCommand.seq(), HOST,
        InstanceEvent.Kind.CONSOLE, null, InstanceEvent.RUNNING, null, "login: \n", System.currentTimeMillis());
    TestCluster.await(c.sender.send(c.topics.events(), id, output.toJson().encode()));
    HttpResponse<String> log = console.get(30, TimeUnit.SECONDS);
    assertEquals(200, log.statusCode(), log.body());
    assertEquals("login: \n", new JsonObject(log.body()).getString("output"));

    InstanceEvent off = new InstanceEvent(UUID.randomUUID().toString(), id, null, consoleCommand.seq(), HOST,
        InstanceEvent.Kind.POWER_STATE, null, InstanceEvent.SHUTDOWN, null, null, System.currentTimeMillis());
    TestCluster.await(c.sender.send(c.topics.events(), id, off.toJson().encode()));
    awaitStatus(id, "SHUTOFF");

    assertEquals(202, action(id, "{\"os-start\": null}"));
    Command start = next(Command.Action.START);
    c.stopCompute();
    c.startCompute();
    Command resent = next(Command.Action.START);
    assertEquals(start.id(), resent.id(), "the command without an outcome is sent again after a restart");
    assertEquals(start.seq(), resent.seq());
    answer(resent, InstanceEvent.Kind.DONE, "active", InstanceEvent.RUNNING, null);
    awaitStatus(id, "ACTIVE");

    assertEquals(204, c.call("DELETE", "/v2.1/servers/" + id, demo, null).statusCode());
    Command delete = next(Command.Action.DELETE);
    assertEquals("deleting", show(id).getString("OS-EXT-STS:task_state"));
    answer(delete, InstanceEvent.Kind.DONE, "deleted", InstanceEvent.NOSTATE, null);
    eventually(WAIT, "the server to be gone", () -> c.call("GET", "/v2.1/servers/" + id, demo, null).statusCode() == 404);
    assertEquals(0, hypervisor().getInteger("memory_mb_used"));
  }

  @Test
  void failedBuildIsErrorWithTheAgentsFaultAndFreesTheHost() throws Exception {
    report();
    JsonObject body = new JsonObject().put("server", new JsonObject().put("name", "doomed").put("imageRef", imageId)
        .put("flavorRef", "2"));
    HttpResponse<String> created = c.call("POST", "/v2.1/servers", demo, body.encode());
    assertEquals(202, created.statusCode(), created.body());
    String id = new JsonObject(created.body()).getJsonObject("server").getString("id");
    Command build = next(Command.Action.BUILD);
    assertEquals(id, build.instanceId());
    answer(build, InstanceEvent.Kind.FAILED, "error", InstanceEvent.NOSTATE,
        new JsonObject().put("code", 500).put("message", "Image checksum mismatch").put("details", "md5 differs"));
    awaitStatus(id, "ERROR");
    assertEquals("Image checksum mismatch", show(id).getJsonObject("fault").getString("message"));
    assertEquals(0, hypervisor().getInteger("memory_mb_used"));
    assertEquals(204, c.call("DELETE", "/v2.1/servers/" + id, demo, null).statusCode());
    answer(next(Command.Action.DELETE), InstanceEvent.Kind.DONE, "deleted", InstanceEvent.NOSTATE, null);
    eventually(WAIT, "the server to be gone", () -> c.call("GET", "/v2.1/servers/" + id, demo, null).statusCode() == 404);
  }
}
