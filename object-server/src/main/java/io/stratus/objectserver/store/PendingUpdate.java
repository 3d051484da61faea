package io.stratus.objectserver.store;

import java.util.Map;

/**
 * An update another server has not acknowledged yet (Swift's async pending): the request to send
 * again — method, node, device, partition, path (already percent-encoded) and headers.
 */
public record PendingUpdate(String method, String host, int port, String device, int partition, String path,
    Map<String, String> headers) {

  /** The node, for keys and logs: {@code host:port/device}. */
  public String node() {
    return host + ":" + port + "/" + device;
  }
}
