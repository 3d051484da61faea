package io.stratus.common.auth;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Generated passwords and secrets. They use letters and digits only: a secret that began with '-'
 * would be taken for an option by the clients it is pasted into ({@code swift -K SECRET},
 * {@code openstack --os-password SECRET}), and one with '_' or '/' invites quoting mistakes.
 */
public final class Secrets {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Characters needed for a password of 144 random bits (as many as 18 random bytes). */
  public static final int PASSWORD_LENGTH = 25;

  private Secrets() {
  }

  /** A fresh password of {@link #PASSWORD_LENGTH} letters and digits. */
  public static String password() {
    return random(RANDOM, PASSWORD_LENGTH);
  }

  /** {@code length} letters and digits drawn uniformly from {@code random}. */
  public static String random(Random random, int length) {
    StringBuilder secret = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return secret.toString();
  }
}
