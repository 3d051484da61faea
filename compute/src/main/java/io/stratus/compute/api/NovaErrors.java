package io.stratus.compute.api;

import io.stratus.common.error.OpenStackErrors;
import io.stratus.common.error.StratusException;
import io.vertx.core.json.JsonObject;

/** Nova's error bodies: {@code {"itemNotFound": {"code": 404, "message": "..."}}} and the other fault names. */
final class NovaErrors {
  private NovaErrors() {
  }

  /** The fault name Nova gives a status (nova/api/openstack/wsgi.py's Fault). */
  static String name(int status) {
    return switch (status) {
      case 400 -> "badRequest";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "itemNotFound";
      case 405 -> "badMethod";
      case 409 -> "conflictingRequest";
      case 413, 429 -> "overLimit";
      case 415 -> "badMediaType";
      case 501 -> "notImplemented";
      case 503 -> "serviceUnavailable";
      default -> "computeFault";
    };
  }

  /** The body for the error; a 401 is keystonemiddleware's, as in Nova. */
  static JsonObject body(int status, String message, String requestId) {
    if (status == 401) {
      return OpenStackErrors.body(StratusException.unauthorized(message), requestId);
    }
    return new JsonObject().put(name(status), new JsonObject().put("code", status).put("message", message));
  }
}
