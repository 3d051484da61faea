package io.stratus.common.error;

/** The error codes every Stratus service answers with: HTTP status, title and whether a retry may help. */
public enum ErrorCode {
  BAD_REQUEST(400, "Bad Request", false),
  UNAUTHORIZED(401, "Unauthorized", false),
  FORBIDDEN(403, "Forbidden", false),
  NOT_FOUND(404, "Not Found", false),
  METHOD_NOT_ALLOWED(405, "Method Not Allowed", false),
  NOT_ACCEPTABLE(406, "Not Acceptable", false),
  CONFLICT(409, "Conflict", false),
  PRECONDITION_FAILED(412, "Precondition Failed", false),
  PAYLOAD_TOO_LARGE(413, "Request Entity Too Large", false),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type", false),
  INVALID_CONFIG(500, "Invalid Configuration", false),
  INTERNAL(500, "Internal Server Error", true),
  NOT_IMPLEMENTED(501, "Not Implemented", false),
  UNAVAILABLE(503, "Service Unavailable", true);

  private final int status;
  private final String title;
  private final boolean retryable;

  ErrorCode(int status, String title, boolean retryable) {
    this.status = status;
    this.title = title;
    this.retryable = retryable;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The code for an HTTP status (another service's, or one Vert.x set); BAD_REQUEST or UNAVAILABLE when none matches. */
  public static ErrorCode forStatus(int status) {
    for (ErrorCode code : values()) {
      if (code.status == status) return code;
    }
    return status >= 500 ? UNAVAILABLE : BAD_REQUEST;
  }
}
