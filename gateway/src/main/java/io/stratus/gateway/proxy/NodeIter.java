package io.stratus.gateway.proxy;

import io.stratus.ring.Device;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Swift's NodeIter: the primaries of a partition in ring order, then its handoffs, skipping nodes the
 * error limiter has marked down, and yielding at most {@code maxNodes} nodes in all (Swift's
 * {@code request_node_count}, twice the replica count by default). Not thread-safe: one request walks it.
 */
public final class NodeIter implements Iterator<Node> {
  private final int partition;
  private final List<Device> primaries;
  private final Iterator<Device> handoffs;
  private final ErrorLimiter limiter;
  private final int maxNodes;
  private int primaryIndex;
  private int yielded;
  private int handoffsYielded;
  private Node next;

  public NodeIter(int partition, List<Device> primaries, Iterator<Device> handoffs, ErrorLimiter limiter, int maxNodes) {
    this.partition = partition;
    this.primaries = primaries;
    this.handoffs = handoffs;
    this.limiter = limiter;
    this.maxNodes = maxNodes;
  }

  @Override
  public boolean hasNext() {
    if (next == null && yielded < maxNodes) next = advance();
    return next != null;
  }

  @Override
  public Node next() {
    if (!hasNext()) throw new NoSuchElementException();
    Node n = next;
    next = null;
    yielded++;
    if (n.handoff()) handoffsYielded++;
    return n;
  }

  /** How many handoffs this iterator has handed out. */
  public int handoffsYielded() {
    return handoffsYielded;
  }

  private Node advance() {
    while (primaryIndex < primaries.size()) {
      Device d = primaries.get(primaryIndex++);
      if (!limiter.limited(d)) return new Node(d, partition, false);
    }
    while (handoffs.hasNext()) {
      Device d = handoffs.next();
      if (!limiter.limited(d)) return new Node(d, partition, true);
    }
    return null;
  }
}
