package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Lister;
import io.stratus.objectserver.swift.ListingQuery;
import io.stratus.objectserver.swift.ObjectRow;
import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A device's containers: one info row per container and one listing row per object name, newest
 * timestamp per row winning. Row changes and the info row's stats are written together, synced,
 * under the container's stripe lock; object rows arriving together are grouped into one write
 * ({@link RowGroups}).
 */
public final class ContainerStore {
  /** How a container PUT or DELETE went. */
  public enum Outcome { CREATED, ACCEPTED, CONFLICT, NOT_FOUND, DELETED }

  /** A container PUT's or DELETE's outcome and the info row after it (null if none). */
  public record Result(Outcome outcome, ContainerInfo info) {
  }

  private final DeviceDb device;
  private final Blocking blocking;
  private final Stripes stripes;
  private final RowGroups<ObjectRow, ContainerInfo> rowGroups = new RowGroups<>();

  ContainerStore(DeviceDb device, WorkerExecutor executor, Stripes stripes) {
    this.device = device;
    this.blocking = new Blocking(executor, device);
    this.stripes = stripes;
  }

  public Future<ContainerInfo> info(int partition, byte[] hash) {
    return blocking.run(() -> read(Keys.entity(partition, hash)));
  }

  private ContainerInfo read(byte[] entity) throws RocksDBException {
    return Json.decode(device.db().get(device.containers, entity), ContainerInfo.class);
  }

  /** Creates the container or moves its put timestamp on; CONFLICT if it stays deleted. */
  public Future<Result> put(int partition, byte[] hash, String account, String container, Timestamp ts,
      Map<String, String> metadata, String accountHost, String accountDevice, String accountPartition) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      synchronized (stripes.of(hash)) {
        ContainerInfo old = read(entity);
        ContainerInfo next;
        Outcome outcome;
        if (old == null) {
          next = new ContainerInfo(account, container, ts, ts, Timestamp.ZERO, ts, 0, 0,
              MetaValue.merge(Map.of(), metadata, ts), accountHost, accountDevice, accountPartition);
          outcome = Outcome.CREATED;
        } else {
          next = old.withPut(ts, MetaValue.merge(old.metadata(), metadata, ts), accountHost, accountDevice, accountPartition);
          if (next.deleted()) return new Result(Outcome.CONFLICT, old);
          outcome = old.deleted() ? Outcome.CREATED : Outcome.ACCEPTED;
        }
        device.db().put(device.containers, device.syncWrite, entity, Json.encode(next));
        return new Result(outcome, next);
      }
    });
  }

  /** Marks the container deleted: NOT_FOUND if missing or deleted, CONFLICT if it has objects. */
  public Future<Result> delete(int partition, byte[] hash, Timestamp ts) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      synchronized (stripes.of(hash)) {
        ContainerInfo old = read(entity);
        if (old == null || old.deleted()) return new Result(Outcome.NOT_FOUND, old);
        if (old.objectCount() > 0) return new Result(Outcome.CONFLICT, old);
        ContainerInfo next = old.withDelete(ts);
        device.db().put(device.containers, device.syncWrite, entity, Json.encode(next));
        return new Result(next.deleted() ? Outcome.DELETED : Outcome.CONFLICT, next);
      }
    });
  }

  /** Updates metadata items older than {@code ts}; null if the container does not exist. */
  public Future<ContainerInfo> post(int partition, byte[] hash, Timestamp ts, Map<String, String> metadata) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      synchronized (stripes.of(hash)) {
        ContainerInfo old = read(entity);
        if (old == null || old.deleted()) return null;
        ContainerInfo next = old.withMetadata(MetaValue.merge(old.metadata(), metadata, ts));
        device.db().put(device.containers, device.syncWrite, entity, Json.encode(next));
        return next;
      }
    });
  }

  /**
   * Merges an object row sent by an object server: kept if newer than the row the container has.
   * Returns the info row after the merge, or null when the container does not exist (Swift: 404).
   */
  public Future<ContainerInfo> putRow(int partition, byte[] hash, ObjectRow row) {
    return putRows(partition, hash, List.of(row));
  }

  /** Merges several object rows at once (in order), like {@link #putRow} each. */
  public Future<ContainerInfo> putRows(int partition, byte[] hash, List<ObjectRow> rows) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      try {
        return rowGroups.submit(entity, stripes.of(hash), rows, group -> mergeRows(entity, group));
      } catch (RocksDBException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /**
   * Merges a group of rows (in arrival order; a later row of the same name competes with the
   * earlier one by timestamp) and the stats they change, in one synced write. Under the stripe lock.
   */
  private ContainerInfo mergeRows(byte[] entity, List<ObjectRow> rows) throws RocksDBException {
    ContainerInfo info = read(entity);
    if (info == null) return null;
    try (WriteBatch batch = new WriteBatch()) {
      DbRowWriter<ObjectRow> writer = new DbRowWriter<>(device, ContainerSchema.INSTANCE, entity, batch);
      for (ObjectRow row : rows) {
        DbRowWriter.Stored<ObjectRow> old = writer.current(row.name());
        if (old != null && !row.timestamp().isAfter(old.row().timestamp())) continue;
        info = ContainerSchema.INSTANCE.applyRow(info, old == null ? null : old.row(), row);
        writer.put(old, row);
      }
      if (!writer.changed()) return info;
      writer.finish();
      batch.put(device.containers, entity, Json.encode(info));
      device.db().write(device.syncWrite, batch);
    }
    return info;
  }

  /** The container's listing for the query (live rows only). */
  public Future<List<Lister.Entry<ObjectRow>>> list(int partition, byte[] hash, ListingQuery query) {
    byte[] entity = Keys.entity(partition, hash);
    Lister<ObjectRow> lister = new Lister<>(new Lister.Scanner<>() {
      @Override
      public List<ObjectRow> scan(byte[] lower, boolean inclusive, byte[] upper, boolean reverse, int limit) {
        return RowScan.scan(device.db(), device.containerRows, entity, lower, inclusive, upper, reverse, limit,
            (k, v) -> RowLog.row(v, ObjectRow.class), r -> !r.deleted());
      }

      @Override
      public String name(ObjectRow row) {
        return row.name();
      }
    });
    return blocking.run(() -> lister.list(query));
  }
}
