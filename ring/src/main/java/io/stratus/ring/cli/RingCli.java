package io.stratus.ring.cli;

import io.stratus.ring.Device;
import io.stratus.ring.RingData;
import io.stratus.ring.RingFile;
import io.stratus.ring.builder.RebalanceResult;
import io.stratus.ring.builder.RingBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code stratus ring <builder file> <command> …}: the operator's ring tool, like
 * {@code swift-ring-builder}. Exit status 0 on success, 1 on a warning (nothing to do, not yet
 * balanced), 2 on an error.
 */
public final class RingCli {

  public static final int EXIT_SUCCESS = 0;
  public static final int EXIT_WARNING = 1;
  public static final int EXIT_ERROR = 2;

  static final String USAGE = String.join(System.lineSeparator(),
      "usage: stratus ring <builder_file> [command] [args]",
      "  create <part_power> <replicas> <min_part_hours>",
      "  [info]                                  summary and device table",
      "  add r<region>z<zone>-<ip>:<port>[R<ip>:<port>]/<device>[_<meta>] <weight> [...]",
      "  add --region N --zone N --ip IP --port N [--replication-ip IP --replication-port N]",
      "      --device NAME --weight W [--meta TEXT]",
      "  remove <search> [...] [--yes]           mark devices for removal at the next rebalance",
      "  set_weight <search> <weight> [...] [--yes]",
      "  set_min_part_hours <hours>",
      "  set_overload <factor>[%]",
      "  pretend_min_part_hours_passed",
      "  rebalance [--seed N] [--force]          rebalance, then write builder and ring file",
      "  write_ring                              write the ring file from the builder",
      "  list [<search>]                         the devices (matching the search)",
      "  validate                                check the partition table",
      "  dispersion [--verbose]                  how widely replicas are spread per tier",
      "  history                                 the changes recorded in the builder file",
      "search: d<id>r<region>z<zone>-<ip>:<port>R<ip>:<port>/<device>_<meta>, every part optional");

  private final PrintStream out;
  private final PrintStream err;
  private final InstantSource clock;

  public RingCli(PrintStream out, PrintStream err, InstantSource clock) {
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(new RingCli(System.out, System.err, InstantSource.system()).run(args));
  }

  /** Runs one command; returns the exit status. */
  public int run(String... args) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
      (args.length == 0 ? err : out).println(USAGE);
      return args.length == 0 ? EXIT_ERROR : EXIT_SUCCESS;
    }
    Path builderFile = Path.of(args[0]);
    String command = args.length > 1 ? args[1] : "info";
    CliArgs rest = new CliArgs(Arrays.asList(args).subList(Math.min(2, args.length), args.length));
    try {
      if (command.equals("create")) {
        return create(builderFile, rest);
      }
      RingBuilder builder = load(builderFile);
      return dispatch(command, builderFile, builder, rest);
    } catch (NoSuchFileException e) {
      err.println("Builder file " + builderFile + " does not exist: run `stratus ring " + builderFile
          + " create <part_power> <replicas> <min_part_hours>` first");
      return EXIT_ERROR;
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return EXIT_ERROR;
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return EXIT_ERROR;
    }
  }

  private int dispatch(String command, Path builderFile, RingBuilder b, CliArgs a) throws IOException {
    switch (command) {
      case "info":
        a.done();
        RingReports.info(out, builderFile.getFileName().toString(), b, ringState(builderFile, b));
        return EXIT_SUCCESS;
      case "add":
        return add(builderFile, b, a);
      case "remove":
        return remove(builderFile, b, a);
      case "set_weight":
        return setWeight(builderFile, b, a);
      case "set_min_part_hours":
        b.setMinPartHours(a.intArg("hours"));
        a.done();
        return save(builderFile, b, "The minimum number of hours before a partition can be reassigned is now "
            + b.minPartHours());
      case "set_overload":
        b.setOverload(parseOverload(a.next("overload factor")));
        a.done();
        return save(builderFile, b, "The overload factor is now " + RingBuilder.formatOverload(b.overload()));
      case "pretend_min_part_hours_passed":
        a.done();
        b.pretendMinPartHoursPassed();
        return save(builderFile, b, "Every partition may now be reassigned at the next rebalance.");
      case "rebalance":
        return rebalance(builderFile, b, a);
      case "write_ring":
      case "write":
        a.done();
        RingFile.write(ringFile(builderFile), b.toRingData());
        out.println("Wrote " + ringFile(builderFile) + " (ring version " + b.version() + ")");
        return EXIT_SUCCESS;
      case "list":
      case "search":
        return list(b, a);
      case "validate":
        a.done();
        return validate(b);
      case "dispersion":
        boolean verbose = a.flag("--verbose") | a.flag("-v");
        a.done();
        RingReports.dispersion(out, b, verbose);
        return EXIT_SUCCESS;
      case "history":
        a.done();
        RingReports.history(out, b);
        return EXIT_SUCCESS;
      default:
        err.println("unknown command '" + command + "'");
        err.println(USAGE);
        return EXIT_ERROR;
    }
  }

  private int create(Path builderFile, CliArgs a) throws IOException {
    int partPower = a.intArg("part_power");
    int replicas = a.intArg("replicas");
    int minPartHours = a.intArg("min_part_hours");
    a.done();
    if (Files.exists(builderFile)) {
      err.println("error: " + builderFile + " already exists");
      return EXIT_ERROR;
    }
    RingBuilder.create(partPower, replicas, minPartHours, clock).save(builderFile);
    out.printf(Locale.ROOT, "Created %s: %d partitions, %d replicas, min_part_hours %d%n", builderFile,
        1 << partPower, replicas, minPartHours);
    return EXIT_SUCCESS;
  }

  private int add(Path builderFile, RingBuilder b, CliArgs a) throws IOException {
    List<Device> added = new ArrayList<>();
    if (a.peekIsOption()) {
      DeviceSpec spec = new DeviceSpec(null, a.intOption("--region", 1), a.intOption("--zone", null),
          a.option("--ip"), a.intOption("--port", null), a.option("--replication-ip"),
          a.intOption("--replication-port", null), a.option("--device"), a.option("--meta"));
      String weight = a.option("--weight");
      a.done();
      if (weight == null) {
        throw new IllegalArgumentException("add needs --weight");
      }
      added.add(spec.toDevice(b.nextDeviceId(), parseWeight(weight)));
      b.addDevice(added.get(0));
    } else {
      do {
        DeviceSpec spec = DeviceSpec.parse(a.next("device"));
        Device d = spec.toDevice(b.nextDeviceId(), parseWeight(a.next("weight")));
        b.addDevice(d);
        added.add(d);
      } while (a.hasNext());
    }
    for (Device d : added) {
      out.printf(Locale.ROOT, "Device %s with %.2f weight got id %d%n", d.describe(), d.weight(), d.id());
    }
    return save(builderFile, b, null);
  }

  private int remove(Path builderFile, RingBuilder b, CliArgs a) throws IOException {
    boolean yes = a.flag("--yes");
    do {
      for (Device d : matching(b, a.next("search"), yes)) {
        b.removeDevice(d.id());
        out.println(d.describe() + " marked for removal and will be removed next rebalance.");
      }
    } while (a.hasNext());
    return save(builderFile, b, null);
  }

  private int setWeight(Path builderFile, RingBuilder b, CliArgs a) throws IOException {
    boolean yes = a.flag("--yes");
    do {
      List<Device> devices = matching(b, a.next("search"), yes);
      double weight = parseWeight(a.next("weight"));
      for (Device d : devices) {
        b.setWeight(d.id(), weight);
        out.printf(Locale.ROOT, "%s weight set to %.2f%n", d.describe(), weight);
      }
    } while (a.hasNext());
    return save(builderFile, b, null);
  }

  private int rebalance(Path builderFile, RingBuilder b, CliArgs a) throws IOException {
    boolean force = a.flag("--force");
    String seedText = a.option("--seed");
    a.done();
    boolean devicesChanged = b.devicesChanged();
    long secondsLeft = b.minPartSecondsLeft();
    double lastBalance = b.balance();
    RebalanceResult r = seedText == null ? b.rebalance() : b.rebalance(parseLong(seedText, "seed"));
    if (r.changedPartitions() == 0 && !force && r.removedDevices() == 0) {
      out.println("No partitions could be reassigned.");
      out.println(secondsLeft > 0
          ? "The time between rebalances must be at least min_part_hours: " + b.minPartHours() + " hours ("
              + secondsLeft + " s remaining)"
          : "There is no need to do so at this time.");
      return EXIT_WARNING;
    }
    boolean cowardly = !force && !devicesChanged && Math.abs(lastBalance - r.balance()) < 1
        && lastBalance != RingBuilder.MAX_BALANCE && r.balance() != RingBuilder.MAX_BALANCE;
    if (cowardly) {
      out.println("Cowardly refusing to save rebalance as it did not change at least 1%.");
      return EXIT_WARNING;
    }
    List<String> problems = b.validate();
    if (!problems.isEmpty()) {
      err.println("error: the rebalance produced an invalid table, nothing saved: " + problems.get(0));
      return EXIT_ERROR;
    }
    writeAll(builderFile, b);
    out.printf(Locale.ROOT, "Reassigned %d (%.2f%%) partitions. Balance is now %.2f.  Dispersion is now %.2f%n",
        r.changedPartitions(), 100.0 * r.changedPartitions() / b.partitionCount(), r.balance(), r.dispersion());
    int status = EXIT_SUCCESS;
    if (r.dispersion() > 0) {
      out.printf(Locale.ROOT, "NOTE: Dispersion of %.6f indicates some parts are not optimally dispersed.%n"
          + "      You may want to adjust some device weights, increase the overload or review the dispersion"
          + " report.%n", r.dispersion());
      status = EXIT_WARNING;
    }
    if (r.balance() > 5 && r.balance() / 100.0 > b.overload()) {
      out.printf(Locale.ROOT, "NOTE: Balance of %.2f indicates you should push this ring, wait at least %d hours,"
          + " and rebalance/repush.%n", r.balance(), b.minPartHours());
      status = EXIT_WARNING;
    }
    return status;
  }

  private void writeAll(Path builderFile, RingBuilder b) throws IOException {
    Path ring = ringFile(builderFile);
    Path parent = builderFile.toAbsolutePath().getParent();
    Path backups = parent.resolve("backups");
    Files.createDirectories(backups);
    long ts = clock.instant().getEpochSecond();
    RingData data = b.toRingData();
    RingFile.write(backups.resolve(ts + "." + ring.getFileName()), data);
    b.save(backups.resolve(ts + "." + builderFile.getFileName()));
    RingFile.write(ring, data);
    b.save(builderFile);
  }

  private int list(RingBuilder b, CliArgs a) {
    List<Device> devices = a.hasNext() ? matching(b, a.next("search"), true) : b.devices();
    a.done();
    RingReports.devices(out, b, devices);
    return EXIT_SUCCESS;
  }

  private int validate(RingBuilder b) {
    List<String> problems = b.validate();
    if (problems.isEmpty()) {
      out.println("The builder and its partition table are valid.");
      return EXIT_SUCCESS;
    }
    problems.forEach(p -> err.println("invalid: " + p));
    return EXIT_ERROR;
  }

  private List<Device> matching(RingBuilder b, String search, boolean many) {
    DeviceSpec spec = DeviceSpec.parse(search);
    List<Device> found = b.devices().stream().filter(spec::matches).toList();
    if (found.isEmpty()) {
      throw new IllegalArgumentException("no device matches '" + search + "'");
    }
    if (found.size() > 1 && !many) {
      throw new IllegalArgumentException("'" + search + "' matches " + found.size()
          + " devices; pass --yes to change them all");
    }
    return found;
  }

  private int save(Path builderFile, RingBuilder b, String message) throws IOException {
    b.save(builderFile);
    if (message != null) {
      out.println(message);
    }
    return EXIT_SUCCESS;
  }

  private RingBuilder load(Path builderFile) throws IOException {
    return RingBuilder.load(builderFile, clock);
  }

  private static String ringState(Path builderFile, RingBuilder b) {
    Path ring = ringFile(builderFile);
    if (!Files.exists(ring)) {
      return "Ring file " + ring + " not found, probably it hasn't been written yet";
    }
    try {
      RingData data = RingFile.read(ring);
      return "Ring file " + ring + (data.version() == b.version() && !b.devicesChanged() ? " is up-to-date"
          : " is obsolete (version " + data.version() + ", builder " + b.version() + ")");
    } catch (IOException e) {
      return "Ring file " + ring + " is unreadable: " + e.getMessage();
    }
  }

  /** {@code object.builder} → {@code object.ring}. */
  public static Path ringFile(Path builderFile) {
    String name = builderFile.getFileName().toString();
    String base = name.endsWith(".builder") ? name.substring(0, name.length() - ".builder".length()) : name;
    return builderFile.resolveSibling(base + ".ring");
  }

  private static double parseWeight(String text) {
    try {
      double w = Double.parseDouble(text);
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("weight must be a number >= 0, got '" + text + "'");
      }
      return w;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("weight must be a number, got '" + text + "'", e);
    }
  }

  private static double parseOverload(String text) {
    boolean percent = text.endsWith("%");
    try {
      double v = Double.parseDouble(percent ? text.substring(0, text.length() - 1) : text);
      return percent ? v / 100 : v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("overload must be a number like 0.1 or 10%, got '" + text + "'", e);
    }
  }

  static long parseLong(String text, String what) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be an integer, got '" + text + "'", e);
    }
  }
}
