package io.stratus.compute.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stratus.compute.message.InstanceEvent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InstanceRecordTest {
  private static final String ID = "6f5b2d2e-1c1b-4a52-9a55-0a1b2c3d4e5f";

  @Test
  void onlyTheLastOutcomesAreKeptAndTheRecordSurvivesJson() {
    InstanceRecord record = InstanceRecord.fresh(ID, 1).withDomain(new DomainSpec(ID, "n", "test", 64, 1, null, null, null,
        Path.of("/d"), "raw", Path.of("/c")));
    for (long seq = 1; seq <= 12; seq++) {
      record = record.applied(seq, event(seq, seq % 2 == 0 ? "stopped" : "active", seq % 2 == 0 ? 4 : 1), 100 + seq);
    }
    assertEquals(12, record.lastSeq());
    assertEquals("stopped", record.vmState());
    assertEquals(InstanceEvent.SHUTDOWN, record.powerState());
    assertNull(record.outcome(4), "older than the last " + InstanceRecord.KEPT_OUTCOMES);
    assertEquals("e5", record.outcome(5).id());
    InstanceRecord copy = InstanceRecord.fromJson(record.toJson());
    assertEquals(record.toJson(), copy.toJson());
    assertEquals(record.domain(), copy.domain());
    assertEquals(13, copy.seen(13, 200).lastSeq());
    assertEquals("stopped", copy.seen(13, 200).vmState());
  }

  private static InstanceEvent event(long seq, String vmState, int power) {
    return new InstanceEvent("e" + seq, ID, "c" + seq, seq, "h", InstanceEvent.Kind.DONE, vmState, power, null, null, seq);
  }
}
