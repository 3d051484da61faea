package io.stratus.ring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.RingData;
import io.stratus.ring.RingFile;
import io.stratus.ring.builder.RingBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ring CLI end to end on real files: create, add, rebalance, list, remove, validate, dispersion. */
class RingCliTest {

  @TempDir
  Path dir;
  private Path builder;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() {
    builder = dir.resolve("object.builder");
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    InstantSource clock = () -> now;
    RingCli cli = new RingCli(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), clock);
    String[] full = new String[args.length + 1];
    full[0] = builder.toString();
    System.arraycopy(args, 0, full, 1, args.length);
    return cli.run(full);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private void createFourZones() {
    assertEquals(0, run("create", "8", "3", "1"), err());
    assertEquals(0, run("add", "r1z1-10.0.0.1:6200/sda", "100", "r1z2-10.0.0.2:6200/sda", "100",
        "r1z3-10.0.0.3:6200/sda", "100"), err());
    assertEquals(0, run("add", "--region", "1", "--zone", "4", "--ip", "10.0.0.4", "--port", "6200",
        "--device", "sda", "--weight", "100", "--meta", "rack4"), err());
  }

  @Test
  void createAddRebalanceWritesBuilderRingAndBackups() throws IOException {
    createFourZones();
    assertTrue(out().contains("Device d3r1z4-10.0.0.4:6200/sda_rack4 with 100.00 weight got id 3"), out());
    assertEquals(0, run("rebalance", "--seed", "7"), err());
    assertTrue(out().contains("Reassigned 256 (100.00%) partitions. Balance is now 0.00."), out());
    RingData ring = RingFile.read(dir.resolve("object.ring"));
    assertEquals(3, ring.replicaCount());
    assertEquals(256, ring.partitionCount());
    for (int p = 0; p < 256; p++) {
      Set<Integer> devs = new HashSet<>();
      for (int r = 0; r < 3; r++) {
        devs.add(ring.deviceId(r, p));
      }
      assertEquals(3, devs.size(), "partition " + p + " has two replicas on one device");
    }
    try (var files = Files.list(dir.resolve("backups"))) {
      assertEquals(2, files.count());
    }
    assertEquals(0, run(), err());
    assertTrue(out().contains("256 partitions, 3 replicas, 1 regions, 4 zones, 4 devices, 0.00 balance"), out());
    assertTrue(out().contains("object.ring is up-to-date"), out());
    assertEquals(0, run("validate"), err());
  }

  @Test
  void rebalanceWithinMinPartHoursChangesNothingAndWarns() {
    createFourZones();
    assertEquals(0, run("rebalance", "--seed", "1"));
    assertEquals(0, run("add", "r1z5-10.0.0.5:6200/sda", "100"));
    assertEquals(RingCli.EXIT_WARNING, run("rebalance", "--seed", "2"));
    assertTrue(out().contains("min_part_hours: 1 hours"), out());
    now = now.plus(Duration.ofHours(2));
    assertEquals(0, run("rebalance", "--seed", "2"), out() + err());
    assertTrue(out().startsWith("Reassigned "), out());
    assertEquals(RingCli.EXIT_WARNING, run("rebalance", "--seed", "3"));
  }

  @Test
  void removeAndSetWeightTakeSearchesAndRefuseAmbiguousOnes() throws IOException {
    createFourZones();
    assertEquals(RingCli.EXIT_ERROR, run("set_weight", "-10.0.0.1", "50", "d9", "1"));
    assertEquals(RingCli.EXIT_ERROR, run("set_weight", "r1", "50"));
    assertTrue(err().contains("matches 4 devices; pass --yes"), err());
    assertEquals(0, run("set_weight", "r1", "50", "--yes"), err());
    assertEquals(0, run("remove", "d2"), err());
    assertTrue(out().contains("d2r1z3-10.0.0.3:6200/sda marked for removal"), out());
    assertEquals(0, run("list", "z3"));
    assertTrue(out().contains("DEL"), out());
    assertEquals(0, run("rebalance", "--seed", "3"), out() + err());
    RingBuilder b = RingBuilder.load(builder, () -> now);
    assertEquals(3, b.devices().size());
    assertEquals(50.0, b.device(0).weight());
    assertEquals(RingCli.EXIT_ERROR, run("list", "d2"));
    assertTrue(err().contains("no device matches 'd2'"), err());
  }

  @Test
  void dispersionReportShowsEveryTier() {
    createFourZones();
    assertEquals(0, run("rebalance", "--seed", "4"));
    assertEquals(0, run("dispersion", "--verbose"));
    String report = out();
    assertTrue(report.startsWith("Dispersion is 0.000000"), report);
    assertTrue(report.contains("zone     r1z4"), report);
    assertTrue(report.contains("device   r1z4-10.0.0.4/d3"), report);
  }

  @Test
  void badInputGetsClearErrorsAndExitStatus2() throws IOException {
    assertEquals(RingCli.EXIT_ERROR, run("list"));
    assertTrue(err().contains("does not exist: run `stratus ring"), err());
    assertEquals(0, run("create", "8", "3", "1"));
    assertEquals(RingCli.EXIT_ERROR, run("create", "8", "3", "1"));
    assertTrue(err().contains("already exists"), err());
    assertEquals(RingCli.EXIT_ERROR, run("add", "r1z1-10.0.0.1/sda", "100"));
    assertTrue(err().contains("needs zone, ip, port and device name"), err());
    assertEquals(RingCli.EXIT_ERROR, run("add", "r1z1-10.0.0.1:6200/sda", "heavy"));
    assertTrue(err().contains("weight must be a number"), err());
    assertEquals(RingCli.EXIT_ERROR, run("add", "r1z1-10.0.0.1:6200/sda"));
    assertTrue(err().contains("missing weight"), err());
    assertEquals(RingCli.EXIT_ERROR, run("rebalance"));
    assertTrue(err().contains("no device has weight > 0"), err());
    assertEquals(RingCli.EXIT_ERROR, run("frobnicate"));
    assertTrue(err().contains("unknown command 'frobnicate'"), err());
    assertEquals(RingCli.EXIT_ERROR, run("validate"));
    assertTrue(err().contains("not been rebalanced"), err());
    Files.write(builder, new byte[] {1, 2, 3});
    assertEquals(RingCli.EXIT_ERROR, run("list"));
    assertTrue(err().contains("not a builder file or truncated"), err());
  }

  @Test
  void historyRecordsEveryChange() {
    createFourZones();
    assertEquals(0, run("set_overload", "10%"));
    assertEquals(0, run("set_min_part_hours", "24"));
    assertEquals(0, run("history"));
    String history = out();
    assertTrue(history.contains("create part_power=8 replicas=3 min_part_hours=1"), history);
    assertTrue(history.contains("add d3r1z4-10.0.0.4:6200/sda_rack4 weight 100.00"), history);
    assertTrue(history.contains("set_overload 10.00%"), history);
    assertTrue(history.contains("set_min_part_hours 24"), history);
    assertFalse(history.contains("rebalance"), history);
  }
}
