package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.ContainerRow;
import io.stratus.objectserver.swift.Lister;
import io.stratus.objectserver.swift.ListingQuery;
import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A device's accounts: one info row per account and one listing row per container, as container
 * servers report them. Totals are kept in the info row, written with the row, synced.
 */
public final class AccountStore {
  /** How an account PUT or DELETE went. */
  public enum Outcome { CREATED, ACCEPTED, CONFLICT, NOT_FOUND, DELETED, RECENTLY_DELETED }

  /** An account write's outcome and the info row after it (null if none). */
  public record Result(Outcome outcome, AccountInfo info) {
  }

  private final DeviceDb device;
  private final Blocking blocking;
  private final Stripes stripes;

  AccountStore(DeviceDb device, WorkerExecutor executor, Stripes stripes) {
    this.device = device;
    this.blocking = new Blocking(executor, device);
    this.stripes = stripes;
  }

  public Future<AccountInfo> info(int partition, byte[] hash) {
    return blocking.run(() -> read(Keys.entity(partition, hash)));
  }

  private AccountInfo read(byte[] entity) throws RocksDBException {
    return Json.decode(device.db().get(device.accounts, entity), AccountInfo.class);
  }

  /** Creates the account or moves its put timestamp on; RECENTLY_DELETED if it was deleted. */
  public Future<Result> put(int partition, byte[] hash, String account, Timestamp ts, Map<String, String> metadata) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      synchronized (stripes.of(hash)) {
        AccountInfo old = read(entity);
        AccountInfo next;
        Outcome outcome;
        if (old == null) {
          next = new AccountInfo(account, ts, ts, Timestamp.ZERO, ts, false, 0, 0, 0, MetaValue.merge(Map.of(), metadata, ts));
          outcome = Outcome.CREATED;
        } else if (old.statusDeleted()) {
          return new Result(Outcome.RECENTLY_DELETED, old);
        } else {
          next = old.withPut(ts, MetaValue.merge(old.metadata(), metadata, ts));
          if (next.deleted()) return new Result(Outcome.CONFLICT, old);
          outcome = old.deleted() ? Outcome.CREATED : Outcome.ACCEPTED;
        }
        device.db().put(device.accounts, device.syncWrite, entity, Json.encode(next));
        return new Result(outcome, next);
      }
    });
  }

  /** Marks the account deleted; NOT_FOUND if missing or already deleted. */
  public Future<Result> delete(int partition, byte[] hash, Timestamp ts) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      synchronized (stripes.of(hash)) {
        AccountInfo old = read(entity);
        if (old == null || old.deleted()) return new Result(Outcome.NOT_FOUND, old);
        AccountInfo next = old.withDelete(ts);
        device.db().put(device.accounts, device.syncWrite, entity, Json.encode(next));
        return new Result(Outcome.DELETED, next);
      }
    });
  }

  /** Updates metadata items older than {@code ts}; null if the account does not exist. */
  public Future<AccountInfo> post(int partition, byte[] hash, Timestamp ts, Map<String, String> metadata) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      synchronized (stripes.of(hash)) {
        AccountInfo old = read(entity);
        if (old == null || old.deleted()) return null;
        AccountInfo next = old.withMetadata(MetaValue.merge(old.metadata(), metadata, ts));
        device.db().put(device.accounts, device.syncWrite, entity, Json.encode(next));
        return next;
      }
    });
  }

  /**
   * Merges a container's report (Swift's {@code put_container}): newest put and delete timestamps
   * win; the stats are the report's unless the row holds a newer report. Null when the account is
   * missing or deleted (Swift: 404).
   */
  public Future<AccountInfo> putRow(int partition, byte[] hash, ContainerRow report) {
    byte[] entity = Keys.entity(partition, hash);
    return blocking.run(() -> {
      synchronized (stripes.of(hash)) {
        AccountInfo info = read(entity);
        if (info == null || info.deleted()) return null;
        try (WriteBatch batch = new WriteBatch()) {
          DbRowWriter<ContainerRow> writer = new DbRowWriter<>(device, AccountSchema.INSTANCE, entity, batch);
          DbRowWriter.Stored<ContainerRow> old = writer.current(report.name());
          ContainerRow row = AccountSchema.merge(old == null ? null : old.row(), report, true);
          if (old != null && row.equals(old.row())) return info;
          AccountInfo next = AccountSchema.INSTANCE.applyRow(info, old == null ? null : old.row(), row);
          writer.put(old, row);
          writer.finish();
          batch.put(device.accounts, entity, Json.encode(next));
          device.db().write(device.syncWrite, batch);
          return next;
        }
      }
    });
  }

  /** The account's container listing for the query (live rows only). */
  public Future<List<Lister.Entry<ContainerRow>>> list(int partition, byte[] hash, ListingQuery query) {
    byte[] entity = Keys.entity(partition, hash);
    Lister<ContainerRow> lister = new Lister<>(new Lister.Scanner<>() {
      @Override
      public List<ContainerRow> scan(byte[] lower, boolean inclusive, byte[] upper, boolean reverse, int limit) {
        return RowScan.scan(device.db(), device.accountRows, entity, lower, inclusive, upper, reverse, limit,
            (k, v) -> RowLog.row(v, ContainerRow.class), r -> !r.deleted());
      }

      @Override
      public String name(ContainerRow row) {
        return row.name();
      }
    });
    return blocking.run(() -> lister.list(query));
  }
}
