package io.stratus.platform;

import io.stratus.ring.cli.RingCli;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.Arrays;

/** The {@code stratus} launcher: one entry point for every sub-command. */
public final class Stratus {

  static final String USAGE = String.join(System.lineSeparator(),
      "usage: stratus <command> [args]",
      "  all-in-one [--data-dir DIR] [--identity-port PORT]",
      "             [--kafka-port PORT | --kafka-bootstrap HOST:PORT | --no-kafka]",
      "                                set up (first run) and run the all-in-one platform until stopped;",
      "                                Kafka is embedded (port 9092, 0 = any free) unless external or off",
      "  ring <builder_file> ...       build and inspect rings (stratus ring --help)",
      "  version                       print the version");

  private Stratus() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a sub-command; returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "ring":
        return new RingCli(out, err, InstantSource.system()).run(rest);
      case "all-in-one":
        return AllInOne.run(rest, out, err);
      case "version":
        out.println("stratus " + version());
        return 0;
      case "help":
      case "-h":
      case "--help":
        out.println(USAGE);
        return 0;
      default:
        err.println("unknown command '" + args[0] + "'");
        err.println(USAGE);
        return 2;
    }
  }

  static String version() {
    String v = Stratus.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }
}
