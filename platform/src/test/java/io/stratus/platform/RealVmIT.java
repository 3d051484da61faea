package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stratus.platform.Launcher.Launched;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real VM: the all-in-one's agent on {@code qemu:///system} (QEMU under TCG), Debian's kernel and a busybox
 * initramfs (made by compute/vm/prepare-guest.sh, which ./run-tests runs, into $STRATUS_GUEST_DIR) uploaded
 * to Glance as AKI and ARI images and an AMI naming them; `openstack server create --wait` boots it with
 * direct kernel boot and `openstack console log show` must show the line the guest's /init prints, with the
 * marker passed on the kernel command line (the image's os_command_line).
 */
class RealVmIT {
  private static final long CLI_TIMEOUT_SECONDS = 180;
  private static final long BOOT_TIMEOUT_MILLIS = 180_000;

  @TempDir
  static Path dir;
  private static Launched running;

  @BeforeAll
  static void checkHost() throws Exception {
    assumeTrue(Cli.onPath("openstack"), "the openstack CLI is not installed (./run-tests installs it)");
    Path guest = Path.of(System.getenv().getOrDefault("STRATUS_GUEST_DIR", "/var/lib/stratus/guest"));
    assumeTrue(Files.isReadable(guest.resolve("vmlinuz")) && Files.isReadable(guest.resolve("initramfs.cpio.gz")),
        "no guest kernel and initramfs in " + guest + ": run compute/vm/prepare-guest.sh (./run-tests does it as root)");
    Process virsh = new ProcessBuilder("virsh", "-q", "-c", "qemu:///system", "version").redirectErrorStream(true).start();
    assumeTrue(virsh.waitFor() == 0, "qemu:///system does not answer: start libvirtd with compute/vm/libvirtd.sh"
        + " (./run-tests does it as root)");
    // QEMU runs as libvirt-qemu and must reach the instance files under the agent's data directory
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path files = Files.createDirectories(dir.resolve("files"));
    Files.copy(guest.resolve("vmlinuz"), files.resolve("vmlinuz"));
    Files.copy(guest.resolve("initramfs.cpio.gz"), files.resolve("initramfs.cpio.gz"));
    Files.write(files.resolve("root.img"), new byte[1 << 20]);
    running = Launcher.launch(dir, List.of("--libvirt-uri", "qemu:///system"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (running != null && running.process().isAlive()) {
      try {
        // a failed test must not leave a QEMU guest behind in libvirtd, which outlives the platform
        new Cli(dir.resolve("files"), dir).openstack(running, Map.of(), CLI_TIMEOUT_SECONDS, "server", "delete", "--wait", "real-vm");
      } catch (AssertionError ignored) {
        // no such server: nothing to clean up
      }
    }
    Launcher.kill(running);
  }

  @Test
  void aGuestBootsFromKernelAndRamdiskImagesAndItsConsoleShowsTheMarker() throws Exception {
    Cli cli = new Cli(dir.resolve("files"), dir);
    String kernel = id(cli, "image", "create", "--file", "vmlinuz", "--disk-format", "aki", "--container-format", "aki",
        "--public", "guest-kernel");
    String ramdisk = id(cli, "image", "create", "--file", "initramfs.cpio.gz", "--disk-format", "ari", "--container-format",
        "ari", "--public", "guest-ramdisk");
    String marker = UUID.randomUUID().toString();
    id(cli, "image", "create", "--file", "root.img", "--disk-format", "ami", "--container-format", "ami", "--public",
        "--property", "kernel_id=" + kernel, "--property", "ramdisk_id=" + ramdisk,
        "--property", "os_command_line=console=ttyS0 stratus_marker=" + marker, "guest");
    long t0 = System.nanoTime();
    JsonObject server = new JsonObject(cli.openstack(running, Map.of(), CLI_TIMEOUT_SECONDS, "server", "create", "--image",
        "guest", "--flavor", "m1.tiny", "--wait", "-f", "json", "real-vm"));
    long active = System.nanoTime();
    assertEquals("ACTIVE", server.getString("status"), server.encode());
    String console = "";
    long deadline = System.currentTimeMillis() + BOOT_TIMEOUT_MILLIS;
    // the kernel echoes its command line (with the marker) early; the guest's /init prints the line looked for
    String line = "STRATUS-GUEST-BOOTED kernel=";
    while (System.currentTimeMillis() < deadline && !booted(console, line, marker)) {
      console = cli.openstack(running, Map.of(), CLI_TIMEOUT_SECONDS, "console", "log", "show", "real-vm");
    }
    long booted = System.nanoTime();
    assertTrue(booted(console, line, marker), "console:\n" + console);
    System.out.printf("real VM: API -> ACTIVE %d ms, API -> console marker %d ms%n", (active - t0) / 1_000_000,
        (booted - t0) / 1_000_000);
    cli.openstack(running, Map.of(), CLI_TIMEOUT_SECONDS, "server", "delete", "--wait", "real-vm");
    Launcher.stopWithSigterm(running);
  }

  private static boolean booted(String console, String line, String marker) {
    return console.lines().anyMatch(l -> l.contains(line) && l.contains(" marker=" + marker + " "));
  }

  private static String id(Cli cli, String... args) throws Exception {
    String[] withFormat = java.util.Arrays.copyOf(args, args.length + 4);
    System.arraycopy(new String[] {"-f", "value", "-c", "id"}, 0, withFormat, args.length - 1, 4);
    withFormat[args.length + 3] = args[args.length - 1];
    return cli.openstack(running, Map.of(), CLI_TIMEOUT_SECONDS, withFormat).strip();
  }
}
