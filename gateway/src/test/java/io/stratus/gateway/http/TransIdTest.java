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
    assertEquals(2 + 32 + 1 + 10, id.length());
    assertTrue(id.endsWith("-006553f100"), id);
    assertNotEquals(id, TransId.next(clock));
  }

  @Test
  void errorBodiesAreSwifts() {
    assertEquals("<html><h1>Not Found</h1><p>The resource could not be found.</p></html>", SwiftErrors.body(404));
    assertEquals("<html><h1>Unauthorized</h1><p>This server could not verify that you are authorized to access the "
        + "document you requested.</p></html>", SwiftErrors.body(401));
    assertEquals("Service Unavailable", SwiftErrors.title(503));
  }
}
