package io.stratus.common.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EscapesTest {
  @ParameterizedTest
  @ValueSource(strings = {"/v1/AUTH_a/c?marker=%zz", "/x?a=%", "/x?a=%4", "/x?%zz=1", "/v2.1/servers/%zz", "/x%2", "/x?a=%%41"})
  void aPercentNotFollowedByTwoHexDigitsIsMalformed(String target) {
    assertFalse(Escapes.wellFormed(target));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/AUTH_a/c?marker=%41%e2%82%ac", "/x?a=%25zz", "/plain?a=b&c", "/x%2F%2f", ""})
  void wellFormedEscapesPassAndNettyDecodesThem(String target) {
    assertTrue(Escapes.wellFormed(target));
    new QueryStringDecoder(target).parameters();
  }

  @Test
  void noTargetIsWellFormed() {
    assertTrue(Escapes.wellFormed(null));
  }
}
