package io.stratus.objectserver.swift;

/** One container row of an account listing, as the container's server last reported it. */
public record ContainerRow(String name, Timestamp putTimestamp, Timestamp deleteTimestamp, long objectCount,
    long bytesUsed) {

  /** Swift's rule: deleted when the delete is newer than the put and no objects remain. */
  public boolean deleted() {
    return deleteTimestamp.isAfter(putTimestamp) && objectCount == 0;
  }
}
