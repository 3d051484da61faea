package io.stratus.bench.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A whole small response (auth, listings during prepare): status, headers and body. */
public record HttpReply(int status, MultiMap headers, Buffer body) {

  /** Whether the status is 2xx. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
