package io.stratus.bench.workload;

import io.stratus.bench.auth.KeystoneAuth;
import io.stratus.bench.cli.BenchConfig.AuthConfig;
import io.stratus.bench.http.HttpOutcome;
import io.stratus.bench.http.HttpReply;
import io.stratus.bench.http.LoadClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glance v2 image workload: {@code upload} (POST /v2/images, then PUT /v2/images/{id}/file with the
 * streamed body; the latency runs until the PUT's 204), {@code download} (GET the data of one of
 * the images made in the prepare phase, drained) and {@code delete} (one this run uploaded; before
 * there is any, a delete runs as an upload). Cleanup deletes every image the run made.
 */
public final class GlanceWorkload implements Workload {

  private static final Logger LOG = LoggerFactory.getLogger(GlanceWorkload.class);
  private static final long PAYLOAD_SPAN = 1L << 20;

  private final AuthConfig auth;
  private final OpMix mix;
  private final SizeDistribution sizes;
  private final ObjectKeys names;
  private final ObjectWorkload.Prepare prepare;
  private final ConcurrentLinkedQueue<String> uploaded = new ConcurrentLinkedQueue<>();
  private final Set<String> made = ConcurrentHashMap.newKeySet();
  private volatile ImageApi api;
  private volatile String[] prepared = new String[0];

  /** A workload of {@code mix}; {@code names} names the prepared images and the uploaded ones. */
  public GlanceWorkload(AuthConfig auth, OpMix mix, SizeDistribution sizes, ObjectKeys names,
      ObjectWorkload.Prepare prepare) {
    this.auth = auth;
    this.mix = mix;
    this.sizes = sizes;
    this.names = names;
    this.prepare = prepare;
  }

  @Override
  public List<String> ops() {
    List<String> ops = new ArrayList<>(mix.ops());
    if (mix.has("delete") && !ops.contains("upload")) {
      ops.add(0, "upload");
    }
    return ops;
  }

  @Override
  public String target() {
    return api == null ? auth.imageUrl() : api.target();
  }

  @Override
  public Future<Void> prepare(LoadClient client, int parallelism) {
    return KeystoneAuth.login(client, auth)
        .compose(issued -> KeystoneAuth.serviceEndpoint(issued, "image", auth.imageUrl(), auth.region(), "image-url")
            .map(endpoint -> api = new ImageApi(endpoint, issued.token())))
        .compose(v -> mix.has("download") ? populate(client, parallelism) : Future.succeededFuture());
  }

  /** Finds or makes the images downloads read: named {@code <prefix>00000...}, active. */
  private Future<Void> populate(LoadClient client, int parallelism) {
    int n = names.preparedCount();
    String[] ids = new String[n];
    Future<List<JsonObject>> existing = prepare.mode().equals("auto") ? api.list(client, null)
        : Future.succeededFuture(List.of());
    return existing.compose(images -> {
      Map<String, String> active = new HashMap<>();
      images.stream().filter(i -> "active".equals(i.getString("status")))
          .forEach(i -> active.putIfAbsent(i.getString("name", ""), i.getString("id")));
      List<Integer> missing = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ids[i] = active.get(names.prepared(i));
        if (ids[i] == null) {
          missing.add(i);
        }
      }
      LOG.info("prepare: {} of {} images found active, uploading {} ({}) to {}, {} in parallel", n - missing.size(),
          n, missing.size(), prepare.sizes(), api.target(), parallelism);
      return Parallel.run(missing.size(), parallelism, k -> {
        int i = missing.get((int) k);
        SplittableRandom r = new SplittableRandom(prepare.seed() * 31 + i);
        return createAndUpload(client, names.prepared(i), prepare.sizes().next(r), r.nextLong(PAYLOAD_SPAN))
            .compose(up -> {
              if (up.error() != null || !up.outcome().ok()) {
                return Future.failedFuture("uploading " + names.prepared(i) + ": " + describe(up));
              }
              ids[i] = up.id();
              return Future.succeededFuture();
            });
      });
    }).map(v -> {
      prepared = ids;
      return null;
    });
  }

  private static String describe(Upload up) {
    return up.error() != null ? up.error() : "HTTP " + up.outcome().status();
  }

  @Override
  public Future<OpResult> execute(String op, LoadClient client, SplittableRandom random) {
    return switch (op) {
      case "upload" -> upload(client, random);
      case "download" -> api.download(client, prepared[random.nextInt(prepared.length)])
          .map(o -> new OpResult(op, o));
      case "delete" -> delete(client, random);
      default -> Future.failedFuture("unknown operation " + op);
    };
  }

  private Future<OpResult> upload(LoadClient client, SplittableRandom random) {
    return createAndUpload(client, names.fresh(), sizes.next(random), random.nextLong(PAYLOAD_SPAN)).map(up -> {
      if (up.id() != null && up.error() == null && up.outcome().ok()) {
        uploaded.add(up.id());
      }
      return new OpResult("upload", up.outcome(), up.error(), List.of());
    });
  }

  private Future<OpResult> delete(LoadClient client, SplittableRandom random) {
    String id = uploaded.poll();
    if (id == null) {
      return upload(client, random);
    }
    made.remove(id);
    return api.delete(client, id).map(o -> new OpResult("delete", o));
  }

  /** What creating and uploading one image gave: its id (null if not created) and the last answer. */
  private record Upload(String id, HttpOutcome outcome, String error) {}

  private Future<Upload> createAndUpload(LoadClient client, String name, long size, long payloadOffset) {
    return api.create(client, name).compose(reply -> {
      String id = reply.status() == 201 ? reply.body().toJsonObject().getString("id") : null;
      if (id == null) {
        return Future.succeededFuture(new Upload(null, new HttpOutcome(reply.status(), 0, reply.body().length()),
            createError(reply)));
      }
      made.add(id);
      return api.upload(client, id, size, payloadOffset).map(o -> new Upload(id, o, null));
    });
  }

  /** Over-quota answers (413) get their message in the error table; other statuses count by status. */
  private static String createError(HttpReply reply) {
    if (reply.status() == 413 || reply.status() == 403) {
      String m = reply.errorMessage();
      return reply.status() + " create: " + (m.length() > 120 ? m.substring(0, 120) : m);
    }
    return reply.ok() ? "create answered " + reply.status() + " without an id" : null;
  }

  @Override
  public Future<Void> cleanup(LoadClient client, int parallelism) {
    List<String> ids = new ArrayList<>(made);
    made.clear();
    uploaded.clear();
    for (String id : prepared) {
      if (id != null && !ids.contains(id)) {
        ids.add(id);
      }
    }
    LOG.info("cleanup: deleting {} images at {}", ids.size(), api.target());
    return Parallel.run(ids.size(), parallelism, i -> api.delete(client, ids.get((int) i)).compose(o ->
        o.ok() || o.status() == 404 ? Future.succeededFuture()
            : Future.failedFuture("DELETE image " + ids.get((int) i) + " answered " + o.status())));
  }
}
