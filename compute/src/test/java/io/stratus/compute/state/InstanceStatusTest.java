package io.stratus.compute.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Nova's status mapping from vm_state and task_state. */
class InstanceStatusTest {
  @Test
  void mapsVmAndTaskStatesLikeNova() {
    assertEquals("BUILD", InstanceStatus.of("building", "scheduling"));
    assertEquals("BUILD", InstanceStatus.of("building", null));
    assertEquals("ACTIVE", InstanceStatus.of("active", null));
    assertEquals("ACTIVE", InstanceStatus.of("active", "powering-off"));
    assertEquals("ACTIVE", InstanceStatus.of("active", "deleting"));
    assertEquals("REBOOT", InstanceStatus.of("active", "rebooting"));
    assertEquals("HARD_REBOOT", InstanceStatus.of("active", "rebooting_hard"));
    assertEquals("SHUTOFF", InstanceStatus.of("stopped", null));
    assertEquals("SHUTOFF", InstanceStatus.of("stopped", "powering-on"));
    assertEquals("ERROR", InstanceStatus.of("error", null));
    assertEquals("DELETED", InstanceStatus.of("deleted", null));
    assertEquals("UNKNOWN", InstanceStatus.of("bogus", null));
    assertEquals("UNKNOWN", InstanceStatus.of(null, null));
  }

  @Test
  void findsTheVmStatesOfAStatus() {
    assertTrue(InstanceStatus.vmStatesFor("SHUTOFF").contains("stopped"));
    assertTrue(InstanceStatus.vmStatesFor("REBOOT").contains("active"));
    assertTrue(InstanceStatus.vmStatesFor("NOPE").isEmpty());
  }
}
