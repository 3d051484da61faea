package io.stratus.objectserver.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A complete, small response: status, headers and an optional body. Outcomes that are answers
 * rather than failures (404 with a backend timestamp, 409, 416, 422, 507) are Replies.
 */
public final class Reply {
  private final int status;
  private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
  private Buffer body;

  private Reply(int status) {
    this.status = status;
  }

  public static Reply of(int status) {
    return new Reply(status);
  }

  public Reply header(String name, Object value) {
    if (value != null) headers.set(name, value.toString());
    return this;
  }

  public Reply headers(MultiMap more) {
    headers.addAll(more);
    return this;
  }

  /** A body; with no Content-Type yet, text/plain. */
  public Reply body(String text, String contentType) {
    this.body = Buffer.buffer(text);
    headers.set("Content-Type", contentType);
    return this;
  }

  public Reply text(String text) {
    return body(text, "text/plain; charset=utf-8");
  }

  public int status() {
    return status;
  }

  public MultiMap headers() {
    return headers;
  }

  /** Writes the reply; a HEAD response keeps the Content-Length it was given. */
  public void send(HttpServerResponse response, boolean head) {
    if (response.ended() || response.closed()) return;
    response.setStatusCode(status);
    String reason = Statuses.reason(status);
    if (reason != null) response.setStatusMessage(reason);
    response.headers().addAll(headers);
    if (body == null || head) {
      if (!headers.contains("Content-Length")) response.putHeader("Content-Length", body == null ? "0" : Integer.toString(body.length()));
      response.end();
    } else {
      response.putHeader("Content-Length", Integer.toString(body.length()));
      response.end(body);
    }
  }
}
