package io.stratus.bench.cli;

import io.stratus.bench.workload.OpMix;
import io.stratus.bench.workload.SizeDistribution;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Everything one benchmark run needs, validated; built from {@link CliArgs}. */
public record BenchConfig(
    String workload,
    OpMix mix,
    SizeDistribution sizes,
    int concurrency,
    double rate,
    Duration duration,
    long requests,
    int threads,
    Duration timeout,
    String container,
    int prepareObjects,
    SizeDistribution prepareSizes,
    String prepareMode,
    String keyPrefix,
    boolean cleanup,
    int listLimit,
    String listFormat,
    long seed,
    AuthConfig auth,
    int tokens,
    ServerConfig servers,
    List<String> monitors,
    String out,
    String html,
    String label,
    boolean quiet) {

  /** Operations of the object workloads. */
  public static final List<String> OBJECT_OPS = List.of("put", "get", "head", "delete", "list");
  /** Operations of the Keystone workload. */
  public static final List<String> KEYSTONE_OPS = List.of("issue", "validate");
  /** Operations of the Glance workload. */
  public static final List<String> GLANCE_OPS = List.of("upload", "download", "delete");
  /** Operations of the Nova workload. */
  public static final List<String> NOVA_OPS = List.of("launch", "delete");

  /**
   * Credentials and endpoints: Swift (tempauth, Keystone or URL+token), S3 keys, Keystone, and the
   * image and compute endpoints that override the Keystone catalog's.
   */
  public record AuthConfig(String authUrl, String user, String key, String project, String userDomain,
      String projectDomain, String region, String storageUrl, String token, String s3Endpoint,
      String accessKey, String secretKey, String imageUrl, String computeUrl) {

    /** Whether the auth URL is a Keystone v3 URL (else tempauth v1.0). */
    public boolean keystone() {
      return authUrl.contains("/v3");
    }
  }

  /** What the Nova workload boots and how it waits: image and flavor (names or ids), poll interval. */
  public record ServerConfig(String image, String flavor, Duration poll, Duration waitTimeout) {}

  /** Builds and validates a config; throws IllegalArgumentException naming the bad option. */
  public static BenchConfig from(CliArgs args) {
    String workload = args.get("workload").toLowerCase(Locale.ROOT);
    List<String> allowed = switch (workload) {
      case "swift", "s3" -> OBJECT_OPS;
      case "keystone" -> KEYSTONE_OPS;
      case "glance" -> GLANCE_OPS;
      case "nova" -> NOVA_OPS;
      default -> throw new IllegalArgumentException("--workload must be swift, s3, keystone, glance or nova");
    };
    String mixSpec = args.get("mix").isEmpty() ? defaultMix(workload) : args.get("mix");
    boolean glance = workload.equals("glance");
    SizeDistribution sizes = SizeDistribution.parse(glance && !args.given("size") ? "64MiB" : args.get("size"));
    int prepareObjects = glance && !args.given("prepare-objects") ? 4 : Integer.parseInt(args.get("prepare-objects"));
    SizeDistribution prepareSizes = args.get("prepare-size").isEmpty()
        ? sizes : SizeDistribution.parse(args.get("prepare-size"));
    AuthConfig auth = new AuthConfig(args.get("auth-url"), args.get("user"), args.get("key"),
        args.get("project"), args.get("user-domain"), args.get("project-domain"), args.get("region"),
        args.get("storage-url"), args.get("token"), args.get("endpoint"), args.get("access-key"),
        args.get("secret-key"), args.get("image-url"), args.get("compute-url"));
    ServerConfig servers = new ServerConfig(args.get("image"), args.get("flavor"),
        Duration.ofMillis(positiveInt(args, "poll-ms")), parseDuration(args.get("wait-timeout")));
    BenchConfig config = new BenchConfig(workload, OpMix.parse(mixSpec, allowed), sizes,
        positiveInt(args, "concurrency"), Double.parseDouble(args.get("rate")),
        parseDuration(args.get("duration")), Long.parseLong(args.get("requests")),
        positiveInt(args, "threads"), parseDuration(args.get("timeout")), args.get("container"),
        prepareObjects, prepareSizes, args.get("prepare"),
        args.get("key-prefix"), args.flag("cleanup"), positiveInt(args, "list-limit"),
        args.get("list-format"), Long.parseLong(args.get("seed")), auth,
        positiveInt(args, "tokens"), servers, args.all("monitor"), args.get("out"), args.get("html"),
        args.get("label"), args.flag("quiet"));
    config.validate();
    return config;
  }

  private void validate() {
    if (!List.of("auto", "always", "never").contains(prepareMode)) {
      throw new IllegalArgumentException("--prepare must be auto, always or never");
    }
    if (!List.of("plain", "json").contains(listFormat)) {
      throw new IllegalArgumentException("--list-format must be plain or json");
    }
    if (rate < 0 || requests < 0 || prepareObjects < 0) {
      throw new IllegalArgumentException("--rate, --requests and --prepare-objects must be >= 0");
    }
    if (workload.equals("s3") && (auth.s3Endpoint().isEmpty() || auth.accessKey().isEmpty())) {
      throw new IllegalArgumentException("s3 needs --endpoint, --access-key and --secret-key");
    }
    if (workload.equals("keystone") && !auth.keystone()) {
      throw new IllegalArgumentException("keystone needs --auth-url http://host:port/.../v3");
    }
    if (workload.equals("swift") && auth.authUrl().isEmpty()
        && (auth.storageUrl().isEmpty() || auth.token().isEmpty())) {
      throw new IllegalArgumentException("swift needs --auth-url, or --storage-url and --token");
    }
    if ((mix.has("get") || mix.has("head") || mix.has("download")) && prepareObjects == 0) {
      throw new IllegalArgumentException("get/head/download need --prepare-objects > 0");
    }
    if (workload.equals("glance") && !auth.keystone() && (auth.imageUrl().isEmpty() || auth.token().isEmpty())) {
      throw new IllegalArgumentException("glance needs --auth-url .../v3, or --image-url and --token");
    }
    if (workload.equals("nova")) {
      validateNova();
    }
  }

  private void validateNova() {
    if (!auth.keystone() && (auth.computeUrl().isEmpty() || auth.token().isEmpty())) {
      throw new IllegalArgumentException("nova needs --auth-url .../v3, or --compute-url and --token");
    }
    if (servers.image().isEmpty() || servers.flavor().isEmpty()) {
      throw new IllegalArgumentException("nova needs --image NAME_OR_ID and --flavor NAME_OR_ID");
    }
  }

  private static String defaultMix(String workload) {
    return switch (workload) {
      case "keystone" -> "issue:50,validate:50";
      case "glance" -> "upload:50,download:50";
      case "nova" -> "launch";
      default -> "put:50,get:50";
    };
  }

  /** The same config with cleanup switched on or off (compare rounds clean up only at the end). */
  public BenchConfig withCleanup(boolean on) {
    return new BenchConfig(workload, mix, sizes, concurrency, rate, duration, requests, threads, timeout,
        container, prepareObjects, prepareSizes, prepareMode, keyPrefix, on, listLimit, listFormat, seed,
        auth, tokens, servers, monitors, out, html, label, quiet);
  }

  /** Whether the run is open loop (a target rate). */
  public boolean openLoop() {
    return rate > 0;
  }

  private static int positiveInt(CliArgs args, String name) {
    int v = Integer.parseInt(args.get(name));
    if (v <= 0) {
      throw new IllegalArgumentException("--" + name + " must be > 0");
    }
    return v;
  }

  /** Parses 500ms, 20s, 2m, 1h, or a plain number of seconds. */
  public static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    double n = Double.parseDouble(t.replaceAll("[smh]$", ""));
    long unitMillis = t.endsWith("m") ? 60_000 : t.endsWith("h") ? 3_600_000 : 1000;
    return Duration.ofMillis(Math.round(n * unitMillis));
  }
}
