package io.stratus.gateway.swift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class ConstraintsTest {
  final Constraints c = new Constraints(5368709122L);

  private static MultiMap headers(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < kv.length; i += 2) m.add(kv[i], kv[i + 1]);
    return m;
  }

  private static StratusException fails(Runnable r) {
    return assertThrows(StratusException.class, r::run);
  }

  @Test
  void nameLengthsInUtf8Bytes() {
    c.checkPath(new SwiftPath("v1", "AUTH_a", "c".repeat(256), "o".repeat(1024)));
    assertEquals("Object name length of 1025 longer than 1024",
        fails(() -> c.checkPath(new SwiftPath("v1", "AUTH_a", "c", "o".repeat(1025)))).getMessage());
    assertEquals("Container name length of 258 longer than 256",
        fails(() -> c.checkPath(new SwiftPath("v1", "AUTH_a", "é".repeat(129), null))).getMessage());
  }

  @Test
  void metadataLimits() {
    c.checkMetadata(headers("X-Object-Meta-A", "b", "X-Container-Meta-" + "x".repeat(500), "v"), "object");
    assertEquals("Metadata name cannot be empty", fails(() -> c.checkMetadata(headers("X-Object-Meta-", "v"), "object")).getMessage());
    fails(() -> c.checkMetadata(headers("X-Object-Meta-" + "n".repeat(129), "v"), "object"));
    fails(() -> c.checkMetadata(headers("X-Container-Meta-N", "v".repeat(257)), "container"));
    MultiMap many = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < 91; i++) many.add("X-Account-Meta-K" + i, "v");
    assertEquals("Too many metadata items; max 90", fails(() -> c.checkMetadata(many, "account")).getMessage());
    MultiMap big = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < 20; i++) big.add("X-Object-Meta-K" + i, "v".repeat(250));
    assertEquals("Total metadata too large; max 4096", fails(() -> c.checkMetadata(big, "object")).getMessage());
  }

  @Test
  void objectLength() {
    assertNull(c.objectLength(headers()));
    assertEquals(-1L, c.objectLength(headers("Transfer-Encoding", "chunked")));
    assertEquals(-1L, c.objectLength(headers("Transfer-Encoding", "Chunked", "Content-Length", "10")));
    assertEquals(ErrorCode.BAD_REQUEST, fails(() -> c.objectLength(headers("Transfer-Encoding", "gzip"))).code());
    assertEquals(ErrorCode.NOT_IMPLEMENTED, fails(() -> c.objectLength(headers("Transfer-Encoding", "gzip, chunked"))).code());
    assertEquals(10L, c.objectLength(headers("Content-Length", "10")));
    assertEquals(ErrorCode.BAD_REQUEST, fails(() -> c.objectLength(headers("Content-Length", "-1"))).code());
    assertEquals(ErrorCode.BAD_REQUEST, fails(() -> c.objectLength(headers("Content-Length", "ten"))).code());
    assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, fails(() -> c.objectLength(headers("Content-Length", "5368709123"))).code());
  }

  @Test
  void listingLimit() {
    Constraints.checkListingLimit(null, 10000);
    Constraints.checkListingLimit("10000", 10000);
    Constraints.checkListingLimit("00000000000000000001", 10000);
    Constraints.checkListingLimit("-5", 10000);
    Constraints.checkListingLimit("many", 10000);
    StratusException over = fails(() -> Constraints.checkListingLimit("99999999999999999999", 10000));
    assertEquals(ErrorCode.PRECONDITION_FAILED, over.code());
    assertEquals("Maximum limit is 10000", over.getMessage());
  }

  @Test
  void deleteAtAndAfter() {
    assertNull(Constraints.deleteAt(headers(), 1000));
    assertEquals("1060", Constraints.deleteAt(headers("X-Delete-After", "60"), 1000));
    assertEquals("2000", Constraints.deleteAt(headers("X-Delete-At", "2000"), 1000));
    fails(() -> Constraints.deleteAt(headers("X-Delete-At", "999"), 1000));
    fails(() -> Constraints.deleteAt(headers("X-Delete-After", "soon"), 1000));
  }

  @Test
  void pathsAndTimestamps() {
    assertEquals(new SwiftPath("v1", "AUTH_a", "c", "d/e f/"), SwiftPath.parse("/v1/AUTH_a/c/d/e%20f/"));
    assertEquals(SwiftPath.Level.CONTAINER, SwiftPath.parse("/v1/AUTH_a/c/").level());
    assertEquals(SwiftPath.Level.ACCOUNT, SwiftPath.parse("/v1/AUTH_a").level());
    assertEquals("ü", SwiftPath.parse("/v1/a/c/%C3%BC").object());
    fails(() -> SwiftPath.parse("/v1/a//o"));
    fails(() -> SwiftPath.parse("/v1/a/c/%ff"));
    fails(() -> SwiftPath.parse("/v1/a/c/%00"));
    assertEquals("1700000000.12345", SwiftTimestamp.format(170000000012345L));
    assertEquals("0000000001.00000", SwiftTimestamp.format(100000L));
  }
}
