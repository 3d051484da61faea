package io.stratus.identity.store;

import io.stratus.common.error.StratusException;

/** A key that must (or must not) exist when an atomic write runs, and the failure raised when it does not hold. */
public record Precondition(String key, boolean mustExist, StratusException failure) {

  public static Precondition absent(String key, StratusException failure) {
    return new Precondition(key, false, failure);
  }

  public static Precondition present(String key, StratusException failure) {
    return new Precondition(key, true, failure);
  }
}
