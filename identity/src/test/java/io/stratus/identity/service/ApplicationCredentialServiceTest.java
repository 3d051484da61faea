package io.stratus.identity.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.identity.model.ApplicationCredential;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplicationCredentialServiceTest {
  private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void expiryTimesParseAsKeystoneAndOpenstackclientWriteThem() {
    assertEquals(AT, ApplicationCredentialService.parseTime("2030-01-01T00:00:00Z"));
    assertEquals(AT, ApplicationCredentialService.parseTime("2030-01-01T00:00:00.000000Z"));
    assertEquals(AT, ApplicationCredentialService.parseTime("2030-01-01T00:00:00"));
    assertEquals(AT, ApplicationCredentialService.parseTime("2030-01-01T02:00:00+02:00"));
    StratusException e = assertThrows(StratusException.class, () -> ApplicationCredentialService.parseTime("tomorrow"));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
  }

  @Test
  void aCredentialExpiresAtItsExpiryInstant() {
    ApplicationCredential cred = new ApplicationCredential("id", "n", "u", "p", null, "hash", List.of("r"), AT.toString(), false);
    assertEquals(false, cred.expiredAt(AT.minusNanos(1000)));
    assertEquals(true, cred.expiredAt(AT));
    ApplicationCredential forever = new ApplicationCredential("id", "n", "u", "p", null, "hash", List.of(), null, false);
    assertEquals(false, forever.expiredAt(Instant.MAX));
  }
}
