package io.stratus.objectserver.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratus.objectserver.replicator.PartitionJob.Action;
import io.stratus.objectserver.store.ObjectVersion;
import io.stratus.objectserver.swift.Timestamp;
import org.junit.jupiter.api.Test;

/** What the replicator sends a peer for each combination of local and remote object state. */
class PartitionJobTest {
  static ObjectVersion v(String data, String meta, boolean deleted) {
    return new ObjectVersion("h", Timestamp.parse(data), Timestamp.parse(meta), deleted);
  }

  @Test
  void missingOrOlderRemoteGetsTheWholeObjectOrTheTombstone() {
    assertEquals(Action.PUT, PartitionJob.action(v("2", "2", false), null));
    assertEquals(Action.PUT, PartitionJob.action(v("2", "2", false), v("1", "1", false)));
    assertEquals(Action.PUT, PartitionJob.action(v("2", "2", false), v("1", "1", true)));
    assertEquals(Action.DELETE, PartitionJob.action(v("2", "2", true), null));
    assertEquals(Action.DELETE, PartitionJob.action(v("2", "2", true), v("1", "1.5", false)));
  }

  @Test
  void sameDataWithOlderMetadataGetsAPost() {
    assertEquals(Action.POST, PartitionJob.action(v("2", "3", false), v("2", "2", false)));
    assertEquals(Action.NONE, PartitionJob.action(v("2", "3", false), v("2", "3", false)));
    assertEquals(Action.NONE, PartitionJob.action(v("2", "2", false), v("2", "3", false)));
  }

  @Test
  void newerOrEqualRemoteGetsNothing() {
    assertEquals(Action.NONE, PartitionJob.action(v("1", "1", false), v("2", "2", false)));
    assertEquals(Action.NONE, PartitionJob.action(v("1", "1", true), v("2", "2", true)));
    assertEquals(Action.NONE, PartitionJob.action(v("2", "2", true), v("2", "2", true)));
    assertEquals(Action.NONE, PartitionJob.action(v("1", "5", false), v("2", "2", true)));
  }
}
