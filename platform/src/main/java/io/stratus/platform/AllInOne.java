package io.stratus.platform;

import io.stratus.ring.Device;
import io.stratus.ring.PathHasher;
import io.stratus.ring.Ring;
import io.stratus.ring.RingFile;
import io.stratus.ring.builder.RingBuilder;
import io.stratus.ring.cli.RingCli;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;

/**
 * The all-in-one platform under one data directory. On first start it builds the account, container
 * and object rings (four storage devices in four zones, three replicas); later starts reuse them.
 * Services join here as their modules land; today the rings are what exists.
 */
final class AllInOne {

  static final List<String> RINGS = List.of("account", "container", "object");
  static final int PART_POWER = 10;
  static final int REPLICAS = 3;
  static final int FIRST_PORT = 6201;
  static final int DEVICES = 4;

  private AllInOne() {
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Path dataDir = Path.of("data");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--data-dir") && i + 1 < args.length) {
        dataDir = Path.of(args[++i]);
      } else {
        err.println("unexpected argument '" + args[i] + "'; usage: stratus all-in-one [--data-dir DIR]");
        return 2;
      }
    }
    try {
      Path ringDir = dataDir.resolve("rings");
      Files.createDirectories(ringDir);
      out.println("Stratus all-in-one, data in " + dataDir.toAbsolutePath());
      PathHasher hasher = Rings.hasher(ringDir);
      for (String name : RINGS) {
        Path builder = ringDir.resolve(name + ".builder");
        boolean created = ensureRing(builder);
        Ring ring = Ring.load(RingCli.ringFile(builder), hasher);
        out.printf(Locale.ROOT, "  %-9s ring %s: %d partitions, %d replicas, %d devices (%s)%n", name,
            created ? "created" : "loaded", ring.partitionCount(), ring.replicaCount(), ring.devices().size(),
            RingCli.ringFile(builder));
      }
      out.println("Storage nodes, identity, gateway, image and compute services are not part of this build yet;"
          + " nothing else to start.");
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("error: cannot set up the all-in-one platform in " + dataDir + ": " + e.getMessage());
      return 1;
    }
  }

  /** Builds and writes the ring of {@code builderFile} unless it exists; true if it was built. */
  private static boolean ensureRing(Path builderFile) throws IOException {
    Path ringFile = RingCli.ringFile(builderFile);
    if (Files.exists(builderFile) && Files.exists(ringFile)) {
      return false;
    }
    RingBuilder b = RingBuilder.create(PART_POWER, REPLICAS, 1, InstantSource.system());
    for (int i = 0; i < DEVICES; i++) {
      b.addDevice(Device.of(i, 1, i + 1, "127.0.0.1", FIRST_PORT + i, "d" + (i + 1), 100));
    }
    b.rebalance(1);
    b.save(builderFile);
    RingFile.write(ringFile, b.toRingData());
    return true;
  }
}
