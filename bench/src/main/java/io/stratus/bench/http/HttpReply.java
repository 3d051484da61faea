package io.stratus.bench.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** A whole small response (auth, listings during prepare): status, headers and body. */
public record HttpReply(int status, MultiMap headers, Buffer body) {

  /** Whether the status is 2xx. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /**
   * The message of an OpenStack error body — Nova's {@code {"forbidden": {"message": ...}}}, or a
   * top-level {@code message} — else the body's text.
   */
  public String errorMessage() {
    String text = body.toString().strip();
    try {
      JsonObject json = body.toJsonObject();
      for (String key : json.fieldNames()) {
        if (json.getValue(key) instanceof JsonObject o && o.getValue("message") instanceof String m) {
          return m;
        }
      }
      return json.getValue("message") instanceof String m ? m : text;
    } catch (RuntimeException e) {
      return text;
    }
  }
}
