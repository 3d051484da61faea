package io.stratus.common.error;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** The OpenStack JSON dialect of the error model: {"error": {"code", "title", "message", "request_id"}}. */
public final class OpenStackErrors {
  private OpenStackErrors() {
  }

  /** Maps any failure to the one exception type; malformed JSON is the client's fault (400). */
  public static StratusException classify(Throwable failure) {
    if (failure instanceof StratusException e) return e;
    if (failure instanceof DecodeException || failure instanceof ClassCastException) {
      return StratusException.badRequest("The request body is not valid JSON of the expected shape.");
    }
    return StratusException.from(failure);
  }

  /** The error body, with the request id so an operator can find the log line. */
  public static JsonObject body(StratusException error, String requestId) {
    JsonObject inner = new JsonObject()
        .put("code", error.code().status())
        .put("title", error.code().title())
        .put("message", error.getMessage());
    if (requestId != null) inner.put("request_id", requestId);
    return new JsonObject().put("error", inner);
  }
}
