package io.stratus.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A storage node's whole (small) answer: status, headers and body; status 503 stands for no answer. */
public record BackendReply(int status, MultiMap headers, Buffer body) {

  /** The reply recorded for a node that could not be reached or did not answer in time. */
  public static BackendReply unreachable() {
    return new BackendReply(503, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
  }

  public String header(String name) {
    return headers.get(name);
  }
}
