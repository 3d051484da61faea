package io.stratus.compute.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Instance disks made with the real qemu-img: the overlay's backing file and size in one run. */
class InstanceDisksTest {
  private static final Path QEMU_IMG = Path.of("/usr/bin/qemu-img");
  private static final long GIB = 1L << 30;

  @TempDir
  Path dir;

  @Test
  void virtualSizeOfRawIsItsLengthAndOfQcow2IsInItsHeader() throws Exception {
    assumeTrue(Files.isExecutable(QEMU_IMG), "qemu-img is not installed (apt-get install qemu-utils; ./run-tests does it)");
    Path raw = Files.write(dir.resolve("raw.img"), new byte[12345]);
    assertEquals(12345, InstanceDisks.virtualSize(raw, "raw"));
    Path qcow2 = dir.resolve("base.qcow2");
    run(QEMU_IMG.toString(), "create", "-q", "-f", "qcow2", qcow2.toString(), "3G");
    assertEquals(3 * GIB, InstanceDisks.virtualSize(qcow2, "qcow2"));
    assertThrows(InstanceFault.class, () -> InstanceDisks.virtualSize(raw, "qcow2"));
  }

  @Test
  void anOverlayGetsTheFlavorsSizeWhenBiggerAndTheImagesOtherwise() throws Exception {
    assumeTrue(Files.isExecutable(QEMU_IMG), "qemu-img is not installed (apt-get install qemu-utils; ./run-tests does it)");
    Path base = Files.write(dir.resolve("base.raw"), new byte[1 << 20]);
    Vertx vertx = Vertx.vertx();
    try {
      InstanceDisks disks = new InstanceDisks(QEMU_IMG, vertx.createSharedWorkerExecutor("disks-test", 1));
      ImageCache.CachedImage image = new ImageCache.CachedImage("img", base, 1 << 20, "raw");
      InstanceDisks.Disk grown = disks.create(dir.resolve("a"), image, 2).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      JsonObject info = new JsonObject(run(QEMU_IMG.toString(), "info", "--output=json", "-U", grown.path().toString()));
      assertEquals("qcow2", grown.format());
      assertEquals(2 * GIB, info.getLong("virtual-size"));
      assertEquals(base.toAbsolutePath().toString(), info.getString("backing-filename"));
      InstanceDisks.Disk same = disks.create(dir.resolve("b"), image, 0).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      assertEquals(1 << 20, new JsonObject(run(QEMU_IMG.toString(), "info", "--output=json", "-U", same.path().toString()))
          .getLong("virtual-size"));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
