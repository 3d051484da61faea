package io.stratus.common.error;

/** The one exception type of Stratus: an error code and a message safe to show to the client. */
public final class StratusException extends RuntimeException {
  private final ErrorCode code;

  public StratusException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public StratusException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static StratusException badRequest(String message) {
    return new StratusException(ErrorCode.BAD_REQUEST, message);
  }

  public static StratusException unauthorized(String message) {
    return new StratusException(ErrorCode.UNAUTHORIZED, message);
  }

  public static StratusException forbidden(String message) {
    return new StratusException(ErrorCode.FORBIDDEN, message);
  }

  public static StratusException notFound(String message) {
    return new StratusException(ErrorCode.NOT_FOUND, message);
  }

  public static StratusException conflict(String message) {
    return new StratusException(ErrorCode.CONFLICT, message);
  }

  /** The failure as a StratusException: itself, or INTERNAL wrapping anything unexpected. */
  public static StratusException from(Throwable failure) {
    if (failure instanceof StratusException e) return e;
    return new StratusException(ErrorCode.INTERNAL, "An unexpected error prevented the server from fulfilling your request.", failure);
  }
}
