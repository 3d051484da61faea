package io.stratus.objectserver.http;

import io.stratus.common.error.StratusException;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.store.StoredObject;
import io.stratus.objectserver.swift.ReplicationProtocol;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code REPLICATE /device/partition[/suffixes]}: the partition's suffix hashes after recalculating
 * the listed suffixes, or, asked with the list header, the listed suffixes' objects (name hash,
 * timestamps, tombstone) so the sender can push exactly what this node lacks.
 */
final class ReplicateHandler {
  private final Map<String, DeviceStore> devices;

  ReplicateHandler(Map<String, DeviceStore> devices) {
    this.devices = devices;
  }

  Future<Reply> handle(HttpServerRequest request) {
    String[] parts = request.path().substring(1).split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) throw StratusException.badRequest("Invalid path");
    DeviceStore device = devices.get(parts[0]);
    if (device == null) return Future.succeededFuture(Reply.of(507).text("Insufficient Storage"));
    int partition = partition(parts[1]);
    List<String> suffixes = ReplicationProtocol.parseSuffixes(parts.length == 3 ? parts[2] : null);
    if ("true".equalsIgnoreCase(request.getHeader(ReplicationProtocol.LIST_HEADER))) {
      return device.partitions().objects(partition, new HashSet<>(suffixes))
          .map(objects -> json(objects.stream().map(StoredObject::version).toList()));
    }
    return device.partitions().hashes(partition, suffixes).map(ReplicateHandler::json);
  }

  private static Reply json(Object value) {
    return Reply.of(200).body(ReplicationProtocol.encode(value), "application/json");
  }

  private static int partition(String text) {
    try {
      int p = Integer.parseInt(text);
      if (p < 0) throw StratusException.badRequest("Invalid partition: " + text);
      return p;
    } catch (NumberFormatException e) {
      throw StratusException.badRequest("Invalid partition: " + text);
    }
  }
}
