package io.stratus.bench.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of {@code bench}: each option declared once with its default and
 * description; parsing keeps every value given (repeatable options) and refuses unknown names.
 */
public final class CliArgs {

  /** One declared option; {@code flag} options take no value. */
  public record Option(String name, String defaultValue, boolean flag, String description) {}

  /** Every option, in the order the help lists them. */
  public static final List<Option> OPTIONS = List.of(
      new Option("workload", "swift", false, "swift | s3 | keystone | glance | nova"),
      new Option("mix", "", false, "operation weights, e.g. put:50,get:50 (swift/s3: put get head delete list;"
          + " keystone: issue validate; glance: upload download delete; nova: launch delete); default"
          + " put:50,get:50, issue:50,validate:50, upload:50,download:50 or launch"),
      new Option("size", "4KiB", false, "object or image sizes: 4KiB | 1KiB-1MiB (uniform) | 4KiB:80,1MiB:20"
          + " (weighted); glance default 64MiB"),
      new Option("concurrency", "16", false, "closed loop: requests in flight; rate mode: connections"),
      new Option("rate", "0", false, "open loop: target requests/s (latency from intended send time); 0 = closed loop"),
      new Option("duration", "20s", false, "how long to run (500ms, 20s, 2m)"),
      new Option("requests", "0", false, "stop after this many requests instead (0 = use duration)"),
      new Option("threads", "2", false, "event-loop threads of the client"),
      new Option("timeout", "60s", false, "idle timeout of one request"),
      new Option("container", "stratus-bench", false, "Swift container / S3 bucket used by the run"),
      new Option("prepare-objects", "1000", false, "objects to pre-populate for get/head/list, images for"
          + " download (glance default 4; 0 = none)"),
      new Option("prepare-size", "", false, "size distribution of pre-populated objects (default: --size)"),
      new Option("prepare", "auto", false, "auto (skip if the container already holds enough objects; glance: reuse"
          + " active images of the prepared names) | always | never"),
      new Option("key-prefix", "o-", false, "name prefix of pre-populated objects and images (<prefix>00000 ...)"),
      new Option("cleanup", "", true, "delete the objects the run created (and pre-populated) and the container;"
          + " the images it made; the servers it launched"),
      new Option("list-limit", "10000", false, "limit of container listings"),
      new Option("list-format", "plain", false, "plain | json (Swift listing format)"),
      new Option("seed", "1", false, "random seed of op choice, sizes, keys and payload"),
      new Option("auth-url", "", false, "Swift: tempauth .../auth/v1.0 or Keystone .../v3; keystone, glance,"
          + " nova: .../v3"),
      new Option("user", "", false, "tempauth account:user, or Keystone user name"),
      new Option("key", "", false, "tempauth key or Keystone password"),
      new Option("project", "", false, "Keystone project name (default: the user name)"),
      new Option("user-domain", "Default", false, "Keystone user domain name"),
      new Option("project-domain", "Default", false, "Keystone project domain name"),
      new Option("region", "", false, "Keystone catalog region / S3 signing region (default us-east-1)"),
      new Option("storage-url", "", false, "Swift storage URL (skips auth when --token is given)"),
      new Option("token", "", false, "auth token instead of a login (swift: with --storage-url; glance: with"
          + " --image-url; nova: with --compute-url and --image-url)"),
      new Option("endpoint", "", false, "S3 endpoint URL (path-style), e.g. http://127.0.0.1:8080"),
      new Option("access-key", "", false, "S3 access key"),
      new Option("secret-key", "", false, "S3 secret key"),
      new Option("tokens", "100", false, "keystone validate: tokens issued in the prepare phase"),
      new Option("image-url", "", false, "glance/nova: image endpoint, e.g. http://127.0.0.1:8080/image"
          + " (default: the catalog's public image endpoint)"),
      new Option("compute-url", "", false, "nova: compute endpoint, e.g. http://127.0.0.1:8080/compute/v2.1"
          + " (default: the catalog's public compute endpoint)"),
      new Option("image", "", false, "nova: image to boot, name or id"),
      new Option("flavor", "", false, "nova: flavor to boot, name or id"),
      new Option("poll-ms", "50", false, "nova: interval of GET /servers/{id} while waiting for ACTIVE or"
          + " for a deleted server to go"),
      new Option("wait-timeout", "5m", false, "nova: longest wait for ACTIVE or for a deleted server to go"),
      new Option("monitor", "", false, "NAME=REGEX (processes whose command line matches, like pgrep -f)"
          + " or NAME=pid:1,2; repeatable"),
      new Option("out", "", false, "write the JSON results here"),
      new Option("html", "", false, "write an HTML report of this run here"),
      new Option("label", "", false, "free text stored with the run"),
      new Option("quiet", "", true, "no live progress line"),
      new Option("rounds", "3", false, "compare: A,B rounds; options --a.NAME / --b.NAME override NAME per side"),
      new Option("out-dir", "", false, "compare: write every round's JSON here"));

  private static final Set<String> REPEATABLE = Set.of("monitor");

  private final Map<String, List<String>> values;
  private final List<String> positional;

  private CliArgs(Map<String, List<String>> values, List<String> positional) {
    this.values = values;
    this.positional = positional;
  }

  /** Parses {@code --name value}, {@code --name=value}, flags and positional arguments. */
  public static CliArgs parse(List<String> args) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option option = option(name);
      if (option.flag()) {
        value = value == null ? "true" : value;
      } else if (value == null) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        value = args.get(++i);
      }
      values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return new CliArgs(values, positional);
  }

  private static Option option(String name) {
    String base = name.startsWith("a.") || name.startsWith("b.") ? name.substring(2) : name;
    for (Option o : OPTIONS) {
      if (o.name().equals(base)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown option --" + name + " (see: bench help)");
  }

  /** The arguments of one side of a compare: {@code --a.NAME} (or b.) replaces {@code --NAME}. */
  public CliArgs side(String side) {
    Map<String, List<String>> merged = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (!k.startsWith("a.") && !k.startsWith("b.")) {
        merged.put(k, v);
      }
    });
    values.forEach((k, v) -> {
      if (k.startsWith(side + ".")) {
        merged.put(k.substring(2), v);
      }
    });
    return new CliArgs(merged, positional);
  }

  /** The last value given for an option, or its declared default. */
  public String get(String name) {
    List<String> given = values.get(name);
    if (given != null && !given.isEmpty()) {
      return given.get(given.size() - 1);
    }
    return option(name).defaultValue();
  }

  /** Every value given for a repeatable option (comma-free values). */
  public List<String> all(String name) {
    if (!REPEATABLE.contains(name)) {
      throw new IllegalArgumentException(name + " is not repeatable");
    }
    return values.getOrDefault(name, List.of());
  }

  /** Whether a flag was given. */
  public boolean flag(String name) {
    return Boolean.parseBoolean(get(name));
  }

  /** Whether the option was given explicitly. */
  public boolean given(String name) {
    return values.containsKey(name);
  }

  /** Arguments that are not options (the command, report inputs). */
  public List<String> positional() {
    return positional;
  }

  /** The options as given, for the run metadata. */
  public Map<String, List<String>> asMap() {
    return values;
  }

  /** Help text listing every option. */
  public static String help() {
    StringBuilder sb = new StringBuilder();
    for (Option o : OPTIONS) {
      sb.append(String.format("  --%-16s %s%s%n", o.name() + (o.flag() ? "" : " V"), o.description(),
          o.defaultValue().isEmpty() ? "" : " [" + o.defaultValue() + "]"));
    }
    return sb.toString();
  }
}
