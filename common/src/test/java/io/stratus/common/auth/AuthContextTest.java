package io.stratus.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratus.common.error.StratusException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthContextTest {
  @Test
  void readsAKeystoneTokenBody() {
    JsonObject body = new JsonObject("{\"token\":{\"user\":{\"id\":\"u1\",\"name\":\"alice\",\"domain\":{\"id\":\"default\"}},"
        + "\"project\":{\"id\":\"p1\",\"name\":\"demo\"},\"roles\":[{\"id\":\"r\",\"name\":\"member\"},{\"id\":\"s\",\"name\":\"reader\"}],"
        + "\"expires_at\":\"2025-01-01T01:00:00.000000Z\"}}");
    AuthContext context = AuthContext.fromKeystoneToken(body);
    assertEquals("u1", context.userId());
    assertEquals("default", context.userDomainId());
    assertEquals("p1", context.projectId());
    assertEquals(Set.of("member", "reader"), context.roles());
    assertEquals(Instant.parse("2025-01-01T01:00:00Z"), context.expiresAt());
  }

  @Test
  void refusesBodiesWithoutTokenOrExpiry() {
    assertThrows(StratusException.class, () -> AuthContext.fromKeystoneToken(new JsonObject()));
    assertThrows(StratusException.class, () -> AuthContext.fromKeystoneToken(new JsonObject("{\"token\":{\"user\":{}}}")));
  }
}
