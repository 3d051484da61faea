package io.stratus.identity.model;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** Keystone-style ids: 32 lowercase hex digits. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {
  }

  public static String random() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** A Keystone-style audit id: 16 random bytes, base64url without padding (22 characters). */
  public static String randomAuditId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
