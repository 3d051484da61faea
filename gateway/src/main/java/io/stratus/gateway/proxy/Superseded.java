package io.stratus.gateway.proxy;

import java.util.List;

/**
 * Writes that lost a race to a newer one. A storage node refuses a PUT, POST or DELETE whose X-Timestamp is
 * not newer than what it holds with 409 and the newer X-Backend-Timestamp; such a write is not an error but
 * superseded (last writer wins), as Swift's proxy sees it ("Object PUT returning 202 for 409" in
 * swift/proxy/controllers/obj.py). Other 409s (a container not empty, no timestamp) are not superseded.
 */
public final class Superseded {
  private Superseded() {
  }

  /** Whether {@code reply} refuses a write of {@code requestTimestamp} for holding one at least as new. */
  public static boolean by(BackendReply reply, String requestTimestamp) {
    String held = reply.header("X-Backend-Timestamp");
    return reply.status() == 409 && held != null && BackendTimestamps.compare(held, requestTimestamp) >= 0;
  }

  /**
   * Whether the write of {@code requestTimestamp} was superseded rather than failed: its 2xx replies do not
   * reach a quorum alone but do with the replies that refused it for a newer timestamp.
   */
  public static boolean write(List<BackendReply> replies, String requestTimestamp, int replicas) {
    long stored = replies.stream().filter(x -> x.status() / 100 == 2).count();
    long newer = replies.stream().filter(x -> by(x, requestTimestamp)).count();
    return newer > 0 && !Quorum.reached((int) stored, replicas) && Quorum.reached((int) (stored + newer), replicas);
  }
}
