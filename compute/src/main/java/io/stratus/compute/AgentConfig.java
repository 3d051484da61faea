package io.stratus.compute;

import io.stratus.common.config.ConfigKey;
import io.stratus.common.config.ConfigLoader;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.compute.message.Topics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A compute-agent's configuration: every key declared once, with its default and meaning.
 *
 * @param vcpus 0: what libvirt says the host has
 * @param memoryMb 0: what libvirt says the host has
 * @param diskGb 0: the free space of the data directory
 * @param qemuImg absent: instance disks are plain copies of the cached image
 * @param domainType the resolved libvirt domain type: test, qemu (TCG) or kvm
 */
public record AgentConfig(
    String hostName,
    String zone,
    String libvirtUri,
    Path dataDir,
    String kafkaBootstrap,
    Topics topics,
    String imageUrl,
    String identityUrl,
    String serviceUser,
    String servicePassword,
    String serviceProject,
    String serviceDomain,
    Duration heartbeat,
    Duration powerSync,
    int vcpus,
    long memoryMb,
    long diskGb,
    Path qemuImg,
    String domainType,
    Duration shutdownTimeout,
    Duration timeout) {

  public static final String ENV_PREFIX = "STRATUS_AGENT_";

  public static final List<ConfigKey> KEYS = List.of(
      new ConfigKey("host-name", null, "this host's name: the scheduler's host and the command topic's suffix"
          + "; unset: the machine's hostname"),
      new ConfigKey("zone", "nova", "the availability zone of this host"),
      new ConfigKey("libvirt-uri", "test:///default", "libvirt connection URI, e.g. qemu:///system for real VMs"),
      new ConfigKey("data-dir", "data/agent", "directory of the instance records, disks and console logs and of the image cache"),
      new ConfigKey("kafka-bootstrap", "127.0.0.1:9092", "Kafka bootstrap.servers"),
      new ConfigKey("topic-prefix", Topics.DEFAULT_PREFIX, "prefix of the compute topics"),
      new ConfigKey("image-url", "http://127.0.0.1:9292", "base URL of the image service (v2 lives at /v2)"),
      new ConfigKey("identity-url", "http://127.0.0.1:5000", "base URL of the identity service (v3 lives at /v3)"),
      new ConfigKey("service-user", "nova", "the agent's own user, whose token downloads images"),
      new ConfigKey("service-password", null, "that user's password"),
      new ConfigKey("service-project", "service", "the project the service user's token is scoped to"),
      new ConfigKey("service-domain", "default", "domain id of the service user and project"),
      new ConfigKey("heartbeat-seconds", "10", "seconds between two host reports"),
      new ConfigKey("power-sync-seconds", "10", "seconds between two comparisons of the domains with the instance records"),
      new ConfigKey("vcpus", "0", "vCPUs to offer the scheduler (0: the host's CPUs as libvirt reports them)"),
      new ConfigKey("memory-mb", "0", "MiB of RAM to offer (0: the host's memory as libvirt reports it)"),
      new ConfigKey("disk-gb", "0", "GiB of instance disk to offer (0: the data directory's free space)"),
      new ConfigKey("qemu-img", "/usr/bin/qemu-img", "qemu-img, for copy-on-write instance disks (absent: disks are copies)"),
      new ConfigKey("domain-type", "auto", "libvirt domain type: auto (test for test: URIs, else qemu), test, qemu (TCG) or kvm"),
      new ConfigKey("shutdown-timeout-seconds", "60", "seconds a guest has to power off on a stop before it is destroyed"),
      new ConfigKey("timeout-seconds", "60", "seconds identity or the image service may stay silent"));

  public AgentConfig {
    if (hostName == null || hostName.isBlank()) throw invalid("host-name must not be empty");
    if (!List.of("test", "qemu", "kvm").contains(domainType)) throw invalid("domain-type must be auto, test, qemu or kvm");
    if (heartbeat.isZero() || heartbeat.isNegative()) throw invalid("heartbeat-seconds must be positive");
    if (powerSync.isZero() || powerSync.isNegative()) throw invalid("power-sync-seconds must be positive");
    if (vcpus < 0 || memoryMb < 0 || diskGb < 0) throw invalid("vcpus, memory-mb and disk-gb must not be negative");
  }

  /** Loads defaults, --config file, STRATUS_AGENT_* variables and --flags, in that order. */
  public static AgentConfig load(Map<String, String> env, List<String> args) {
    return from(ConfigLoader.load(KEYS, ENV_PREFIX, env, args));
  }

  /** A config for tests and embedding: defaults except the given values. */
  public static AgentConfig of(Map<String, String> values) {
    return load(Map.of(), values.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
  }

  /** The configuration from resolved key values. */
  public static AgentConfig from(Map<String, String> v) {
    String uri = v.get("libvirt-uri");
    String type = v.get("domain-type").trim().toLowerCase(Locale.ROOT);
    if (type.equals("auto")) type = uri.startsWith("test:") ? "test" : "qemu";
    String qemuImg = v.get("qemu-img");
    return new AgentConfig(v.get("host-name") == null ? localHostName() : v.get("host-name").trim(), v.get("zone"), uri,
        Path.of(v.get("data-dir")), v.get("kafka-bootstrap"), new Topics(v.get("topic-prefix")), strip(v.get("image-url")),
        strip(v.get("identity-url")), v.get("service-user"), v.get("service-password"), v.get("service-project"),
        v.get("service-domain"), Duration.ofSeconds(number(v, "heartbeat-seconds")),
        Duration.ofSeconds(number(v, "power-sync-seconds")), (int) number(v, "vcpus"), number(v, "memory-mb"),
        number(v, "disk-gb"), qemuImg == null || qemuImg.isBlank() ? null : Path.of(qemuImg), type,
        Duration.ofSeconds(number(v, "shutdown-timeout-seconds")), Duration.ofSeconds(number(v, "timeout-seconds")));
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static String strip(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
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
