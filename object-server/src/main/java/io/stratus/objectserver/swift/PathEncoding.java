package io.stratus.objectserver.swift;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of account, container and object names for the paths one node sends another. */
public final class PathEncoding {
  private PathEncoding() {
  }

  /** UTF-8, unreserved characters and '/' kept, everything else as %XX. */
  public static String encode(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }
}
