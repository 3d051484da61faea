package io.stratus.objectserver.store;

/** Lock striping by path hash: read-modify-write of one object, container or account is serialised. */
final class Stripes {
  private final Object[] locks;

  Stripes(int count) {
    locks = new Object[count];
    for (int i = 0; i < count; i++) locks[i] = new Object();
  }

  Object of(byte[] hash) {
    int h = ((hash[0] & 0xFF) << 8) | (hash[1] & 0xFF);
    return locks[h % locks.length];
  }
}
