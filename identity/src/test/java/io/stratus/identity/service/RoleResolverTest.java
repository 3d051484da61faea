package io.stratus.identity.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleResolverTest {
  private static final List<String[]> CHAIN = List.of(new String[] {"admin", "member"}, new String[] {"member", "reader"});

  @Test
  void impliedRolesFollowChains() {
    assertEquals(List.of("admin", "member", "reader"), List.copyOf(RoleResolver.expand(Set.of("admin"), CHAIN)));
    assertEquals(Set.of("member", "reader"), RoleResolver.expand(Set.of("member"), CHAIN));
    assertEquals(Set.of("reader"), RoleResolver.expand(Set.of("reader"), CHAIN));
  }

  @Test
  void cyclesTerminate() {
    List<String[]> cycle = List.of(new String[] {"a", "b"}, new String[] {"b", "a"});
    assertEquals(Set.of("a", "b"), RoleResolver.expand(Set.of("a"), cycle));
  }
}
