package io.stratus.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityConfigTest {
  @Test
  void defaultsThenEnvThenFlags() {
    IdentityConfig config = IdentityConfig.load(Map.of("STRATUS_IDENTITY_PORT", "6000", "STRATUS_IDENTITY_REGION", "R2", "PATH", "/bin"),
        List.of("--port=7000", "--admin-password", "pw"));
    assertEquals(7000, config.port());
    assertEquals("R2", config.region());
    assertEquals("pw", config.adminPassword());
    assertEquals(Duration.ofHours(1), config.tokenTtl());
  }

  @Test
  void unknownKeysAndBadValuesFailStartup() {
    for (Runnable bad : List.<Runnable>of(
        () -> IdentityConfig.load(Map.of(), List.of("--prot=1")),
        () -> IdentityConfig.load(Map.of("STRATUS_IDENTITY_PROT", "1"), List.of()),
        () -> IdentityConfig.load(Map.of(), List.of("--port=x")),
        () -> IdentityConfig.load(Map.of(), List.of("--max-keys=2", "--key-rotation-seconds=60")))) {
      StratusException e = assertThrows(StratusException.class, bad::run);
      assertEquals(ErrorCode.INVALID_CONFIG, e.code());
    }
  }
}
