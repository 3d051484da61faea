package io.stratus.gateway.proxy;

import java.util.List;

/**
 * Swift's quorum rules as pure functions ({@code quorum_size}, {@code have_quorum} and
 * {@code best_response} of swift/proxy/controllers/base.py): a majority of the replicas must agree on
 * a status class, and the strongest status of the winning class is the answer.
 */
public final class Quorum {
  /** What the client gets when no class of statuses reaches a quorum. */
  public static final int NO_QUORUM = 503;

  private Quorum() {
  }

  /** The number of agreeing replicas a write needs: a majority ({@code n // 2 + 1}). */
  public static int size(int replicas) {
    if (replicas < 1) throw new IllegalArgumentException("replicas must be positive, got " + replicas);
    return replicas / 2 + 1;
  }

  /** Whether {@code count} statuses of {@code replicas} are enough to answer. */
  public static boolean reached(int count, int replicas) {
    return count >= size(replicas);
  }

  /**
   * The status to answer for the replicas' statuses: for 2xx, then 3xx, then 4xx, the highest status
   * of the first class holding a quorum; {@link #NO_QUORUM} when none does. Missing answers (a node
   * that could not be reached) should be passed as 503.
   */
  public static int best(List<Integer> statuses, int replicas) {
    int needed = size(replicas);
    for (int hundred = 200; hundred < 500; hundred += 100) {
      int count = 0;
      int highest = 0;
      for (int s : statuses) {
        if (s >= hundred && s < hundred + 100) {
          count++;
          highest = Math.max(highest, s);
        }
      }
      if (count >= needed) return highest;
    }
    return NO_QUORUM;
  }
}
