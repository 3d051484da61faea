package io.stratus.objectserver.updater;

import io.stratus.common.error.StratusException;
import java.util.ArrayList;
import java.util.List;

/**
 * The nodes named by Swift's update headers (X-Container-Host/-Device/-Partition, or the X-Account-
 * ones): comma-separated {@code ip:port} and device lists of equal length and one partition.
 */
public record NodeList(List<Node> nodes) {

  /** One node to update. */
  public record Node(String host, int port, String device, int partition) {
  }

  /** The nodes; empty when the headers are absent, 400 when they do not agree. */
  public static NodeList parse(String hosts, String devices, String partition) {
    if (hosts == null || hosts.isBlank()) return new NodeList(List.of());
    if (devices == null || partition == null) throw StratusException.badRequest("Update headers are incomplete");
    String[] h = hosts.split(",");
    String[] d = devices.split(",");
    if (h.length != d.length) throw StratusException.badRequest("Update host and device lists differ in length");
    int part;
    try {
      part = Integer.parseInt(partition.trim());
    } catch (NumberFormatException e) {
      throw StratusException.badRequest("Invalid update partition: " + partition);
    }
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < h.length; i++) {
      String hp = h[i].trim();
      int colon = hp.lastIndexOf(':');
      if (colon <= 0) throw StratusException.badRequest("Invalid update host: " + hp);
      String host = hp.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
      try {
        out.add(new Node(host, Integer.parseInt(hp.substring(colon + 1)), d[i].trim(), part));
      } catch (NumberFormatException e) {
        throw StratusException.badRequest("Invalid update host: " + hp);
      }
    }
    return new NodeList(out);
  }
}
