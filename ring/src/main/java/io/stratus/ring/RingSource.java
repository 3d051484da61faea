package io.stratus.ring;

/** Where a service gets the current ring snapshot from; cheap enough to call on every request. */
@FunctionalInterface
public interface RingSource {

  /** The newest ring snapshot. */
  Ring ring();

  /** A source that always answers the same snapshot. */
  static RingSource of(Ring ring) {
    return () -> ring;
  }
}
