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
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher: dispatch, and the all-in-one's rings made on first start and reused after. */
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

  @Test
  void allInOneBuildsRingsOnceAndReusesThem() throws Exception {
    assertEquals(0, run("all-in-one", "--data-dir", dir.toString()), err.toString(StandardCharsets.UTF_8));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("object    ring created: 1024 partitions, 3 replicas"));
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
    byte[] before = Files.readAllBytes(ringDir.resolve("object.ring"));
    assertEquals(0, run("all-in-one", "--data-dir", dir.toString()));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("object    ring loaded"));
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
  }
}
