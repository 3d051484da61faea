package io.stratus.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackendTimestampsTest {
  @Test
  void newerWinsAndOffsetsBreakTies() {
    assertTrue(BackendTimestamps.compare("1700000001.00000", "1700000000.99999") > 0);
    assertTrue(BackendTimestamps.compare("1700000000.00000_0000000000000002", "1700000000.00000_0000000000000001") > 0);
    assertTrue(BackendTimestamps.compare("1700000000.00000_0000000000000001", "1700000000.00000") > 0);
    assertTrue(BackendTimestamps.compare(null, "0000000000.00001") < 0);
    assertTrue(BackendTimestamps.compare("garbage", "0000000000.00001") < 0);
  }
}
