package io.stratus.gateway.swift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.StratusException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerAclTest {
  private static final AuthContext EVE = new AuthContext("u-eve", "eve", "default", "p-1", "proj", "default", Set.of("member"),
      Instant.parse("2030-01-01T00:00:00Z"));

  @Test
  void cleanAsSwiftsCleanAcl() {
    assertEquals("bob,sue", ContainerAcl.clean("X-Container-Read", "bob , ,,sue"));
    assertEquals(".r:*", ContainerAcl.clean("X-Container-Read", ".referrer : *"));
    assertEquals(".r:.example.com,.r:-*", ContainerAcl.clean("X-Container-Read", ".ref:*.example.com, .r:-*"));
    assertEquals("p:u,p:*", ContainerAcl.clean("X-Container-Write", "p:u,p:*"));
    assertEquals("No host/domain value after referrer designation in ACL: '.r:*.'",
        assertThrows(StratusException.class, () -> ContainerAcl.clean("X-Container-Read", ".r:*.")).getMessage());
    assertEquals("Unknown designator '.x' in ACL: \".x:it's\"",
        assertThrows(StratusException.class, () -> ContainerAcl.clean("X-Container-Read", ".x:it's")).getMessage());
  }

  @Test
  void referrersAndListings() {
    ContainerAcl acl = ContainerAcl.parse(".r:*, .r:-bad.example");
    assertTrue(acl.referrerAllows(null, false));
    assertTrue(acl.referrerAllows("http://good.example/x", false));
    assertFalse(acl.referrerAllows("http://bad.example/x", false));
    assertFalse(acl.referrerAllows(null, true), "listings need .rlistings");
    assertTrue(ContainerAcl.parse(".r:*,.rlistings").referrerAllows(null, true));
    ContainerAcl domain = ContainerAcl.parse(".r:.example.com");
    assertTrue(domain.referrerAllows("https://www.example.com/", false));
    assertFalse(domain.referrerAllows("https://example.org/", false));
    assertFalse(domain.referrerAllows(null, false));
  }

  @Test
  void projectUserGrantsByIdOrName() {
    assertTrue(ContainerAcl.parse("p-1:u-eve").grants(EVE));
    assertTrue(ContainerAcl.parse("proj:eve").grants(EVE));
    assertTrue(ContainerAcl.parse("p-1:*").grants(EVE));
    assertTrue(ContainerAcl.parse("*:eve").grants(EVE));
    assertTrue(ContainerAcl.parse("*:*").grants(EVE));
    assertFalse(ContainerAcl.parse("p-2:*, *:bob").grants(EVE));
    assertFalse(ContainerAcl.parse(".r:*").grants(EVE));
    assertFalse(ContainerAcl.parse("*:*").grants(null));
  }
}
