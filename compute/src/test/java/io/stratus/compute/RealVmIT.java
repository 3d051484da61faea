package io.stratus.compute;

import static io.stratus.compute.AgentTestBed.buildSpec;
import static io.stratus.compute.AgentTestBed.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stratus.compute.message.Command.Action;
import io.stratus.compute.message.InstanceEvent;
import io.stratus.gateway.TestCluster;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real QEMU/TCG guest through the agent and qemu:///system: a kernel (AKI) and a busybox initramfs (ARI)
 * uploaded to the image service, an empty AMI naming both, a build that boots it directly, the guest's marker
 * in the console output, then a stop, a start, a soft reboot (this guest ignores ACPI: both end in a destroy after
 * the shutdown timeout), a guest that powers itself off (seen by the power-state sync)
 * and a delete. Runs only where STRATUS_REAL_VM=1 and shared/tools/libvirt/setup.sh has left a kernel
 * and initramfs in /var/lib/vmprobe with libvirtd running.
 */
class RealVmIT {
  private static final Path VMPROBE = Path.of(System.getenv().getOrDefault("VMPROBE_DIR", "/var/lib/vmprobe"));
  private static final String HOST = "real-1";

  @TempDir
  Path dir;

  @Test
  void aKernelAndInitramfsBootUnderTcgAndPrintTheirMarker() throws Exception {
    assumeTrue("1".equals(System.getenv("STRATUS_REAL_VM")), "set STRATUS_REAL_VM=1 to boot a real VM");
    assumeTrue(Files.isReadable(VMPROBE.resolve("vmlinuz")) && Files.isReadable(VMPROBE.resolve("initramfs.cpio.gz")),
        "no guest kernel and initramfs in " + VMPROBE);
    // QEMU runs as libvirt-qemu: it must be able to reach the cached kernel and the console log under the data dir
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    try (AgentTestBed bed = AgentTestBed.start(dir)) {
      JsonObject kernel = bed.image(new JsonObject().put("name", "vmlinuz").put("disk_format", "aki")
          .put("container_format", "aki"), Files.readAllBytes(VMPROBE.resolve("vmlinuz")));
      JsonObject ramdisk = bed.image(new JsonObject().put("name", "initramfs").put("disk_format", "ari")
          .put("container_format", "ari"), Files.readAllBytes(VMPROBE.resolve("initramfs.cpio.gz")));
      JsonObject ami = bed.image(new JsonObject().put("name", "busybox").put("disk_format", "ami").put("container_format", "ami")
          .put("kernel_id", kernel.getString("id")).put("ramdisk_id", ramdisk.getString("id"))
          .put("os_command_line", "console=ttyS0 panic=-1 probe_id=stratus vmmode=stay"), new byte[0]);
      ComputeAgent agent = bed.agent(HOST, dir.resolve("agent"), Map.of("libvirt-uri", "qemu:///system",
          "shutdown-timeout-seconds", "5"));
      try {
        run(bed, ami, agent);
      } finally {
        TestCluster.await(agent.close());
      }
    }
  }

  private void run(AgentTestBed bed, JsonObject ami, ComputeAgent agent) throws Exception {
    String id = UUID.randomUUID().toString();
    long t0 = System.nanoTime();
    InstanceEvent built = bed.call(command(HOST, id, 1, Action.BUILD, buildSpec(ami)));
    assertEquals(InstanceEvent.Kind.DONE, built.kind(), () -> "build: " + built);
    long active = System.nanoTime();
    String marker = awaitConsole(bed, id, 2, "VM-BOOTED-OK probe_id=stratus");
    long booted = System.nanoTime();
    System.out.printf("REAL VM: ACTIVE after %.2f s, marker after %.2f s: %s%n", (active - t0) / 1e9, (booted - t0) / 1e9,
        marker.lines().filter(l -> l.contains("VM-BOOTED-OK")).findFirst().orElse("").trim());

    InstanceEvent stopped = bed.call(command(HOST, id, 100_000, Action.STOP, null));
    assertEquals(List.of(InstanceEvent.Kind.DONE, "stopped", InstanceEvent.SHUTDOWN),
        List.of(stopped.kind(), stopped.vmState(), stopped.powerState()));
    InstanceEvent started = bed.call(command(HOST, id, 100_001, Action.START, null));
    assertEquals(List.of(InstanceEvent.Kind.DONE, "active", InstanceEvent.RUNNING),
        List.of(started.kind(), started.vmState(), started.powerState()));
    InstanceEvent rebooted = bed.call(command(HOST, id, 100_002, Action.REBOOT, new JsonObject().put("type", "SOFT")));
    assertEquals(List.of(InstanceEvent.Kind.DONE, "active", InstanceEvent.RUNNING),
        List.of(rebooted.kind(), rebooted.vmState(), rebooted.powerState()));
    InstanceEvent deleted = bed.call(command(HOST, id, 100_003, Action.DELETE, null));
    assertEquals("deleted", deleted.vmState());

    String off = UUID.randomUUID().toString();
    JsonObject poweroff = ami.copy().put("os_command_line", "console=ttyS0 panic=-1 probe_id=off vmmode=poweroff");
    assertEquals(InstanceEvent.Kind.DONE, bed.call(command(HOST, off, 1, Action.BUILD, buildSpec(poweroff))).kind());
    InstanceEvent change = bed.events.await(e -> off.equals(e.instanceId()) && e.kind() == InstanceEvent.Kind.POWER_STATE);
    assertEquals(List.of("stopped", InstanceEvent.SHUTDOWN), List.of(change.vmState(), change.powerState()));
    String log = Files.readString(dir.resolve("agent/instances/" + off + "/console.log"), StandardCharsets.UTF_8);
    assertTrue(log.contains("VM-BOOTED-OK probe_id=off"), log);
    assertEquals("deleted", bed.call(command(HOST, off, 2, Action.DELETE, null)).vmState());
  }

  /** Asks for the console output (seq, seq+1, …) until it holds the marker. */
  private String awaitConsole(AgentTestBed bed, String id, long seq, String marker) {
    long deadline = System.nanoTime() + AgentTestBed.WAIT.toNanos() * 2;
    for (long s = seq; System.nanoTime() < deadline; s++) {
      InstanceEvent console = bed.call(command(HOST, id, s, Action.CONSOLE, new JsonObject().put("length", 50)));
      if (console.output().contains(marker)) return console.output();
    }
    throw new AssertionError("no marker in the console output");
  }
}
