package io.stratus.gateway.swift;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratus.common.error.StratusException;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Form post signatures against vectors from python3: {@code hmac.new(b'mykey',
 * b'/v1/AUTH_test/c/pre\nhttps://example.com/done\n1024\n5\n1700000000', hashlib.sha256).hexdigest()}.
 */
class FormFieldsTest {
  private static final SwiftPath PATH = SwiftPath.parse("/v1/AUTH_test/c/pre");

  private static FormFields form(String signature, long now) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap().add("redirect", "https://example.com/done").add("max_file_size", "1024")
        .add("max_file_count", "5").add("expires", "1700000000").add("signature", signature);
    return FormFields.of(m, PATH, now);
  }

  @Test
  void signedFormsPass() {
    String sha256 = "0ab0ed61a5bd78783d477fdc370d99eaaf87daa7828a631261155224dd2d517a";
    String sha1 = "bf2661a50e4b7a358569a7e7b6896eacc6a455c6";
    assertDoesNotThrow(() -> form(sha256, 1_699_999_999L).check(List.of("other", "mykey"), "/v1/AUTH_test/c/pre"));
    assertDoesNotThrow(() -> form(sha1, 1_699_999_999L).check(List.of("mykey"), "/v1/AUTH_test/c/pre"));
    assertEquals(1024, form(sha1, 0).maxFileSize());
    assertEquals(5, form(sha1, 0).maxFileCount());
  }

  @Test
  void badOrExpiredFormsAreSwiftsTexts() {
    String sha1 = "bf2661a50e4b7a358569a7e7b6896eacc6a455c6";
    StratusException expired = assertThrows(StratusException.class,
        () -> form(sha1, 1_700_000_001L).check(List.of("mykey"), "/v1/AUTH_test/c/pre"));
    assertEquals("FormPost: Form Expired", expired.getMessage());
    StratusException bad = assertThrows(StratusException.class,
        () -> form(sha1, 0).check(List.of("mykey"), "/v1/AUTH_test/c/other"));
    assertEquals("FormPost: Invalid Signature", bad.getMessage());
    assertEquals(401, bad.code().status());
    // 'max_file_size exceeded'.title() in python3
    assertEquals("Max_File_Size Exceeded", FormPost.title("max_file_size exceeded"));
  }
}
