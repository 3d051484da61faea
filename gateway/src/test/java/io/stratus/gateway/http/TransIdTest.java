package io.stratus.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.gateway.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TransIdTest {
  @Test
  void swiftShapeWithTheEpochSecondInHex() {
    MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000L));
    String id = TransId.next(clock);
    assertTrue(TransId.FORMAT.matcher(id).matches(), id);
    // python3: 'tx%s-%010x' % (uuid.uuid4().hex[:21], 1700000000) -> 'tx8f9ae456c4024e5186e7d-006553f100'
    assertEquals(34, id.length());
    assertTrue(id.endsWith("-006553f100"), id);
    assertEquals('4', id.charAt(2 + 12), "the uuid4 version digit");
    assertTrue("89ab".indexOf(id.charAt(2 + 16)) >= 0, "the uuid4 variant digit");
    assertNotEquals(id, TransId.next(clock));
  }

  @Test
  void patternAcceptsPythonsIdsOnly() {
    assertTrue(TransId.FORMAT.matcher("tx8f9ae456c4024e5186e7d-006553f100").matches());
    assertTrue(!TransId.FORMAT.matcher("tx8f9ae456c4024e5186e7d00000000000-006553f100").matches());
  }

  @Test
  void errorBodiesAreSwifts() {
    assertEquals("<html><h1>Not Found</h1><p>The resource could not be found.</p></html>", SwiftErrors.body(404));
    assertEquals("<html><h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the "
        + "document you requested.</p></html>", SwiftErrors.body(401));
    assertEquals("Service Unavailable", SwiftErrors.title(503));
  }
}
