package io.stratus.compute.agent;

import io.vertx.core.json.JsonObject;

/**
 * Why an operation on an instance failed for good (no retry would help): Nova's fault, which the agent
 * reports in a FAILED event, e.g. a bad image checksum or an image the image service does not have.
 */
public final class InstanceFault extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final String details;

  public InstanceFault(int code, String message, String details) {
    super(message);
    this.code = code;
    this.details = details;
  }

  public int code() {
    return code;
  }

  /** Nova's fault object: code, message and details. */
  public JsonObject toJson() {
    return fault(code, getMessage(), details);
  }

  public static JsonObject fault(int code, String message, String details) {
    return new JsonObject().put("code", code).put("message", message).put("details", details == null ? "" : details);
  }
}
