package io.stratus.objectserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.stratus.objectserver.swift.ObjectRow;
import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change logs of container databases on real RocksDB devices: sequence numbers follow the writes,
 * the hash depends on the rows and not on the order they came in, a database written before change
 * logs existed is upgraded when its device opens, and reclaim drops old deleted rows through their
 * index, keeping log and hash right.
 */
class RowLogTest {
  private static final int PART = 7;
  private static final byte[] HASH = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

  @TempDir
  Path dir;
  Vertx vertx;
  WorkerExecutor workers;
  final List<DeviceStore> open = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    workers = vertx.createSharedWorkerExecutor("row-log-test", 2);
  }

  @AfterEach
  void stop() throws Exception {
    open.forEach(DeviceStore::close);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private DeviceStore device(String name) {
    DeviceStore store = DeviceStore.open(name, dir.resolve(name), workers, StoreOptions.defaults());
    open.add(store);
    return store;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Timestamp t(long seconds) {
    return Timestamp.parse(seconds + ".00000");
  }

  private static ObjectRow live(String name, long seconds) {
    return new ObjectRow(name, t(seconds), 10, "text/plain", "d41d8cd98f00b204e9800998ecf8427e", false);
  }

  private static ObjectRow tombstone(String name, long seconds) {
    return new ObjectRow(name, t(seconds), 0, "", "", true);
  }

  private static final List<ObjectRow> ROWS = List.of(live("a", 100), live("b", 110), tombstone("c", 120), live("d", 130));

  /** A new device holding the test's (empty) container. */
  private DeviceStore withContainer(String name) throws Exception {
    DeviceStore store = device(name);
    await(store.containers().put(PART, HASH, "acct", "cont", t(50), Map.of(), null, null, null));
    return store;
  }

  private static List<String> names(DbReplicaStore.Page<ObjectRow> page) {
    return page.rows().stream().map(r -> r.name() + (r.deleted() ? "(deleted)" : "")).toList();
  }

  @Test
  void writesTakeSequenceNumbersAndTheHashIgnoresArrivalOrder() throws Exception {
    DeviceStore one = withContainer("one");
    DeviceStore two = withContainer("two");
    for (ObjectRow row : ROWS) await(one.containers().putRow(PART, HASH, row));
    await(two.containers().putRows(PART, HASH, List.of(ROWS.get(3), ROWS.get(1), ROWS.get(2), ROWS.get(0))));

    DbReplicaStore.Position p1 = await(one.containerDbs().position(PART, HASH));
    DbReplicaStore.Position p2 = await(two.containerDbs().position(PART, HASH));
    assertEquals(4, p1.maxSeq());
    assertEquals(4, p2.maxSeq());
    assertEquals(p1.hash(), p2.hash(), "same rows, same hash");
    assertNotEquals(p1.dbId(), p2.dbId());

    await(one.containers().putRow(PART, HASH, live("b", 115)));
    DbReplicaStore.Page<ObjectRow> since = await(one.containerDbs().rowsSince(PART, HASH, 2, 100));
    assertEquals(List.of("c(deleted)", "d", "b"), names(since), "b moved to the end of the log with its new version");
    assertEquals(5, since.last());
    assertNotEquals(p1.hash(), await(one.containerDbs().position(PART, HASH)).hash());
    assertEquals(List.of("b"), names(await(one.containerDbs().rowsSince(PART, HASH, 4, 100))));

    await(one.containers().putRow(PART, HASH, live("b", 110)));
    assertEquals(5, await(one.containerDbs().position(PART, HASH)).maxSeq(), "an older version changes nothing");
  }

  @Test
  void aSenderSyncPointMovesOnlyForward() throws Exception {
    DeviceStore store = withContainer("points");
    await(store.containerDbs().mergeRows(PART, HASH, ROWS.subList(0, 2), 99L, 40));
    assertEquals(40L, await(store.containerDbs().syncAnswer(PART, HASH, 99L)).point());
    await(store.containerDbs().mergeRows(PART, HASH, List.of(), 99L, 12));
    assertEquals(40L, await(store.containerDbs().syncAnswer(PART, HASH, 99L)).point());
    assertEquals(0L, await(store.containerDbs().syncAnswer(PART, HASH, 98L)).point());
    assertEquals(2, await(store.containerDbs().position(PART, HASH)).maxSeq());
  }

  @Test
  void aDatabaseWrittenBeforeChangeLogsIsUpgradedWhenItsDeviceOpens() throws Exception {
    DeviceStore fresh = withContainer("fresh");
    await(fresh.containers().putRows(PART, HASH, ROWS));
    DbReplicaStore.Position expected = await(fresh.containerDbs().position(PART, HASH));

    ContainerInfo info = await(fresh.containers().info(PART, HASH));
    try (DeviceDb legacy = DeviceDb.open("legacy", dir.resolve("legacy"))) {
      byte[] entity = Keys.entity(PART, HASH);
      legacy.db().put(legacy.containers, entity, Json.encode(info));
      for (ObjectRow row : ROWS) legacy.db().put(legacy.containerRows, Keys.row(entity, row.name()), Json.encode(row));
    }
    DeviceStore upgraded = device("legacy");
    DbReplicaStore.Position position = await(upgraded.containerDbs().position(PART, HASH));
    assertEquals(4, position.maxSeq());
    assertEquals(expected.hash(), position.hash());
    assertEquals(List.of("a", "b", "c(deleted)", "d"), names(await(upgraded.containerDbs().rowsSince(PART, HASH, 0, 100))));
    assertEquals(1, await(upgraded.containerDbs().reclaim(PART, t(200))), "the deleted row is indexed too");
  }

  @Test
  void reclaimDropsOnlyOldDeletedRowsAndTakesThemOutOfTheHash() throws Exception {
    DeviceStore store = withContainer("reclaim");
    DeviceStore reference = withContainer("reference");
    await(store.containers().putRows(PART, HASH, ROWS));
    await(store.containers().putRow(PART, HASH, tombstone("e", 300)));
    await(reference.containers().putRows(PART, HASH, List.of(ROWS.get(0), ROWS.get(1), ROWS.get(3), tombstone("e", 300))));

    assertEquals(0, await(store.containerDbs().reclaim(PART, t(120))), "not older than the cutoff");
    assertEquals(1, await(store.containerDbs().reclaim(PART, t(121))));
    assertEquals(0, await(store.containerDbs().reclaim(PART, t(121))));
    assertEquals(await(reference.containerDbs().position(PART, HASH)).hash(), await(store.containerDbs().position(PART, HASH)).hash());
    assertEquals(List.of("a", "b", "d", "e(deleted)"), names(await(store.containerDbs().rowsSince(PART, HASH, 0, 100))));

    await(store.containers().putRow(PART, HASH, live("e", 400)));
    assertEquals(0, await(store.containerDbs().reclaim(PART, t(1000))), "a row live again is not reclaimed");
    assertEquals(1, await(store.containers().info(PART, HASH)).objectCount() - 3);
  }
}
