package io.stratus.objectserver;

import io.stratus.common.config.ConfigKey;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A storage node's configuration: where it listens, which devices it serves (each a directory
 * under the devices root), the cluster's hash path salt, where the rings are, how it stores and
 * updates, and how its daemons run.
 */
public record StorageNodeConfig(String host, int port, Path devicesRoot, List<String> devices, String hashPathPrefix,
    String hashPathSuffix, Path ringDir, int chunkSize, Duration reclaimAge, int workerThreads,
    Duration updaterInterval, Duration updateTimeout, DaemonConfig daemons, Path socketDir) {

  /** Every key, its default and what it means. */
  public static final List<ConfigKey> KEYS = Stream.concat(Stream.of(
      new ConfigKey("bind-host", "127.0.0.1", "address to listen on"),
      new ConfigKey("bind-port", "6200", "port to listen on (0: any free port)"),
      new ConfigKey("devices-root", "/srv/node", "directory holding one directory per device"),
      new ConfigKey("devices", "d1", "comma-separated device names this node serves"),
      new ConfigKey("hash-path-prefix", "", "the cluster's swift_hash_path_prefix"),
      new ConfigKey("hash-path-suffix", "changeme", "the cluster's swift_hash_path_suffix"),
      new ConfigKey("ring-dir", "", "directory with account.ring, container.ring, object.ring (optional)"),
      new ConfigKey("chunk-size", Integer.toString(1 << 20), "bytes per stored body chunk"),
      new ConfigKey("reclaim-age", "604800", "seconds tombstones are kept"),
      new ConfigKey("worker-threads", "16", "threads doing RocksDB work"),
      new ConfigKey("updater-interval", "30", "seconds between async pending sweeps (0: never)"),
      new ConfigKey("update-timeout", "1", "seconds a write waits for its listing updates"),
      new ConfigKey("socket-dir", "", "directory of Unix domain sockets <port>.sock: this node also listens on one, and reaches"
          + " nodes on loopback addresses through theirs (empty: TCP only)")),
      DaemonConfig.KEYS.stream()).toList();

  public StorageNodeConfig {
    devices = List.copyOf(devices);
    if (devices.isEmpty()) throw invalid("A storage node needs at least one device");
    if (chunkSize < 4096 || chunkSize > (16 << 20)) throw invalid("chunk-size must be in 4096..16777216");
    if (workerThreads < 1) throw invalid("worker-threads must be at least 1");
  }

  /** A node on 127.0.0.1, port 0, with defaults for the rest: what tests start. */
  public static StorageNodeConfig local(Path devicesRoot, List<String> devices) {
    return new StorageNodeConfig("127.0.0.1", 0, devicesRoot, devices, "", "test-suffix", null, 1 << 20,
        Duration.ofDays(7), 16, Duration.ZERO, Duration.ofSeconds(1), DaemonConfig.triggered(), null);
  }

  public static StorageNodeConfig from(Map<String, String> values) {
    try {
      String ringDir = values.get("ring-dir");
      String socketDir = values.get("socket-dir");
      return new StorageNodeConfig(values.get("bind-host"), Integer.parseInt(values.get("bind-port")),
          Path.of(values.get("devices-root")),
          Arrays.stream(values.get("devices").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
          values.get("hash-path-prefix"), values.get("hash-path-suffix"),
          ringDir == null || ringDir.isEmpty() ? null : Path.of(ringDir), Integer.parseInt(values.get("chunk-size")),
          Duration.ofSeconds(Long.parseLong(values.get("reclaim-age"))), Integer.parseInt(values.get("worker-threads")),
          Duration.ofSeconds(Long.parseLong(values.get("updater-interval"))),
          Duration.ofMillis((long) (Double.parseDouble(values.get("update-timeout")) * 1000)), DaemonConfig.from(values),
          socketDir == null || socketDir.isEmpty() ? null : Path.of(socketDir));
    } catch (NumberFormatException e) {
      throw invalid("Invalid number in the storage node configuration: " + e.getMessage());
    }
  }

  public StorageNodeConfig withPort(int newPort) {
    return new StorageNodeConfig(host, newPort, devicesRoot, devices, hashPathPrefix, hashPathSuffix, ringDir, chunkSize,
        reclaimAge, workerThreads, updaterInterval, updateTimeout, daemons, socketDir);
  }

  public StorageNodeConfig withChunkSize(int newChunkSize) {
    return new StorageNodeConfig(host, port, devicesRoot, devices, hashPathPrefix, hashPathSuffix, ringDir, newChunkSize,
        reclaimAge, workerThreads, updaterInterval, updateTimeout, daemons, socketDir);
  }

  public StorageNodeConfig withDaemons(DaemonConfig newDaemons) {
    return new StorageNodeConfig(host, port, devicesRoot, devices, hashPathPrefix, hashPathSuffix, ringDir, chunkSize,
        reclaimAge, workerThreads, updaterInterval, updateTimeout, newDaemons, socketDir);
  }

  public StorageNodeConfig withReclaimAge(Duration newReclaimAge) {
    return new StorageNodeConfig(host, port, devicesRoot, devices, hashPathPrefix, hashPathSuffix, ringDir, chunkSize,
        newReclaimAge, workerThreads, updaterInterval, updateTimeout, daemons, socketDir);
  }

  /** The same node, also listening on a Unix domain socket in {@code dir} and reaching local nodes through theirs. */
  public StorageNodeConfig withSocketDir(Path dir) {
    return new StorageNodeConfig(host, port, devicesRoot, devices, hashPathPrefix, hashPathSuffix, ringDir, chunkSize,
        reclaimAge, workerThreads, updaterInterval, updateTimeout, daemons, dir);
  }

  private static StratusException invalid(String message) {
    return new StratusException(ErrorCode.INVALID_CONFIG, message);
  }
}
