package io.stratus.objectserver.swift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratus.common.error.StratusException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The container and account replication wire: requests and replies survive the trip, bad bodies are 400. */
class DbReplicationProtocolTest {

  @Test
  void mergeItemsCarriesRowsWithTheirTimestampsAndTheSendersSyncPoint() {
    List<ObjectRow> rows = List.of(new ObjectRow("a", Timestamp.parse("1700000000.00001_000000000000000a"), 3, "t/p", "e", false),
        new ObjectRow("b/ü", Timestamp.parse("1700000001"), 0, "", "", true));
    String json = DbReplicationProtocol.encode(DbReplicationProtocol.Request.mergeItems(rows, -42L, 7));
    DbReplicationProtocol.Request back = DbReplicationProtocol.decode(json, DbReplicationProtocol.Request.class);
    assertEquals(DbReplicationProtocol.MERGE_ITEMS, back.op());
    assertEquals(rows, DbReplicationProtocol.convertList(back.rows(), ObjectRow.class));
    assertEquals(-42L, back.dbId());
    assertEquals(7, back.point());
  }

  @Test
  void reportsWithoutReportTimeDecodeAsTimeZero() {
    ContainerRow row = DbReplicationProtocol.decode(
        "{\"name\":\"c\",\"putTimestamp\":\"1.00000\",\"deleteTimestamp\":\"0\",\"objectCount\":1,\"bytesUsed\":2}",
        ContainerRow.class);
    assertEquals(Timestamp.ZERO, row.reportedAt());
  }

  @Test
  void malformedBodiesAreBadRequests() {
    StratusException e = assertThrows(StratusException.class,
        () -> DbReplicationProtocol.decode("{not json", DbReplicationProtocol.Request.class));
    assertEquals(400, e.code().status());
    DbReplicationProtocol.Request noRows = DbReplicationProtocol.decode("{\"op\":\"merge_items\"}", DbReplicationProtocol.Request.class);
    assertEquals(400, assertThrows(StratusException.class,
        () -> DbReplicationProtocol.convertList(noRows.rows(), ObjectRow.class)).code().status());
  }
}
