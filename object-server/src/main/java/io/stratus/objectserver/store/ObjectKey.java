package io.stratus.objectserver.store;

import io.stratus.ring.PathHasher;

/** Where an object lives on a device: its partition, its path hash and its name. */
public record ObjectKey(int partition, byte[] hash, String account, String container, String object) {

  public static ObjectKey of(PathHasher hasher, int partition, String account, String container, String object) {
    return new ObjectKey(partition, hasher.digest(account, container, object), account, container, object);
  }

  byte[] entity() {
    return Keys.entity(partition, hash);
  }
}
