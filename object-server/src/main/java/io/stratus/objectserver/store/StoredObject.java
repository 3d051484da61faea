package io.stratus.objectserver.store;

import java.util.HexFormat;

/** An object row as a daemon finds it on a device: its partition, path hash and metadata. */
public record StoredObject(int partition, byte[] hash, ObjectMeta meta) {

  /** The key to open, change or remove the object by. */
  public ObjectKey key() {
    return new ObjectKey(partition, hash, meta.account(), meta.container(), meta.object());
  }

  /** The path hash in hex, as replication lists name objects. */
  public String hashHex() {
    return HexFormat.of().formatHex(hash);
  }

  /** Swift's suffix: the last three hex digits of the path hash. */
  public String suffix() {
    return Keys.suffix(hash);
  }

  /** What replication compares: the row's timestamps and whether it is a tombstone. */
  public ObjectVersion version() {
    return new ObjectVersion(hashHex(), meta.dataTimestamp(), meta.metaTimestamp(), meta.deleted());
  }
}
