package io.stratus.objectserver.expirer;

import io.stratus.objectserver.daemon.Bounded;
import io.stratus.objectserver.daemon.PeriodicDaemon;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.store.ObjectKey;
import io.stratus.objectserver.store.StoredObject;
import io.stratus.objectserver.swift.Timestamp;
import io.stratus.objectserver.updater.ContainerUpdates;
import io.stratus.objectserver.updater.NodeList;
import io.stratus.ring.Device;
import io.stratus.ring.Ring;
import io.stratus.ring.RingSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swift's object-expirer, node-local: reads the device's X-Delete-At index up to now (no full
 * scan), writes a tombstone timestamped at the X-Delete-At time for each object still due, and
 * sends the delete to the container's primaries from the container ring (an async pending when
 * one is down). Every replica's node does the same; the tombstones agree, so the updates do too.
 */
public final class ObjectExpirer extends PeriodicDaemon<ObjectExpirer.Pass> {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectExpirer.class);
  private static final int BATCH = 100;

  /** What one pass did. */
  public record Pass(int expired, int skipped) {
    static final Pass NONE = new Pass(0, 0);
  }

  private final Collection<DeviceStore> devices;
  private final RingSource containerRing;
  private final ContainerUpdates updates;
  private final Clock clock;

  public ObjectExpirer(Vertx vertx, Collection<DeviceStore> devices, RingSource containerRing, ContainerUpdates updates,
      Clock clock) {
    super(vertx, "object-expirer", Pass.NONE);
    this.devices = devices;
    this.containerRing = containerRing;
    this.updates = updates;
    this.clock = clock;
  }

  @Override
  protected Future<Pass> pass() {
    long now = clock.millis() / 1000;
    AtomicInteger expired = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    Future<Void> chain = Future.succeededFuture();
    for (DeviceStore device : devices) {
      chain = chain.compose(v -> sweep(device, now, expired, skipped));
    }
    return chain.map(v -> new Pass(expired.get(), skipped.get()));
  }

  private Future<Void> sweep(DeviceStore device, long now, AtomicInteger expired, AtomicInteger skipped) {
    int before = expired.get() + skipped.get();
    return device.objects().expiring(now, BATCH).compose(due -> Bounded.forEach(due, 4, o -> expire(device, o)
        .map(done -> (done ? expired : skipped).incrementAndGet())).compose(v -> {
          boolean progress = expired.get() + skipped.get() > before;
          return due.size() == BATCH && progress ? sweep(device, now, expired, skipped) : Future.<Void>succeededFuture();
        }));
  }

  private Future<Boolean> expire(DeviceStore device, StoredObject o) {
    long deleteAt = o.meta().deleteAt();
    ObjectKey key = o.key();
    return device.objects().expire(key, deleteAt).compose(outcome -> {
      if (!outcome.applied()) return Future.succeededFuture(false);
      Timestamp ts = new Timestamp(deleteAt * Timestamp.TICKS_PER_SECOND, 0);
      return updates.send(device.pendings(), containerNodes(key), key, ts, "DELETE", Map.of()).map(true);
    });
  }

  private NodeList containerNodes(ObjectKey key) {
    Ring ring = containerRing == null ? null : containerRing.ring();
    if (ring == null) {
      LOG.warn("No container ring: the listing of {}/{} keeps {} until it is updated", key.account(), key.container(),
          key.object());
      return new NodeList(List.of());
    }
    Ring.Placement placement = ring.nodes(key.account(), key.container(), null);
    return new NodeList(placement.primaries().stream()
        .map((Device d) -> new NodeList.Node(d.ip(), d.port(), d.name(), placement.partition())).toList());
  }
}
