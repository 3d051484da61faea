package io.stratus.objectserver.swift;

/**
 * One container row of an account listing, as the container's server last reported it; the stats
 * are those of the report with the newest {@code reportedAt} (the container server's clock).
 */
public record ContainerRow(String name, Timestamp putTimestamp, Timestamp deleteTimestamp, long objectCount,
    long bytesUsed, Timestamp reportedAt) {

  public ContainerRow {
    if (reportedAt == null) reportedAt = Timestamp.ZERO;
  }

  /** Swift's rule: deleted when the delete is newer than the put and no objects remain. */
  public boolean deleted() {
    return deleteTimestamp.isAfter(putTimestamp) && objectCount == 0;
  }
}
