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

  /**
   * A routing failure as the one exception type: our own errors as they are; a client error status
   * that Vert.x set (a 404 with no route, a 413 over the body limit, a 400 it could not parse) keeps
   * its status with a message saying what it means; anything else as {@link #classify}.
   */
  public static StratusException classify(Throwable failure, int status) {
    if (failure instanceof StratusException e) return e;
    if (status >= 400 && status < 500) return new StratusException(ErrorCode.forStatus(status), describe(status), failure);
    if (failure == null) return new StratusException(ErrorCode.INTERNAL, describe(500));
    return classify(failure);
  }

  /** What a status Vert.x answers by itself means, in words a client can act on. */
  static String describe(int status) {
    return switch (status) {
      case 400 -> "The request is malformed.";
      case 404 -> "The resource could not be found.";
      case 405 -> "The method is not allowed for the requested URL.";
      case 406 -> "None of the media types the request accepts can be produced.";
      case 413 -> "The request body is too large.";
      case 415 -> "The request's Content-Type is not supported here.";
      case 500 -> "An unexpected error prevented the server from fulfilling your request.";
      default -> "The request cannot be served (HTTP " + status + ").";
    };
  }

  /** The error body, with the request id so an operator can find the log line; code and title follow the status. */
  public static JsonObject body(StratusException error, String requestId) {
    JsonObject inner = new JsonObject()
        .put("code", error.code().status())
        .put("title", error.code().title())
        .put("message", error.getMessage());
    if (requestId != null) inner.put("request_id", requestId);
    return new JsonObject().put("error", inner);
  }
}
