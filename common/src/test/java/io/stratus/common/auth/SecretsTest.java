package io.stratus.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void passwordsAreLettersAndDigitsSoNoClientTakesOneForAnOption() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String password = Secrets.password();
      assertTrue(password.matches("[A-Za-z0-9]{" + Secrets.PASSWORD_LENGTH + "}"), password);
      assertTrue(seen.add(password), "repeated " + password);
    }
  }

  @Test
  void everyLetterAndDigitCanBeDrawn() {
    Set<Character> drawn = new HashSet<>();
    for (char c : Secrets.random(new Random(7), 20_000).toCharArray()) {
      drawn.add(c);
    }
    assertEquals(62, drawn.size());
  }
}
