package io.stratus.platform;

import io.stratus.bench.BenchMain;
import io.stratus.ring.cli.RingCli;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.Arrays;

/** The {@code stratus} launcher: one entry point for every sub-command. */
public final class Stratus {

  static final String USAGE = String.join(System.lineSeparator(),
      "usage: stratus <command> [args]",
      "  all-in-one [--data-dir DIR] [--gateway-port PORT] [--identity-port PORT] [--image-port PORT]",
      "             [--compute-port PORT] [--libvirt-uri URI] [--storage-port-base PORT]",
      "             [--kafka-port PORT | --kafka-bootstrap HOST:PORT | --no-kafka]",
      "                                set up (first run) and run the all-in-one platform until stopped:",
      "                                gateway on 8080, identity on 5000, image on 9292, compute-api on 8774, storage nodes",
      "                                on 6201-6204 (0 = free ports); Kafka is embedded (port 9092, 0 = any free) unless",
      "                                external or off; the compute-agent uses libvirt's test:///default unless told",
      "                                otherwise (qemu:///system for real VMs)",
      "  object-server [--config FILE] [--key=value ...]",
      "                                run one storage node (--help lists its keys)",
      "  gateway [--config FILE] [--key=value ...]",
      "                                run the gateway over ring-dir's rings, in front of identity-url",
      "  identity [--config FILE] [--key=value ...]",
      "                                run the identity service",
      "  image [--config FILE] [--key=value ...]",
      "                                run the image service (Glance v2; bytes in the object store)",
      "  compute-api [--config FILE] [--key=value ...]",
      "                                run compute-api (Nova v2.1 and the scheduler; needs Kafka)",
      "  compute-agent [--config FILE] [--key=value ...]",
      "                                run a compute-agent for this host's libvirt (needs Kafka)",
      "  ring <builder_file> ...       build and inspect rings (stratus ring --help)",
      "  bench run|compare|report ...  load-generate against Swift, S3, Keystone, Glance or Nova endpoints",
      "                                (stratus bench help)",
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
      case "bench":
        return BenchMain.run(rest, out, err);
      case "object-server":
      case "gateway":
      case "identity":
      case "image":
      case "compute-api":
      case "compute-agent":
        return ServiceCommand.run(args[0], rest, out, err, System.getenv());
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
