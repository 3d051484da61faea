package io.stratus.gateway.proxy;

import io.stratus.ring.Device;

/** A device a request goes to, and whether it stands in for a primary (a handoff). */
public record Node(Device device, int partition, boolean handoff) {

  /** {@code ip:port} as Swift's update headers name a node. */
  public String hostPort() {
    return Device.hostForm(device.ip()) + ":" + device.port();
  }
}
