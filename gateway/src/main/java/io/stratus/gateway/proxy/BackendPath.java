package io.stratus.gateway.proxy;

import java.nio.charset.StandardCharsets;

/**
 * The path of a storage-node request, {@code /device/partition/account[/container[/object]]}, with
 * names percent-encoded as Swift's {@code quote} does (slashes inside the object name kept).
 */
public final class BackendPath {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private BackendPath() {
  }

  public static String of(Node node, String account, String container, String object) {
    StringBuilder sb = new StringBuilder(64).append('/');
    quote(sb, node.device().name());
    sb.append('/').append(node.partition()).append('/');
    quote(sb, account);
    if (container != null) {
      sb.append('/');
      quote(sb, container);
      if (object != null) {
        sb.append('/');
        quote(sb, object);
      }
    }
    return sb.toString();
  }

  /** Appends the UTF-8 bytes of {@code s}, escaping all but unreserved characters and '/'. */
  public static void quote(StringBuilder sb, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
          || c == '~' || c == '/') {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
  }

  /** {@link #quote(StringBuilder, String)} as a string. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    quote(sb, s);
    return sb.toString();
  }
}
