package io.stratus.common.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolePolicyTest {
  private static AuthContext scoped(String project, String... roles) {
    return new AuthContext("u", "user", "default", project, "name", null, Set.of(roles), Instant.MAX);
  }

  @Test
  void strongerRolesImplyWeakerOnes() {
    assertTrue(RolePolicy.grants(Set.of("admin"), "reader"));
    assertTrue(RolePolicy.grants(Set.of("member"), "reader"));
    assertFalse(RolePolicy.grants(Set.of("reader"), "member"));
    assertTrue(RolePolicy.grants(Set.of("custom"), "custom"));
    assertFalse(RolePolicy.grants(Set.of("admin"), "custom"));
  }

  @Test
  void roleHoldsOnlyOnTheScopedProjectUnlessAdmin() {
    assertTrue(RolePolicy.allowsOnProject(scoped("p1", "member"), "p1", "reader"));
    assertFalse(RolePolicy.allowsOnProject(scoped("p1", "member"), "p2", "reader"));
    assertFalse(RolePolicy.allowsOnProject(scoped("p1", "reader"), "p1", "member"));
    assertTrue(RolePolicy.allowsOnProject(scoped("p1", "admin"), "p2", "member"));
    assertFalse(RolePolicy.allowsOnProject(scoped(null, "member"), null, "member"));
  }

  @Test
  void requireFailsWithForbidden() {
    StratusException e = assertThrows(StratusException.class, () -> RolePolicy.requireOnProject(scoped("p1", "reader"), "p1", "member"));
    assertEquals(ErrorCode.FORBIDDEN, e.code());
    assertThrows(StratusException.class, () -> RolePolicy.requireAdmin(scoped("p1", "member")));
    assertDoesNotThrow(() -> RolePolicy.requireAdmin(scoped("p1", "admin")));
  }
}
