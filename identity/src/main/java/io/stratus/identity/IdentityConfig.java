package io.stratus.identity;

import io.stratus.common.config.ConfigKey;
import io.stratus.common.config.ConfigLoader;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The identity service's configuration: every key declared once, with its default and meaning. */
public record IdentityConfig(
    String host,
    int port,
    Path dataDir,
    String adminPassword,
    String publicUrl,
    String serviceUrl,
    String region,
    Duration tokenTtl,
    Duration keyRotation,
    int maxKeys,
    int storeThreads,
    int hashThreads,
    int hashMemoryKiB,
    int hashIterations,
    String nodeId) {

  public static final String ENV_PREFIX = "STRATUS_IDENTITY_";

  public static final List<ConfigKey> KEYS = List.of(
      new ConfigKey("host", "0.0.0.0", "address to listen on"),
      new ConfigKey("port", "5000", "port to listen on (0 picks a free one)"),
      new ConfigKey("data-dir", "data/identity", "directory of the identity RocksDB"),
      new ConfigKey("admin-password", null, "password of the bootstrap user admin (first start only; random if unset)"),
      new ConfigKey("public-url", null, "public base URL of this service (default http://127.0.0.1:PORT)"),
      new ConfigKey("service-url", "http://127.0.0.1:8080", "base URL of the gateway, for the object-store, image and compute endpoints"),
      new ConfigKey("region", "RegionOne", "region name of every catalog endpoint"),
      new ConfigKey("token-ttl-seconds", "3600", "lifetime of a token"),
      new ConfigKey("key-rotation-seconds", "86400", "age at which the token key is rotated"),
      new ConfigKey("max-keys", "3", "token keys kept, the primary included; (max-keys - 1) x rotation must cover the token TTL"),
      new ConfigKey("store-threads", "4", "worker threads of the RocksDB store"),
      new ConfigKey("hash-threads", "2", "worker threads for password hashing"),
      new ConfigKey("hash-memory-kib", "19456", "Argon2id memory cost in KiB"),
      new ConfigKey("hash-iterations", "2", "Argon2id iterations"),
      new ConfigKey("node-id", null, "id of this process in revocation events (random at each start if unset)"));

  public IdentityConfig {
    if (maxKeys < 2) throw invalid("max-keys must be at least 2");
    if (keyRotation.multipliedBy(maxKeys - 1L).compareTo(tokenTtl) < 0) {
      throw invalid("(max-keys - 1) x key-rotation-seconds must be at least token-ttl-seconds, or tokens outlive their keys");
    }
  }

  /** Loads defaults, --config file, STRATUS_IDENTITY_* variables and --flags, in that order. */
  public static IdentityConfig load(Map<String, String> env, List<String> args) {
    return from(ConfigLoader.load(KEYS, ENV_PREFIX, env, args));
  }

  static IdentityConfig from(Map<String, String> v) {
    return new IdentityConfig(
        v.get("host"),
        integer(v, "port"),
        Path.of(v.get("data-dir")),
        v.get("admin-password"),
        v.get("public-url"),
        v.get("service-url"),
        v.get("region"),
        Duration.ofSeconds(integer(v, "token-ttl-seconds")),
        Duration.ofSeconds(integer(v, "key-rotation-seconds")),
        integer(v, "max-keys"),
        integer(v, "store-threads"),
        integer(v, "hash-threads"),
        integer(v, "hash-memory-kib"),
        integer(v, "hash-iterations"),
        v.get("node-id"));
  }

  /** A config for tests and embedding: defaults except the given values. */
  public static IdentityConfig of(Map<String, String> overrides) {
    return load(Map.of(), overrides.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
  }

  private static int integer(Map<String, String> values, String key) {
    try {
      return Integer.parseInt(values.get(key).trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw invalid(key + " must be an integer, not '" + values.get(key) + "'");
    }
  }

  private static StratusException invalid(String message) {
    return new StratusException(ErrorCode.INVALID_CONFIG, message);
  }
}
