package io.stratus.common.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for what a client sent (a path, a token, a request body): bytes that are not
 * well-formed UTF-8 are refused, where {@code new String(bytes, UTF_8)} would quietly put U+FFFD in
 * their place and so name something the client never named.
 */
public final class Utf8 {
  private Utf8() {
  }

  /** The text of {@code bytes}; null when they are not well-formed UTF-8. */
  public static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
