package io.stratus.ring;

import java.io.IOException;
import java.nio.file.Path;

/** A ring or builder file that cannot be used: wrong magic, unknown version, truncated or corrupt. */
public final class RingFormatException extends IOException {

  public RingFormatException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public RingFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
