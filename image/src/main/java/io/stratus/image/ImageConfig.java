package io.stratus.image;

import io.stratus.common.config.ConfigKey;
import io.stratus.common.config.ConfigLoader;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The image service's configuration: every key declared once, with its default and meaning. */
public record ImageConfig(
    String host,
    int port,
    Path dataDir,
    String publicUrl,
    String identityUrl,
    String objectStoreUrl,
    String serviceUser,
    String servicePassword,
    String serviceProject,
    String serviceDomain,
    String container,
    long segmentBytes,
    boolean formatCheck,
    long quotaImages,
    long quotaBytes,
    Duration tokenCacheTtl,
    Duration timeout,
    int storeThreads) {

  public static final String ENV_PREFIX = "STRATUS_IMAGE_";
  private static final long MIB = 1024 * 1024;

  public static final List<ConfigKey> KEYS = List.of(
      new ConfigKey("host", "0.0.0.0", "address to listen on"),
      new ConfigKey("port", "9292", "port to listen on (0 picks a free one)"),
      new ConfigKey("data-dir", "data/image", "directory of the image registry (RocksDB)"),
      new ConfigKey("public-url", null, "base URL clients reach this service at, e.g. http://gateway:8080/image"
          + "; unset: from the Host header"),
      new ConfigKey("identity-url", "http://127.0.0.1:5000", "base URL of the identity service (v3 lives at /v3)"),
      new ConfigKey("object-store-url", "http://127.0.0.1:8080", "base URL of the gateway whose Swift API keeps the image bytes"),
      new ConfigKey("service-user", "glance", "the image service's own user, which owns the image bytes"),
      new ConfigKey("service-password", null, "that user's password"),
      new ConfigKey("service-project", "service", "the project the service user's token is scoped to"),
      new ConfigKey("service-domain", "default", "domain id of the service user and project"),
      new ConfigKey("container", "glance", "the Swift container of the image bytes"),
      new ConfigKey("segment-mib", "128", "size of one stored segment of an image, in MiB"),
      new ConfigKey("format-check", "true", "inspect uploads that claim a disk format (qcow2: no backing or data file)"),
      new ConfigKey("quota-images", "-1", "images a project may have (-1: no limit)"),
      new ConfigKey("quota-bytes", "-1", "bytes of image data a project may store (-1: no limit)"),
      new ConfigKey("token-cache-seconds", "60", "seconds a validated token is trusted without asking identity"),
      new ConfigKey("timeout", "60", "seconds identity or the object store may stay silent"),
      new ConfigKey("store-threads", "4", "worker threads of the registry"));

  public ImageConfig {
    if (segmentBytes < MIB) throw invalid("segment-mib must be at least 1");
    if (storeThreads < 1) throw invalid("store-threads must be positive");
  }

  /** Loads defaults, --config file, STRATUS_IMAGE_* variables and --flags, in that order. */
  public static ImageConfig load(Map<String, String> env, List<String> args) {
    return from(ConfigLoader.load(KEYS, ENV_PREFIX, env, args));
  }

  /** The configuration from resolved key values. */
  public static ImageConfig from(Map<String, String> v) {
    return new ImageConfig(v.get("host"), (int) number(v, "port"), Path.of(v.get("data-dir")), v.get("public-url"),
        v.get("identity-url"), v.get("object-store-url"), v.get("service-user"), v.get("service-password"),
        v.get("service-project"), v.get("service-domain"), v.get("container"), number(v, "segment-mib") * MIB,
        Boolean.parseBoolean(v.get("format-check")), number(v, "quota-images"), number(v, "quota-bytes"),
        Duration.ofSeconds(number(v, "token-cache-seconds")), Duration.ofSeconds(number(v, "timeout")),
        (int) number(v, "store-threads"));
  }

  /** A config for tests and embedding: defaults except the given values. */
  public static ImageConfig of(Map<String, String> overrides) {
    return load(Map.of(), overrides.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
  }

  private static long number(Map<String, String> values, String key) {
    try {
      return Long.parseLong(values.get(key).trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw invalid(key + " must be an integer, not '" + values.get(key) + "'");
    }
  }

  private static StratusException invalid(String message) {
    return new StratusException(ErrorCode.INVALID_CONFIG, message);
  }
}
