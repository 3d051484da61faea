package io.stratus.common.http;

/**
 * Checks a request target's %-escapes before anything decodes it. Netty's and Vert.x's decoders
 * throw on a '%' that is not followed by two hex digits ({@code ?marker=%zz}, a trailing '%'),
 * which a service would otherwise answer 500; a target that fails this check is a bad request.
 */
public final class Escapes {
  /** The message of the 400 a malformed target gets. */
  public static final String MESSAGE = "The request URL has a malformed %-escape: '%' must be followed by two hex digits.";

  private Escapes() {
  }

  /** Whether every '%' of {@code target} (a path, a query or both, as sent) starts a %XX escape. */
  public static boolean wellFormed(String target) {
    if (target == null) return true;
    int at = target.indexOf('%');
    while (at >= 0) {
      if (at + 2 >= target.length() || Character.digit(target.charAt(at + 1), 16) < 0
          || Character.digit(target.charAt(at + 2), 16) < 0) {
        return false;
      }
      at = target.indexOf('%', at + 3);
    }
    return true;
  }
}
