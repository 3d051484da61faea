package io.stratus.objectserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.objectserver.swift.ContainerRow;
import io.stratus.objectserver.swift.ObjectRow;
import io.stratus.objectserver.swift.Timestamp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge rules of container and account databases: deterministic, so replicas converge whatever the order. */
class DbSchemaTest {
  private static final ContainerSchema CONTAINERS = ContainerSchema.INSTANCE;
  private static final AccountSchema ACCOUNTS = AccountSchema.INSTANCE;

  private static Timestamp t(long seconds) {
    return Timestamp.ofMillis(seconds * 1000);
  }

  private static ObjectRow object(String name, long ts, long bytes, boolean deleted) {
    return new ObjectRow(name, t(ts), bytes, "a/b", "etag", deleted);
  }

  private static ContainerRow report(long put, long delete, long count, long bytes, long reportedAt) {
    return new ContainerRow("c", t(put), t(delete), count, bytes, t(reportedAt));
  }

  @Test
  void objectRowsNewestTimestampWinsAndStatsFollow() {
    ObjectRow live = object("o", 10, 7, false);
    ObjectRow tombstone = object("o", 11, 0, true);
    assertSame(live, CONTAINERS.mergeRow(null, live));
    assertSame(tombstone, CONTAINERS.mergeRow(live, tombstone));
    assertNull(CONTAINERS.mergeRow(tombstone, live), "an older row loses");
    assertNull(CONTAINERS.mergeRow(live, object("o", 10, 99, false)), "a tie keeps what is there");

    ContainerInfo info = new ContainerInfo("a", "c", t(1), t(1), Timestamp.ZERO, t(1), 0, 0, Map.of(), null, null, null);
    ContainerInfo one = CONTAINERS.applyRow(info, null, live);
    assertEquals(1, one.objectCount());
    assertEquals(7, one.bytesUsed());
    ContainerInfo none = CONTAINERS.applyRow(one, live, tombstone);
    assertEquals(0, none.objectCount());
    assertEquals(0, none.bytesUsed());
    assertTrue(CONTAINERS.reportable(one, none));
    assertFalse(CONTAINERS.reportable(none, none));
  }

  @Test
  void containerRowsKeepNewestTimestampsAndTheNewestReportsStats() {
    ContainerRow older = report(10, 0, 5, 50, 100);
    ContainerRow newer = report(9, 12, 3, 30, 200);
    ContainerRow merged = AccountSchema.merge(older, newer, false);
    assertEquals(report(10, 12, 3, 30, 200), merged);
    assertEquals(merged, AccountSchema.merge(newer, older, false), "the order does not matter");
    assertEquals(report(10, 12, 3, 30, 200), AccountSchema.merge(newer, older, true), "an older report loses too");

    ContainerRow tieSmall = report(10, 0, 1, 10, 100);
    ContainerRow tieLarge = report(10, 0, 2, 20, 100);
    assertEquals(tieLarge, AccountSchema.merge(tieSmall, tieLarge, false));
    assertEquals(tieLarge, AccountSchema.merge(tieLarge, tieSmall, false), "replication breaks ties the same way everywhere");
    assertEquals(tieSmall, AccountSchema.merge(tieLarge, tieSmall, true), "a report at the same instant is taken as it arrives");
    assertNull(ACCOUNTS.mergeRow(tieLarge, tieSmall));
  }

  @Test
  void infoMergeTakesNewestTimestampsAndMetadataPerKey() {
    Map<String, MetaValue> mine = Map.of("X-Container-Meta-A", new MetaValue("1", t(5)),
        "X-Container-Meta-B", new MetaValue("x", t(7)));
    Map<String, MetaValue> theirs = Map.of("X-Container-Meta-A", new MetaValue("2", t(6)),
        "X-Container-Meta-B", new MetaValue("y", t(7)), "X-Container-Meta-C", new MetaValue("", t(8)));
    ContainerInfo a = new ContainerInfo("a", "c", t(1), t(3), t(2), t(3), 4, 40, mine, "h:1", "d1", "9");
    ContainerInfo b = new ContainerInfo("a", "c", t(2), t(2), t(4), t(4), 0, 0, theirs, "h:2", "d2", "9");
    ContainerInfo ab = CONTAINERS.mergeInfo(a, b);
    ContainerInfo ba = CONTAINERS.mergeInfo(b, a);
    assertEquals(t(1), ab.createdAt());
    assertEquals(t(3), ab.putTimestamp());
    assertEquals(t(4), ab.deleteTimestamp());
    assertEquals(4, ab.objectCount(), "stats stay the receiver's own");
    assertEquals("h:1", ab.accountHost());
    assertEquals(Map.of("X-Container-Meta-A", new MetaValue("2", t(6)), "X-Container-Meta-B", new MetaValue("y", t(7)),
        "X-Container-Meta-C", new MetaValue("", t(8))), ab.metadata());
    assertEquals(ab.metadata(), ba.metadata());
    assertEquals(ab.putTimestamp(), ba.putTimestamp());

    ContainerInfo created = CONTAINERS.mergeInfo(null, a);
    assertEquals(0, created.objectCount(), "a copy created by replication counts its own rows");
    assertTrue(CONTAINERS.reportable(null, created));
  }

  @Test
  void reclaimOnlyOldDeletedRowsAndEmptyDeletedDatabases() {
    Timestamp cutoff = t(100);
    assertTrue(CONTAINERS.reclaimRow(object("o", 50, 0, true), cutoff));
    assertFalse(CONTAINERS.reclaimRow(object("o", 150, 0, true), cutoff));
    assertFalse(CONTAINERS.reclaimRow(object("o", 50, 1, false), cutoff));
    assertTrue(ACCOUNTS.reclaimRow(report(10, 20, 0, 0, 30), cutoff));
    assertFalse(ACCOUNTS.reclaimRow(report(10, 20, 1, 5, 30), cutoff), "a container with objects is not deleted");
    ContainerInfo deleted = new ContainerInfo("a", "c", t(1), t(1), t(50), t(50), 0, 0, Map.of(), null, null, null);
    assertTrue(CONTAINERS.reclaimDb(deleted, cutoff));
    assertFalse(CONTAINERS.reclaimDb(deleted, t(40)));
    AccountInfo account = new AccountInfo("a", t(1), t(1), t(50), t(50), true, 0, 0, 0, Map.of());
    assertTrue(ACCOUNTS.reclaimDb(account, cutoff));
    assertFalse(ACCOUNTS.reclaimDb(account.withTotals(1, 0, 0), cutoff));
  }
}
