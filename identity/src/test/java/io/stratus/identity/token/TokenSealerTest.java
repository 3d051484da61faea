package io.stratus.identity.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TokenSealerTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00.123456789Z");
  private final SecureRandom random = new SecureRandom();
  private final AtomicReference<KeyRing> ring = new AtomicReference<>(new KeyRing(List.of(KeyRing.newKey(random, 1, T0))));
  private final TokenSealer sealer = new TokenSealer(ring::get, random);

  private static TokenPayload payload(Instant expires) {
    return new TokenPayload("user1", List.of("password"), "project1", null, T0, expires, List.of("audit1", "audit0"));
  }

  @Test
  void sealedTokenOpensToTheSamePayloadWithMicrosecondTimes() {
    TokenPayload p = payload(T0.plus(Duration.ofHours(1)));
    TokenPayload opened = sealer.open(sealer.seal(p), T0);
    assertEquals(p, opened);
    assertEquals(123456000, opened.issuedAt().getNano());
  }

  @Test
  void theApplicationCredentialIdIsSealedToo() {
    TokenPayload p = new TokenPayload("user1", List.of("application_credential"), "project1", null, T0, T0.plusSeconds(60),
        List.of("audit1"), "cred1");
    assertEquals("cred1", sealer.open(sealer.seal(p), T0).appCredId());
    assertEquals(null, sealer.open(sealer.seal(payload(T0.plusSeconds(60))), T0).appCredId());
  }

  @Test
  void tokensAreUrlSafeAndDifferEachTime() {
    TokenPayload p = payload(T0.plusSeconds(60));
    String a = sealer.seal(p);
    String b = sealer.seal(p);
    assertTrue(a.matches("[A-Za-z0-9_-]+"), a);
    assertTrue(!a.equals(b), "a fresh nonce per token");
  }

  @Test
  void expiredTokenIsRefusedAtItsExpiryInstant() {
    String token = sealer.seal(payload(T0.plusSeconds(60)));
    sealer.open(token, T0.plusSeconds(59));
    StratusException e = assertThrows(StratusException.class, () -> sealer.open(token, T0.plusSeconds(60)));
    assertEquals(ErrorCode.UNAUTHORIZED, e.code());
  }

  @Test
  void everyFlippedByteIsDetected() {
    byte[] raw = Base64.getUrlDecoder().decode(sealer.seal(payload(T0.plusSeconds(60))));
    for (int i = 0; i < raw.length; i++) {
      byte[] copy = raw.clone();
      copy[i] ^= 0x01;
      String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(copy);
      assertThrows(StratusException.class, () -> sealer.open(forged, T0), "byte " + i);
    }
  }

  @Test
  void garbageIsRefusedAsUnauthorized() {
    for (String garbage : new String[] {"", "!!!", "AQ", "abc.def", "A".repeat(5000), Base64.getUrlEncoder().encodeToString(new byte[40])}) {
      StratusException e = assertThrows(StratusException.class, () -> sealer.open(garbage, T0), garbage);
      assertEquals(ErrorCode.UNAUTHORIZED, e.code());
    }
  }

  @Test
  void previousKeysStillOpenTokensUntilRotatedOut() {
    String old = sealer.seal(payload(T0.plusSeconds(3600)));
    ring.set(ring.get().rotate(random, T0, 2));
    assertEquals(2, ring.get().primary().id());
    assertEquals("user1", sealer.open(old, T0).userId());
    String newer = sealer.seal(payload(T0.plusSeconds(3600)));
    assertEquals(2, Base64.getUrlDecoder().decode(newer)[4]);
    ring.set(ring.get().rotate(random, T0, 2));
    assertThrows(StratusException.class, () -> sealer.open(old, T0));
    assertEquals("user1", sealer.open(newer, T0).userId());
  }

  @Test
  void aTokenFromAnotherKeyRingWithTheSameKeyIdIsRefused() {
    TokenSealer other = new TokenSealer(() -> new KeyRing(List.of(KeyRing.newKey(random, 1, T0))), random);
    String foreign = other.seal(payload(T0.plusSeconds(60)));
    assertThrows(StratusException.class, () -> sealer.open(foreign, T0));
  }
}
