package io.stratus.objectserver.store;

/**
 * What a timestamped write did: whether it was newer than what the device had (applied), and the
 * previous row (null if there was none).
 */
public record WriteOutcome(boolean applied, ObjectMeta previous) {
}
