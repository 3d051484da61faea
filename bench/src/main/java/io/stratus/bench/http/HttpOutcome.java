package io.stratus.bench.http;

/** What one benchmarked exchange produced: the status, bytes sent and bytes of body received. */
public record HttpOutcome(int status, long bytesOut, long bytesIn) {

  /** Whether the status is 2xx. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
