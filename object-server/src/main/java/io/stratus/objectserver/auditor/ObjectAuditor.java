package io.stratus.objectserver.auditor;

import io.stratus.objectserver.daemon.Bounded;
import io.stratus.objectserver.daemon.PeriodicDaemon;
import io.stratus.objectserver.store.AuditStore;
import io.stratus.objectserver.store.DeviceStore;
import io.stratus.objectserver.store.ObjectMeta;
import io.stratus.objectserver.store.StoredObject;
import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swift's object-auditor for this node: re-reads every live object's body, chunk by chunk at no
 * more than {@code bytesPerSecond}, and quarantines an object whose MD5 or size does not match its
 * row or whose chunk is missing, so the replicator restores it from a peer. Each pass first drops
 * orphan chunks older than the grace period (a write that never committed).
 */
public final class ObjectAuditor extends PeriodicDaemon<ObjectAuditor.Pass> {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectAuditor.class);
  private static final int BATCH = 100;

  /** What one pass did. */
  public record Pass(int checked, long bytes, int quarantined, int orphansRemoved) {
    static final Pass NONE = new Pass(0, 0, 0, 0);
  }

  /** The running totals of a pass and its start, for the rate limit. */
  private static final class Tally {
    final AtomicInteger checked = new AtomicInteger();
    final AtomicLong bytes = new AtomicLong();
    final AtomicInteger quarantined = new AtomicInteger();
    final AtomicInteger orphans = new AtomicInteger();
    final long startNanos = System.nanoTime();
  }

  private final Vertx vertx;
  private final Collection<DeviceStore> devices;
  private final Clock clock;
  private final long bytesPerSecond;
  private final Duration orphanGrace;

  /** {@code bytesPerSecond} 0 means no limit. */
  public ObjectAuditor(Vertx vertx, Collection<DeviceStore> devices, Clock clock, long bytesPerSecond, Duration orphanGrace) {
    super(vertx, "object-auditor", Pass.NONE);
    this.vertx = vertx;
    this.devices = devices;
    this.clock = clock;
    this.bytesPerSecond = bytesPerSecond;
    this.orphanGrace = orphanGrace;
  }

  @Override
  protected Future<Pass> pass() {
    Tally tally = new Tally();
    Timestamp cutoff = Timestamp.ofMillis(Math.max(0, clock.millis() - orphanGrace.toMillis()));
    Future<Void> chain = Future.succeededFuture();
    for (DeviceStore device : devices) {
      chain = chain.compose(v -> device.audit().cleanOrphans(cutoff)).compose(n -> {
        tally.orphans.addAndGet(n);
        return walk(device.audit(), null, tally);
      });
    }
    return chain.map(v -> new Pass(tally.checked.get(), tally.bytes.get(), tally.quarantined.get(), tally.orphans.get()));
  }

  private Future<Void> walk(AuditStore audit, StoredObject after, Tally tally) {
    return audit.scan(after, BATCH).compose(batch -> {
      List<StoredObject> live = batch.stream().filter(o -> !o.meta().deleted()).toList();
      return Bounded.forEach(live, 1, o -> audit(audit, o, tally)).compose(v -> batch.size() < BATCH
          ? Future.<Void>succeededFuture() : walk(audit, batch.get(batch.size() - 1), tally));
    });
  }

  private Future<Void> audit(AuditStore audit, StoredObject o, Tally tally) {
    MessageDigest md5 = md5();
    AtomicLong size = new AtomicLong();
    return read(audit, o, 0, md5, size, tally).compose(complete -> {
      tally.checked.incrementAndGet();
      ObjectMeta m = o.meta();
      String etag = HexFormat.of().formatHex(md5.digest());
      if (complete && etag.equals(m.etag()) && size.get() == m.size()) return Future.<Void>succeededFuture();
      LOG.warn("Quarantining {}/{}/{} ({}): {}", m.account(), m.container(), m.object(), o.hashHex(),
          complete ? "body MD5 " + etag + " or size " + size.get() + " does not match" : "a chunk is missing");
      return audit.quarantine(o).map(moved -> {
        if (moved) tally.quarantined.incrementAndGet();
        return null;
      });
    }, e -> {
      LOG.warn("Auditing {} failed: {}", o.hashHex(), e.toString());
      return Future.succeededFuture();
    });
  }

  /** Reads chunks from {@code index} on; false as soon as one is missing. */
  private Future<Boolean> read(AuditStore audit, StoredObject o, int index, MessageDigest md5, AtomicLong size, Tally tally) {
    if (index >= o.meta().chunkCount()) return Future.succeededFuture(true);
    return audit.chunk(o, index).compose(bytes -> {
      if (bytes == null) return Future.succeededFuture(false);
      md5.update(bytes);
      size.addAndGet(bytes.length);
      return throttle(tally, bytes.length).compose(v -> read(audit, o, index + 1, md5, size, tally));
    });
  }

  /** Waits as long as the pass is ahead of the byte rate. */
  private Future<Void> throttle(Tally tally, int bytes) {
    long total = tally.bytes.addAndGet(bytes);
    if (bytesPerSecond <= 0) return Future.succeededFuture();
    long dueNanos = (long) (total * 1e9 / bytesPerSecond);
    long aheadMillis = (dueNanos - (System.nanoTime() - tally.startNanos)) / 1_000_000;
    return aheadMillis < 1 ? Future.succeededFuture() : vertx.timer(aheadMillis).mapEmpty();
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
