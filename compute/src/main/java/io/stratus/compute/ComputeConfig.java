package io.stratus.compute;

import io.stratus.common.config.ConfigKey;
import io.stratus.common.config.ConfigLoader;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** compute-api's configuration: every key declared once, with its default and meaning. */
public record ComputeConfig(
    String host,
    int port,
    String publicUrl,
    String identityUrl,
    String imageUrl,
    String kafkaBootstrap,
    String topicPrefix,
    double cpuAllocationRatio,
    double ramAllocationRatio,
    double diskAllocationRatio,
    String weigher,
    Duration serviceDown,
    int quotaInstances,
    int quotaCores,
    long quotaRamMb,
    Duration tokenCacheTtl,
    Duration timeout,
    Duration consoleTimeout) {

  public static final String ENV_PREFIX = "STRATUS_COMPUTE_";

  public static final List<ConfigKey> KEYS = List.of(
      new ConfigKey("host", "127.0.0.1", "address to listen on"),
      new ConfigKey("port", "8774", "port to listen on (0 picks a free one)"),
      new ConfigKey("public-url", null, "base URL clients reach this service at, e.g. http://127.0.0.1:8080/compute"
          + "; unset: from the Host or X-Forwarded-Host header"),
      new ConfigKey("identity-url", "http://127.0.0.1:5000", "base URL of the identity service (v3 lives at /v3)"),
      new ConfigKey("image-url", "http://127.0.0.1:8080/image", "base URL of the image service (Glance v2 lives at /v2)"),
      new ConfigKey("kafka-bootstrap", "127.0.0.1:9092", "Kafka bootstrap.servers"),
      new ConfigKey("topic-prefix", "stratus.compute", "prefix of the compute topics"),
      new ConfigKey("cpu-allocation-ratio", "16.0", "virtual CPUs the scheduler places per physical CPU of a host"),
      new ConfigKey("ram-allocation-ratio", "1.5", "RAM the scheduler places per MiB a host has"),
      new ConfigKey("disk-allocation-ratio", "1.0", "disk the scheduler places per GiB a host has"),
      new ConfigKey("weigher", "spread", "host choice among those that fit: spread (most free RAM first) or pack (least)"),
      new ConfigKey("service-down-seconds", "60", "a host whose last report is older than this is down"),
      new ConfigKey("quota-instances", "10", "default instances per project"),
      new ConfigKey("quota-cores", "20", "default vCPUs per project"),
      new ConfigKey("quota-ram-mb", "51200", "default RAM per project, in MiB"),
      new ConfigKey("token-cache-seconds", "60", "seconds a validated token is trusted without asking identity"),
      new ConfigKey("timeout-seconds", "30", "seconds identity, the image service or Kafka may stay silent"),
      new ConfigKey("console-timeout-seconds", "30", "seconds to wait for an agent's console output"));

  public ComputeConfig {
    if (!weigher.equals("spread") && !weigher.equals("pack")) throw invalid("weigher must be spread or pack, not " + weigher);
    if (cpuAllocationRatio <= 0 || ramAllocationRatio <= 0 || diskAllocationRatio <= 0) {
      throw invalid("allocation ratios must be positive");
    }
    if (serviceDown.isNegative() || serviceDown.isZero()) throw invalid("service-down-seconds must be positive");
  }

  /** Loads defaults, --config file, STRATUS_COMPUTE_* variables and --flags, in that order. */
  public static ComputeConfig load(Map<String, String> env, List<String> args) {
    return from(ConfigLoader.load(KEYS, ENV_PREFIX, env, args));
  }

  /** The configuration from resolved key values. */
  public static ComputeConfig from(Map<String, String> v) {
    return new ComputeConfig(v.get("host"), (int) number(v, "port"), v.get("public-url"), v.get("identity-url"),
        v.get("image-url"), v.get("kafka-bootstrap"), v.get("topic-prefix"), ratio(v, "cpu-allocation-ratio"),
        ratio(v, "ram-allocation-ratio"), ratio(v, "disk-allocation-ratio"), v.get("weigher"),
        Duration.ofSeconds(number(v, "service-down-seconds")), (int) number(v, "quota-instances"),
        (int) number(v, "quota-cores"), number(v, "quota-ram-mb"), Duration.ofSeconds(number(v, "token-cache-seconds")),
        Duration.ofSeconds(number(v, "timeout-seconds")), Duration.ofSeconds(number(v, "console-timeout-seconds")));
  }

  /** A config for tests and embedding: defaults except the given values. */
  public static ComputeConfig of(Map<String, String> values) {
    return load(Map.of(), values.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
  }

  private static long number(Map<String, String> values, String key) {
    try {
      return Long.parseLong(values.get(key).trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw invalid(key + " must be an integer, not '" + values.get(key) + "'");
    }
  }

  private static double ratio(Map<String, String> values, String key) {
    try {
      return Double.parseDouble(values.get(key).trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw invalid(key + " must be a number, not '" + values.get(key) + "'");
    }
  }

  private static StratusException invalid(String message) {
    return new StratusException(ErrorCode.INVALID_CONFIG, message);
  }
}
