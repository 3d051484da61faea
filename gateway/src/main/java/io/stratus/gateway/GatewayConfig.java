package io.stratus.gateway;

import io.stratus.common.config.ConfigKey;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.ring.RingSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway's configuration: where it listens, the three rings, where identity and image are, caches,
 * timeouts, error limiting, Swift's reseller prefix and size limit and the S3 virtual-host domain. {@link #KEYS} declares the
 * file/env/flag keys; the rings come from ring files the caller opens (ring-dir).
 */
public record GatewayConfig(
    String host,
    int port,
    RingSource accountRing,
    RingSource containerRing,
    RingSource objectRing,
    String identityUrl,
    String publicUrl,
    int tokenCacheSize,
    Duration tokenCacheTtl,
    Duration infoCacheTtl,
    Duration connectTimeout,
    Duration nodeTimeout,
    Duration identityTimeout,
    int errorSuppressionLimit,
    Duration errorSuppressionInterval,
    String resellerPrefix,
    long maxFileSize,
    boolean accountAutocreate,
    String imageUrl,
    String computeUrl,
    String s3Domain,
    Path storageSocketDir) {

  public static final String ENV_PREFIX = "STRATUS_GATEWAY_";

  /** Every key, its default and what it means. */
  public static final List<ConfigKey> KEYS = List.of(
      new ConfigKey("bind-host", "0.0.0.0", "address to listen on"),
      new ConfigKey("bind-port", "8080", "port to listen on (0: any free port)"),
      new ConfigKey("ring-dir", "/etc/stratus", "directory with account.ring, container.ring, object.ring"),
      new ConfigKey("hash-path-prefix", "", "the cluster's swift_hash_path_prefix"),
      new ConfigKey("hash-path-suffix", "changeme", "the cluster's swift_hash_path_suffix"),
      new ConfigKey("identity-url", "http://127.0.0.1:5000", "base URL of the identity service (v3 lives at /v3)"),
      new ConfigKey("public-url", "", "base URL clients reach this gateway at (default: from the Host header)"),
      new ConfigKey("token-cache-size", "10000", "validated tokens kept"),
      new ConfigKey("token-cache-seconds", "60", "seconds a validated token is trusted without asking identity"),
      new ConfigKey("info-cache-seconds", "10", "seconds account and container existence is remembered"),
      new ConfigKey("conn-timeout", "0.5", "seconds to connect to a storage node"),
      new ConfigKey("node-timeout", "10", "seconds a storage node may stay silent"),
      new ConfigKey("identity-timeout", "10", "seconds identity may take to answer"),
      new ConfigKey("error-suppression-limit", "10", "errors after which a node is skipped"),
      new ConfigKey("error-suppression-interval", "60", "seconds a node's errors count, and it is skipped"),
      new ConfigKey("reseller-prefix", "AUTH_", "account prefix of project accounts"),
      new ConfigKey("max-file-size", "5368709122", "largest object in bytes"),
      new ConfigKey("account-autocreate", "true", "create an account on its first write"),
      new ConfigKey("image-url", "http://127.0.0.1:9292", "base URL of the image service, which /image/* is proxied to"),
      new ConfigKey("compute-url", "http://127.0.0.1:8774", "base URL of compute-api, which /compute/* is proxied to"),
      new ConfigKey("s3-domain", "", "domain of S3 virtual-hosted-style requests (bucket.<domain>); empty: path-style only"),
      new ConfigKey("storage-socket-dir", "", "directory of storage nodes' Unix domain sockets (<port>.sock): nodes on loopback"
          + " addresses are reached through theirs, and their whole small bodies read from their files (empty: TCP only)"));

  public GatewayConfig {
    if (tokenCacheSize < 1) throw invalid("token-cache-size must be positive");
    if (errorSuppressionLimit < 1) throw invalid("error-suppression-limit must be positive");
    if (maxFileSize < 1) throw invalid("max-file-size must be positive");
  }

  /** A gateway on 127.0.0.1, port 0, with defaults for the rest: what tests start. */
  public static GatewayConfig local(RingSource accounts, RingSource containers, RingSource objects, String identityUrl) {
    return new GatewayConfig("127.0.0.1", 0, accounts, containers, objects, identityUrl, "", 10000, Duration.ofSeconds(60),
        Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(10), 10,
        Duration.ofSeconds(60), "AUTH_", 5368709122L, true, "http://127.0.0.1:9292", "http://127.0.0.1:8774", "", null);
  }

  /** The configuration from resolved key values, with rings the caller opened. */
  public static GatewayConfig from(Map<String, String> v, RingSource accounts, RingSource containers, RingSource objects) {
    try {
      return new GatewayConfig(v.get("bind-host"), Integer.parseInt(v.get("bind-port")), accounts, containers, objects,
          v.get("identity-url"), v.get("public-url"), Integer.parseInt(v.get("token-cache-size")),
          seconds(v, "token-cache-seconds"), seconds(v, "info-cache-seconds"), seconds(v, "conn-timeout"),
          seconds(v, "node-timeout"), seconds(v, "identity-timeout"), Integer.parseInt(v.get("error-suppression-limit")),
          seconds(v, "error-suppression-interval"), v.get("reseller-prefix"), Long.parseLong(v.get("max-file-size")),
          Boolean.parseBoolean(v.get("account-autocreate")), v.get("image-url"), v.get("compute-url"), v.get("s3-domain"),
          v.get("storage-socket-dir").isEmpty() ? null : Path.of(v.get("storage-socket-dir")));
    } catch (NumberFormatException e) {
      throw invalid("Invalid number in the gateway configuration: " + e.getMessage());
    }
  }

  private static Duration seconds(Map<String, String> v, String key) {
    return Duration.ofMillis((long) (Double.parseDouble(v.get(key)) * 1000));
  }

  public GatewayConfig withNodeTimeout(Duration timeout) {
    return new GatewayConfig(host, port, accountRing, containerRing, objectRing, identityUrl, publicUrl, tokenCacheSize,
        tokenCacheTtl, infoCacheTtl, connectTimeout, timeout, identityTimeout, errorSuppressionLimit,
        errorSuppressionInterval, resellerPrefix, maxFileSize, accountAutocreate, imageUrl, computeUrl, s3Domain, storageSocketDir);
  }

  public GatewayConfig withMaxFileSize(long size) {
    return new GatewayConfig(host, port, accountRing, containerRing, objectRing, identityUrl, publicUrl, tokenCacheSize,
        tokenCacheTtl, infoCacheTtl, connectTimeout, nodeTimeout, identityTimeout, errorSuppressionLimit,
        errorSuppressionInterval, resellerPrefix, size, accountAutocreate, imageUrl, computeUrl, s3Domain, storageSocketDir);
  }

  /** The same gateway answering S3 virtual-hosted-style requests for {@code bucket.<domain>}. */
  public GatewayConfig withS3Domain(String domain) {
    return new GatewayConfig(host, port, accountRing, containerRing, objectRing, identityUrl, publicUrl, tokenCacheSize,
        tokenCacheTtl, infoCacheTtl, connectTimeout, nodeTimeout, identityTimeout, errorSuppressionLimit,
        errorSuppressionInterval, resellerPrefix, maxFileSize, accountAutocreate, imageUrl, computeUrl, domain, storageSocketDir);
  }

  /** The same gateway, reaching storage nodes on this machine through their sockets in {@code dir}. */
  public GatewayConfig withStorageSocketDir(Path dir) {
    return new GatewayConfig(host, port, accountRing, containerRing, objectRing, identityUrl, publicUrl, tokenCacheSize,
        tokenCacheTtl, infoCacheTtl, connectTimeout, nodeTimeout, identityTimeout, errorSuppressionLimit,
        errorSuppressionInterval, resellerPrefix, maxFileSize, accountAutocreate, imageUrl, computeUrl, s3Domain, dir);
  }

  private static StratusException invalid(String message) {
    return new StratusException(ErrorCode.INVALID_CONFIG, message);
  }
}
