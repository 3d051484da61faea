package io.stratus.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumTest {
  @Test
  void sizeIsAMajority() {
    assertEquals(1, Quorum.size(1));
    assertEquals(2, Quorum.size(2));
    assertEquals(2, Quorum.size(3));
    assertEquals(3, Quorum.size(4));
    assertEquals(3, Quorum.size(5));
    assertThrows(IllegalArgumentException.class, () -> Quorum.size(0));
    assertTrue(Quorum.reached(2, 3));
    assertFalse(Quorum.reached(1, 3));
  }

  @Test
  void bestResponseAsSwift() {
    assertEquals(201, Quorum.best(List.of(201, 201, 201), 3));
    assertEquals(201, Quorum.best(List.of(201, 503, 201), 3));
    assertEquals(503, Quorum.best(List.of(201, 503, 503), 3));
    assertEquals(202, Quorum.best(List.of(201, 202, 202), 3), "the highest status of the winning class");
    assertEquals(404, Quorum.best(List.of(404, 404, 204), 3));
    assertEquals(204, Quorum.best(List.of(204, 404, 204), 3));
    assertEquals(409, Quorum.best(List.of(409, 404, 204), 3), "4xx holds the quorum, its highest wins");
    assertEquals(422, Quorum.best(List.of(422, 422, 201), 3));
    assertEquals(503, Quorum.best(List.of(), 3));
    assertEquals(503, Quorum.best(List.of(201, 404, 503), 3), "no class has a quorum");
    assertEquals(200, Quorum.best(List.of(404, 200, 200, 503), 3), "more answers than replicas (handoffs)");
  }
}
