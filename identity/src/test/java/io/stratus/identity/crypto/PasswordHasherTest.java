package io.stratus.identity.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher fast = new PasswordHasher(1024, 1, 1);

  @Test
  void standardParametersProduceAPhcArgon2idString() {
    String hash = PasswordHasher.standard().hash("correct horse");
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    assertTrue(PasswordHasher.standard().verify("correct horse", hash));
  }

  @Test
  void verifiesOnlyTheRightPassword() {
    String hash = fast.hash("s3cret");
    assertTrue(fast.verify("s3cret", hash));
    assertFalse(fast.verify("s3cret ", hash));
    assertFalse(fast.verify("", hash));
  }

  @Test
  void saltsDiffer() {
    assertNotEquals(fast.hash("same"), fast.hash("same"));
  }

  @Test
  void hashesWithOtherParametersStillVerify() {
    String hash = new PasswordHasher(2048, 2, 2).hash("pw");
    assertTrue(fast.verify("pw", hash));
  }

  @Test
  void malformedHashesNeverVerify() {
    for (String bad : new String[] {"", "plain", "$argon2i$v=19$m=1024,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA",
        "$argon2id$v=19$m=1024,t=1,p=1$***$AAAA", "$argon2id$v=19$q=1024,t=1,p=1$AAAA$AAAA"}) {
      assertFalse(fast.verify("pw", bad), bad);
    }
    assertFalse(fast.verify(null, fast.hash("pw")));
  }
}
