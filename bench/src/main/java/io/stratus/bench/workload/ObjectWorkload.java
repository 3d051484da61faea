package io.stratus.bench.workload;

import io.stratus.bench.http.HttpOutcome;
import io.stratus.bench.http.LoadClient;
import io.vertx.core.Future;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUT/GET/HEAD/DELETE/LIST mixes against a Swift or S3 endpoint: prepare creates the container and
 * pre-populates objects in parallel, operations pick sizes and keys, cleanup deletes what was made.
 * A delete when the run has written nothing yet runs (and counts) as a put.
 */
public final class ObjectWorkload implements Workload {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectWorkload.class);
  private static final long PAYLOAD_SPAN = 1L << 20;

  /** Settings of the prepare phase. */
  public record Prepare(String mode, SizeDistribution sizes, long seed) {}

  private final ObjectApi api;
  private final OpMix mix;
  private final SizeDistribution sizes;
  private final ObjectKeys keys;
  private final Prepare prepare;
  private final int listLimit;

  /** A workload of {@code mix} with object sizes {@code sizes}. */
  public ObjectWorkload(ObjectApi api, OpMix mix, SizeDistribution sizes, ObjectKeys keys,
      Prepare prepare, int listLimit) {
    this.api = api;
    this.mix = mix;
    this.sizes = sizes;
    this.keys = keys;
    this.prepare = prepare;
    this.listLimit = listLimit;
  }

  @Override
  public List<String> ops() {
    return mix.ops();
  }

  @Override
  public String target() {
    return api.target();
  }

  @Override
  public Future<Void> prepare(LoadClient client, int parallelism) {
    return api.login(client)
        .compose(v -> api.createContainer(client))
        .compose(created -> created.ok() ? Future.succeededFuture()
            : Future.failedFuture("creating " + api.target() + " answered " + created.status()))
        .compose(v -> populate(client, parallelism));
  }

  /** Objects the prepare phase provides: {@code --prepare-objects} if the mix reads, else none. */
  private int preparedCount() {
    boolean reads = mix.has("get") || mix.has("head") || mix.has("list");
    return reads ? keys.preparedCount() : 0;
  }

  private Future<Void> populate(LoadClient client, int parallelism) {
    int n = preparedCount();
    if (n == 0 || prepare.mode().equals("never")) {
      return Future.succeededFuture();
    }
    Future<Long> have = prepare.mode().equals("auto") ? api.objectCount(client) : Future.succeededFuture(-1L);
    return have.compose(count -> {
      if (count >= n) {
        LOG.info("prepare: {} already holds {} objects (>= {}), not populating", api.target(), count, n);
        return Future.succeededFuture();
      }
      LOG.info("prepare: PUT {} objects ({}) into {}, {} in parallel", n, prepare.sizes(), api.target(),
          parallelism);
      return Parallel.run(n, parallelism, i -> {
        SplittableRandom r = new SplittableRandom(prepare.seed() * 31 + i);
        return api.put(client, keys.prepared(i), prepare.sizes().next(r), r.nextLong(PAYLOAD_SPAN))
            .compose(ObjectWorkload::require2xx);
      });
    });
  }

  private static Future<Void> require2xx(HttpOutcome outcome) {
    return outcome.ok() ? Future.succeededFuture() : Future.failedFuture("HTTP " + outcome.status());
  }

  @Override
  public Future<OpResult> execute(String op, LoadClient client, SplittableRandom random) {
    return switch (op) {
      case "put" -> put(client, random);
      case "get" -> api.get(client, keys.randomPrepared(random)).map(o -> new OpResult(op, o));
      case "head" -> api.head(client, keys.randomPrepared(random)).map(o -> new OpResult(op, o));
      case "list" -> api.list(client, listLimit).map(o -> new OpResult(op, o));
      case "delete" -> delete(client, random);
      default -> Future.failedFuture("unknown operation " + op);
    };
  }

  private Future<OpResult> put(LoadClient client, SplittableRandom random) {
    String key = keys.fresh();
    return api.put(client, key, sizes.next(random), random.nextLong(PAYLOAD_SPAN)).map(o -> {
      if (o.ok()) {
        keys.written(key);
      }
      return new OpResult("put", o);
    });
  }

  private Future<OpResult> delete(LoadClient client, SplittableRandom random) {
    String key = keys.takeWritten();
    if (key == null) {
      return put(client, random);
    }
    return api.delete(client, key).map(o -> new OpResult("delete", o));
  }

  @Override
  public Future<Void> cleanup(LoadClient client, int parallelism) {
    String[] written = keys.drainWritten();
    int prepared = preparedCount();
    LOG.info("cleanup: deleting {} written and {} pre-populated objects, then {}", written.length,
        prepared, api.target());
    return Parallel.run(written.length + (long) prepared, parallelism, i -> {
      String key = i < written.length ? written[(int) i] : keys.prepared(i - written.length);
      return api.delete(client, key).compose(o -> o.ok() || o.status() == 404
          ? Future.succeededFuture() : Future.failedFuture("DELETE " + key + " answered " + o.status()));
    }).compose(v -> api.deleteContainer(client)).compose(o -> {
      if (!o.ok() && o.status() != 404) {
        LOG.warn("cleanup: deleting {} answered {} (not empty?)", api.target(), o.status());
      }
      return Future.<Void>succeededFuture();
    });
  }
}
