package io.stratus.compute.agent;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's instance records: one JSON file per instance in {@code instances/<uuid>/instance.json} (next to
 * its disk and console log), replaced atomically, and held in memory too. A deleted instance's directory goes;
 * a small tombstone in {@code deleted/<uuid>.json} stays for a week so that a command delivered again after
 * the delete is answered, not redone.
 */
public final class InstanceStore {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceStore.class);
  private static final Pattern INSTANCE_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Duration KEEP_TOMBSTONES = Duration.ofDays(7);
  private static final String RECORD = "instance.json";

  private final Path instancesDir;
  private final Path deletedDir;
  private final WorkerExecutor files;
  private final Map<String, InstanceRecord> live = new ConcurrentHashMap<>();
  private final Map<String, InstanceRecord> deleted = new ConcurrentHashMap<>();

  private InstanceStore(Path dataDir, WorkerExecutor files) {
    this.instancesDir = dataDir.resolve("instances");
    this.deletedDir = dataDir.resolve("deleted");
    this.files = files;
  }

  /** Reads every record under {@code dataDir}; tombstones older than a week are dropped. */
  public static Future<InstanceStore> open(Path dataDir, WorkerExecutor files, long now) {
    InstanceStore store = new InstanceStore(dataDir, files);
    return files.executeBlocking(() -> {
      Files.createDirectories(store.instancesDir);
      Files.createDirectories(store.deletedDir);
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(store.instancesDir, Files::isDirectory)) {
        for (Path dir : dirs) store.read(dir.resolve(RECORD)).forEach(r -> store.live.put(r.id(), r));
      }
      try (DirectoryStream<Path> tombs = Files.newDirectoryStream(store.deletedDir, "*.json")) {
        for (Path tomb : tombs) {
          for (InstanceRecord r : store.read(tomb)) {
            if (now - r.updatedAt() > KEEP_TOMBSTONES.toMillis()) Files.deleteIfExists(tomb);
            else store.deleted.put(r.id(), r);
          }
        }
      }
      return store;
    }, false);
  }

  private List<InstanceRecord> read(Path file) {
    if (!Files.isRegularFile(file)) return List.of();
    try {
      return List.of(InstanceRecord.fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8))));
    } catch (IOException | RuntimeException e) {
      LOG.error("Instance record {} cannot be read and is ignored: {}", file, e.getMessage());
      return List.of();
    }
  }

  /** Whether {@code id} may name an instance: a UUID (it becomes the domain's uuid and a directory name). */
  public static boolean validId(String id) {
    return id != null && INSTANCE_ID.matcher(id).matches();
  }

  /** The live record of the instance, or null. */
  public InstanceRecord get(String id) {
    return live.get(id);
  }

  /** The tombstone of a deleted instance, or null. */
  public InstanceRecord tombstone(String id) {
    return deleted.get(id);
  }

  public Collection<InstanceRecord> all() {
    return List.copyOf(live.values());
  }

  /** The instance's directory: its record, disk and console log. */
  public Path dir(String id) {
    return instancesDir.resolve(id);
  }

  /** Writes the record durably, then makes it the one {@link #get} answers. */
  public Future<Void> save(InstanceRecord record) {
    byte[] data = record.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8);
    return files.executeBlocking(() -> {
      AtomicFile.write(dir(record.id()).resolve(RECORD), data);
      return null;
    }, false).onSuccess(v -> {
      live.put(record.id(), record);
      deleted.remove(record.id());
    }).mapEmpty();
  }

  /** Writes the tombstone durably, then removes the instance's directory (record, disk, console log). */
  public Future<Void> delete(InstanceRecord tombstone) {
    byte[] data = tombstone.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8);
    return files.executeBlocking(() -> {
      AtomicFile.write(deletedDir.resolve(tombstone.id() + ".json"), data);
      AtomicFile.deleteTree(dir(tombstone.id()));
      return null;
    }, false).onSuccess(v -> {
      deleted.put(tombstone.id(), tombstone);
      live.remove(tombstone.id());
    }).mapEmpty();
  }
}
