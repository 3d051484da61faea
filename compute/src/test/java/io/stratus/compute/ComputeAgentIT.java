package io.stratus.compute;

import static io.stratus.compute.AgentTestBed.buildSpec;
import static io.stratus.compute.AgentTestBed.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.compute.agent.Hypervisor;
import io.stratus.compute.message.Command.Action;
import io.stratus.compute.message.HostReport;
import io.stratus.compute.message.InstanceEvent;
import io.stratus.gateway.TestCluster;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compute-agent against a real image service, identity, storage, Kafka and libvirt's test driver: commands
 * go to its host's topic, its answers are read from the events topic, domains are checked on its own libvirt
 * connection.
 */
class ComputeAgentIT {
  private static final String HOST = "node-a";

  @TempDir
  static Path dir;
  static AgentTestBed bed;
  static ComputeAgent agent;
  static JsonObject image;
  static byte[] imageData;

  @BeforeAll
  static void start() throws Exception {
    bed = AgentTestBed.start(dir);
    agent = bed.agent(HOST, dir.resolve("agent-a"), Map.of());
    imageData = random(1, 3 * 1024 * 1024 + 17);
    image = bed.image(new JsonObject().put("name", "raw-1").put("disk_format", "raw").put("container_format", "bare"), imageData);
  }

  @AfterAll
  static void stop() {
    if (agent != null) TestCluster.await(agent.close());
    if (bed != null) bed.close();
  }

  @Test
  void buildStopStartRebootConsoleDelete() throws Exception {
    String id = UUID.randomUUID().toString();
    InstanceEvent built = bed.call(command(HOST, id, 1, Action.BUILD, buildSpec(image)));
    assertEquals(InstanceEvent.Kind.DONE, built.kind(), () -> "build: " + built);
    assertEquals("active", built.vmState());
    assertEquals(InstanceEvent.RUNNING, built.powerState());
    assertEquals(HOST, built.host());
    assertEquals(1, built.seq());
    assertEquals(InstanceEvent.RUNNING, power(id));

    Path cached = dir.resolve("agent-a/images/" + image.getString("id"));
    assertEquals(image.getString("checksum"), hex("MD5", Files.readAllBytes(cached)));
    assertEquals(image.getString("os_hash_value"), hex("SHA-512", Files.readAllBytes(cached)));
    Path disk = dir.resolve("agent-a/instances/" + id + "/disk");
    assertTrue(Files.exists(disk), "the instance has a disk");
    assertTrue(Files.size(disk) < imageData.length, "the disk is a qcow2 overlay, not a copy");

    InstanceEvent stopped = bed.call(command(HOST, id, 2, Action.STOP, null));
    assertEquals(List.of(InstanceEvent.Kind.DONE, "stopped", InstanceEvent.SHUTDOWN),
        List.of(stopped.kind(), stopped.vmState(), stopped.powerState()));
    assertEquals(InstanceEvent.SHUTDOWN, power(id));

    InstanceEvent started = bed.call(command(HOST, id, 3, Action.START, null));
    assertEquals(List.of(InstanceEvent.Kind.DONE, "active", InstanceEvent.RUNNING),
        List.of(started.kind(), started.vmState(), started.powerState()));
    assertEquals(InstanceEvent.RUNNING, power(id));

    for (String type : List.of("SOFT", "HARD")) {
      InstanceEvent rebooted = bed.call(command(HOST, id, type.equals("SOFT") ? 4 : 5, Action.REBOOT,
          new JsonObject().put("type", type)));
      assertEquals(List.of(InstanceEvent.Kind.DONE, "active", InstanceEvent.RUNNING),
          List.of(rebooted.kind(), rebooted.vmState(), rebooted.powerState()), type);
      assertEquals(InstanceEvent.RUNNING, power(id));
    }

    InstanceEvent console = bed.call(command(HOST, id, 6, Action.CONSOLE, new JsonObject().put("length", 10)));
    assertEquals(InstanceEvent.Kind.CONSOLE, console.kind());
    assertEquals("", console.output(), "the test driver writes nothing to the console log");

    var delete = command(HOST, id, 7, Action.DELETE, null);
    InstanceEvent deleted = bed.call(delete);
    assertEquals(List.of(InstanceEvent.Kind.DONE, "deleted"), List.of(deleted.kind(), deleted.vmState()));
    assertEquals(Hypervisor.NO_DOMAIN, power(id));
    assertFalse(Files.exists(dir.resolve("agent-a/instances/" + id)), "the instance's directory is gone");

    bed.send(delete);
    bed.events.await(e -> count(delete.id()) > 1);
    assertTrue(bed.events.all().stream().filter(e -> delete.id().equals(e.commandId())).allMatch(e -> e.id().equals(deleted.id())),
        "a repeated delete is answered with the same event");

    InstanceEvent unknown = bed.call(command(HOST, UUID.randomUUID().toString(), 1, Action.DELETE, null));
    assertEquals(List.of(InstanceEvent.Kind.DONE, "deleted"), List.of(unknown.kind(), unknown.vmState()));
  }

  @Test
  void aRepeatedCommandIsAnsweredAgainButNotDoneAgain() {
    String id = UUID.randomUUID().toString();
    var build = command(HOST, id, 1, Action.BUILD, buildSpec(image));
    InstanceEvent built = bed.call(build);
    assertEquals(InstanceEvent.Kind.DONE, built.kind(), () -> "build: " + built);
    InstanceEvent stopped = bed.call(command(HOST, id, 2, Action.STOP, null));
    assertEquals("stopped", stopped.vmState());

    bed.send(build);
    bed.events.await(e -> count(build.id()) > 1);
    assertTrue(bed.events.all().stream().filter(e -> build.id().equals(e.commandId())).allMatch(e -> e.id().equals(built.id())),
        "the same event is sent again");
    InstanceEvent console = bed.call(command(HOST, id, 3, Action.CONSOLE, null));
    assertEquals(InstanceEvent.Kind.CONSOLE, console.kind());
    assertEquals(InstanceEvent.SHUTDOWN, power(id), "the build was not done again: the domain is still off");
  }

  @Test
  void aMalformedCommandIsSkipped() {
    TestCluster.await(bed.sender.send(bed.topics.commands(HOST), "junk", "{not json"));
    TestCluster.await(bed.sender.send(bed.topics.commands(HOST), UUID.randomUUID().toString(),
        new JsonObject().put("id", "x").put("action", "FLY").encode()));
    InstanceEvent after = bed.call(command(HOST, UUID.randomUUID().toString(), 1, Action.STOP, null));
    assertEquals(InstanceEvent.Kind.FAILED, after.kind());
    assertEquals(404, after.fault().getInteger("code"), "an unknown instance: " + after.fault());
  }

  @Test
  void aWrongChecksumFailsTheBuildAndLeavesNothingInTheCache() throws Exception {
    JsonObject fresh = bed.image(new JsonObject().put("name", "raw-2").put("disk_format", "raw").put("container_format", "bare"),
        random(2, 200_000));
    String imageId = fresh.getString("id");
    for (JsonObject claims : List.of(fresh.copy().put("checksum", "0123456789abcdef0123456789abcdef"),
        fresh.copy().put("os_hash_value", "ab".repeat(64)))) {
      String id = UUID.randomUUID().toString();
      InstanceEvent failed = bed.call(command(HOST, id, 1, Action.BUILD, buildSpec(claims)));
      assertEquals(InstanceEvent.Kind.FAILED, failed.kind());
      assertEquals("error", failed.vmState());
      assertEquals(500, failed.fault().getInteger("code"));
      assertTrue(failed.fault().getString("message").contains("failed verification"), failed.fault().encode());
      assertEquals(Hypervisor.NO_DOMAIN, power(id));
      try (var files = Files.list(dir.resolve("agent-a/images"))) {
        assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(imageId)), "no cache entry, no partial file");
      }
    }
    InstanceEvent ok = bed.call(command(HOST, UUID.randomUUID().toString(), 1, Action.BUILD, buildSpec(fresh)));
    assertEquals(InstanceEvent.Kind.DONE, ok.kind(), () -> "with the right checksums: " + ok);
  }

  @Test
  void concurrentBuildsOfOneImageShareItsDownload() {
    JsonObject fresh = bed.image(new JsonObject().put("name", "qcow").put("disk_format", "raw").put("container_format", "bare"),
        random(3, 1_000_000));
    List<String> ids = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
    var commands = ids.stream().map(id -> command(HOST, id, 1, Action.BUILD, buildSpec(fresh))).toList();
    commands.forEach(bed::send);
    for (var c : commands) {
      InstanceEvent e = bed.events.await(ev -> c.id().equals(ev.commandId()));
      assertEquals(InstanceEvent.Kind.DONE, e.kind(), () -> "build: " + e);
    }
    for (String id : ids) assertEquals(InstanceEvent.RUNNING, power(id));
  }

  @Test
  void aKernelAndRamdiskImageBootsDirectly() throws Exception {
    JsonObject kernel = bed.image(new JsonObject().put("name", "k").put("disk_format", "aki").put("container_format", "aki"),
        "not really a kernel".getBytes(StandardCharsets.UTF_8));
    JsonObject ramdisk = bed.image(new JsonObject().put("name", "r").put("disk_format", "ari").put("container_format", "ari"),
        "not really a ramdisk".getBytes(StandardCharsets.UTF_8));
    JsonObject ami = bed.image(new JsonObject().put("name", "m").put("disk_format", "ami").put("container_format", "ami")
        .put("kernel_id", kernel.getString("id")).put("ramdisk_id", ramdisk.getString("id"))
        .put("os_command_line", "console=ttyS0 panic=-1 marker=<&>"), new byte[0]);
    String id = UUID.randomUUID().toString();
    InstanceEvent built = bed.call(command(HOST, id, 1, Action.BUILD, buildSpec(ami)));
    assertEquals(InstanceEvent.Kind.DONE, built.kind(), () -> "build: " + built);
    JsonObject domain = new JsonObject(Files.readString(dir.resolve("agent-a/instances/" + id + "/instance.json")))
        .getJsonObject("domain");
    assertEquals(dir.resolve("agent-a/images/" + kernel.getString("id")).toAbsolutePath().toString(), domain.getString("kernel"));
    assertEquals(dir.resolve("agent-a/images/" + ramdisk.getString("id")).toAbsolutePath().toString(), domain.getString("ramdisk"));
    assertEquals("console=ttyS0 panic=-1 marker=<&>", domain.getString("cmdline"));
    assertNull(domain.getString("disk"), "an empty AMI has no disk");
    assertEquals(InstanceEvent.RUNNING, power(id));
  }

  @Test
  void aGuestThatPowersItselfOffIsReportedStopped() {
    String id = UUID.randomUUID().toString();
    var build = command(HOST, id, 1, Action.BUILD, buildSpec(image));
    assertEquals(InstanceEvent.Kind.DONE, bed.call(build).kind());
    TestCluster.await(agent.hypervisor().shutdown(id));
    InstanceEvent change = bed.events.await(e -> id.equals(e.instanceId()) && e.kind() == InstanceEvent.Kind.POWER_STATE);
    assertEquals(List.of("stopped", InstanceEvent.SHUTDOWN, 1L), List.of(change.vmState(), change.powerState(), change.seq()));
    assertNull(change.commandId());
    InstanceEvent started = bed.call(command(HOST, id, 2, Action.START, null));
    assertEquals("active", started.vmState());
  }

  @Test
  void aRestartedAgentDefinesItsDomainsAgainAndKeepsTheirPowerState() throws Exception {
    String host = "node-b";
    Path data = dir.resolve("agent-b");
    Map<String, String> settings = Map.of("libvirt-uri", AgentTestBed.privateTestUri(dir.resolve("node-b.xml")),
        "vcpus", "64", "memory-mb", "262144", "disk-gb", "1000");
    ComputeAgent first = bed.agent(host, data, settings);
    String running = UUID.randomUUID().toString();
    String stopped = UUID.randomUUID().toString();
    try {
      assertEquals(InstanceEvent.Kind.DONE, bed.call(command(host, running, 1, Action.BUILD, buildSpec(image))).kind());
      assertEquals(InstanceEvent.Kind.DONE, bed.call(command(host, stopped, 1, Action.BUILD, buildSpec(image))).kind());
      assertEquals(InstanceEvent.Kind.DONE, bed.call(command(host, stopped, 2, Action.STOP, null)).kind());
    } finally {
      TestCluster.await(first.close());
    }
    ComputeAgent second = bed.agent(host, data, settings);
    try {
      assertEquals(InstanceEvent.RUNNING, (int) TestCluster.await(second.hypervisor().powerState(running)));
      assertEquals(InstanceEvent.SHUTDOWN, (int) TestCluster.await(second.hypervisor().powerState(stopped)));
      InstanceEvent started = bed.call(command(host, stopped, 3, Action.START, null));
      assertEquals(List.of(InstanceEvent.Kind.DONE, "active"), List.of(started.kind(), started.vmState()));
      HostReport report = bed.reports.await(r -> r.host().equals(host));
      assertEquals(List.of(64, 262144L, 1000L, "TEST"), List.of(report.vcpus(), report.memoryMb(), report.diskGb(),
          report.hypervisorType()));
    } finally {
      TestCluster.await(second.close());
    }
  }

  @Test
  void theAgentReportsItsHost() {
    long since = System.currentTimeMillis();
    HostReport report = bed.reports.await(r -> r.host().equals(HOST) && r.at() >= since);
    assertEquals("nova", report.zone());
    assertEquals("TEST", report.hypervisorType());
    assertEquals("test:///default", report.hypervisorUri());
    assertTrue(report.vcpus() > 0 && report.memoryMb() > 0 && report.diskGb() > 0, report.toJson().encode());
    assertNotEquals(0, report.at());
  }

  private static int power(String id) {
    return TestCluster.await(agent.hypervisor().powerState(id));
  }

  private static long count(String commandId) {
    return bed.events.all().stream().filter(e -> commandId.equals(e.commandId())).count();
  }

  private static byte[] random(long seed, int size) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static String hex(String algorithm, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }
}
