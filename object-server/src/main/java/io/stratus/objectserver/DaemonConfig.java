package io.stratus.objectserver;

import io.stratus.common.config.ConfigKey;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a storage node runs its replicators, auditor and expirer: pass intervals (zero: only when
 * triggered), replication concurrency and timeout, rows per container/account replication page,
 * the auditor's byte rate (zero: unlimited) and how old an uncommitted chunk must be before it
 * counts as an orphan.
 */
public record DaemonConfig(Duration replicatorInterval, int replicatorConcurrency, Duration replicationTimeout,
    Duration auditorInterval, long auditorBytesPerSecond, Duration orphanGrace, Duration expirerInterval,
    Duration containerReplicatorInterval, Duration accountReplicatorInterval, int dbReplicationPageRows) {

  /** Every key, its default and what it means. */
  public static final List<ConfigKey> KEYS = List.of(
      new ConfigKey("replicator-interval", "30", "seconds between object replication passes (0: never)"),
      new ConfigKey("replicator-concurrency", "4", "partitions replicated at once"),
      new ConfigKey("replication-timeout", "60", "seconds a replication request may stay idle"),
      new ConfigKey("auditor-interval", "3600", "seconds between auditor passes (0: never)"),
      new ConfigKey("auditor-bytes-per-second", "10485760", "bytes per second the auditor reads (0: no limit)"),
      new ConfigKey("orphan-grace", "86400", "seconds before chunks of an uncommitted write are removed"),
      new ConfigKey("expirer-interval", "300", "seconds between expirer passes (0: never)"),
      new ConfigKey("container-replicator-interval", "30", "seconds between container replication passes (0: never)"),
      new ConfigKey("account-replicator-interval", "30", "seconds between account replication passes (0: never)"),
      new ConfigKey("db-replication-page-rows", "1000", "listing rows per container/account replication request"));

  public DaemonConfig {
    if (replicatorConcurrency < 1) throw new StratusException(ErrorCode.INVALID_CONFIG, "replicator-concurrency must be at least 1");
    if (auditorBytesPerSecond < 0) throw new StratusException(ErrorCode.INVALID_CONFIG, "auditor-bytes-per-second must be >= 0");
    if (dbReplicationPageRows < 1 || dbReplicationPageRows > 10_000) {
      throw new StratusException(ErrorCode.INVALID_CONFIG, "db-replication-page-rows must be in 1..10000");
    }
  }

  /** Daemons that run only when triggered, unthrottled: what tests start. */
  public static DaemonConfig triggered() {
    return new DaemonConfig(Duration.ZERO, 4, Duration.ofSeconds(30), Duration.ZERO, 0, Duration.ofDays(1), Duration.ZERO,
        Duration.ZERO, Duration.ZERO, 1000);
  }

  /** Reads the keys above; NumberFormatException for a malformed number. */
  static DaemonConfig from(Map<String, String> values) {
    return new DaemonConfig(seconds(values, "replicator-interval"), Integer.parseInt(values.get("replicator-concurrency")),
        seconds(values, "replication-timeout"), seconds(values, "auditor-interval"),
        Long.parseLong(values.get("auditor-bytes-per-second")), seconds(values, "orphan-grace"),
        seconds(values, "expirer-interval"), seconds(values, "container-replicator-interval"),
        seconds(values, "account-replicator-interval"), Integer.parseInt(values.get("db-replication-page-rows")));
  }

  private static Duration seconds(Map<String, String> values, String key) {
    return Duration.ofSeconds(Long.parseLong(values.get(key)));
  }

  public DaemonConfig withOrphanGrace(Duration grace) {
    return new DaemonConfig(replicatorInterval, replicatorConcurrency, replicationTimeout, auditorInterval,
        auditorBytesPerSecond, grace, expirerInterval, containerReplicatorInterval, accountReplicatorInterval,
        dbReplicationPageRows);
  }

  public DaemonConfig withDbReplicationPageRows(int rows) {
    return new DaemonConfig(replicatorInterval, replicatorConcurrency, replicationTimeout, auditorInterval,
        auditorBytesPerSecond, orphanGrace, expirerInterval, containerReplicatorInterval, accountReplicatorInterval, rows);
  }
}
