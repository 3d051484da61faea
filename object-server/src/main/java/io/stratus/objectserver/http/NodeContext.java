package io.stratus.objectserver.http;

import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.updater.AccountReporter;
import io.stratus.objectserver.updater.ContainerUpdates;
import io.stratus.ring.PathHasher;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What the request handlers of one storage node share: its devices, the cluster's path hasher, the
 * clock, the senders of listing updates and how long a write waits for them.
 */
public record NodeContext(Vertx vertx, Map<String, DeviceStore> devices, PathHasher hasher, Clock clock,
    ContainerUpdates containerUpdates, AccountReporter accountReporter, Duration updateTimeout) {

  public long nowSeconds() {
    return clock.millis() / 1000;
  }
}
