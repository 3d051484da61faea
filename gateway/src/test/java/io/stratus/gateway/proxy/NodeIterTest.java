package io.stratus.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.gateway.MutableClock;
import io.stratus.ring.Device;
import io.stratus.ring.PathHasher;
import io.stratus.ring.Ring;
import io.stratus.ring.builder.RingBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeIterTest {
  static final Ring RING = ring(6);
  final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
  final ErrorLimiter limiter = new ErrorLimiter(clock, 3, Duration.ofSeconds(60));

  static Ring ring(int devices) {
    RingBuilder b = RingBuilder.create(6, 3, 1, InstantSource.system());
    for (int i = 0; i < devices; i++) b.addDevice(Device.of(i, 1, i + 1, "10.0.0." + (i + 1), 6200, "d" + i, 100));
    b.rebalance(7);
    return new Ring(b.toRingData(), new PathHasher("", "suffix"));
  }

  private NodeIter iter(int part, int max) {
    return new NodeIter(part, RING.primaries(part), RING.handoffs(part), limiter, max);
  }

  private static List<Node> drain(NodeIter it) {
    List<Node> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void primariesInRingOrderThenHandoffs() {
    int part = 17;
    List<Node> nodes = drain(iter(part, 6));
    assertEquals(6, nodes.size());
    assertEquals(RING.primaries(part), nodes.subList(0, 3).stream().map(Node::device).toList());
    assertTrue(nodes.subList(0, 3).stream().noneMatch(Node::handoff));
    assertTrue(nodes.subList(3, 6).stream().allMatch(Node::handoff));
    List<Device> handoffs = new ArrayList<>();
    RING.handoffs(part).forEachRemaining(handoffs::add);
    assertEquals(handoffs.subList(0, 3), nodes.subList(3, 6).stream().map(Node::device).toList());
    Set<Device> distinct = new HashSet<>(nodes.stream().map(Node::device).toList());
    assertEquals(6, distinct.size());
    assertTrue(nodes.stream().allMatch(n -> n.partition() == part));
  }

  @Test
  void errorLimitedNodesAreSkippedUntilTheIntervalPasses() {
    int part = 5;
    Device first = RING.primaries(part).get(0);
    for (int i = 0; i < 3; i++) limiter.error(first);
    NodeIter it = iter(part, 6);
    List<Node> nodes = drain(it);
    assertFalse(nodes.stream().anyMatch(n -> n.device().equals(first)));
    assertEquals(RING.primaries(part).get(1), nodes.get(0).device());
    assertEquals(3, it.handoffsYielded(), "a handoff fills the limited primary's place within the node count");
    clock.advance(Duration.ofSeconds(61));
    assertEquals(first, drain(iter(part, 6)).get(0).device());
  }

  @Test
  void stopsAtTheNodeCountOrWhenTheRingRunsOut() {
    assertEquals(2, drain(iter(3, 2)).size());
    assertEquals(6, drain(iter(3, 100)).size(), "six devices in all");
  }

  @Test
  void limiterCountsErrorsWithinTheIntervalOnly() {
    Device d = RING.devices().get(0);
    limiter.error(d);
    limiter.error(d);
    assertFalse(limiter.limited(d));
    clock.advance(Duration.ofSeconds(61));
    limiter.error(d);
    assertFalse(limiter.limited(d), "old errors expired");
    limiter.limitNow(d);
    assertTrue(limiter.limited(d));
  }
}
