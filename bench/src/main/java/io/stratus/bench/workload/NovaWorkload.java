package io.stratus.bench.workload;

import io.stratus.bench.auth.KeystoneAuth;
import io.stratus.bench.auth.KeystoneAuth.Issued;
import io.stratus.bench.cli.BenchConfig.AuthConfig;
import io.stratus.bench.cli.BenchConfig.ServerConfig;
import io.stratus.bench.http.Endpoint;
import io.stratus.bench.http.HttpOutcome;
import io.stratus.bench.http.HttpReply;
import io.stratus.bench.http.LoadClient;
import io.stratus.bench.run.NanoClock;
import io.stratus.bench.workload.ServerPoller.Poll;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova v2.1 server workload (microversion 2.1: no networks asked for): {@code launch} (POST /servers,
 * then GET /servers/{id} every poll interval until ACTIVE or ERROR; the latency runs from the API
 * call to ACTIVE, the POST alone is the part {@code launch-api}) and {@code delete} (DELETE a server
 * this run launched, then poll until 404; the call alone is {@code delete-api}). A delete before any
 * launch has reached ACTIVE runs as a launch. Cleanup deletes every server the run launched and waits.
 */
public final class NovaWorkload implements Workload {

  private static final Logger LOG = LoggerFactory.getLogger(NovaWorkload.class);
  private static final int MAX_KIND = 120;

  private final AuthConfig auth;
  private final ServerConfig settings;
  private final OpMix mix;
  private final ObjectKeys names;
  private final NanoClock clock;
  private final ConcurrentLinkedQueue<String> active = new ConcurrentLinkedQueue<>();
  private final Set<String> launched = ConcurrentHashMap.newKeySet();
  private final Set<Integer> loggedStatuses = ConcurrentHashMap.newKeySet();
  private volatile Endpoint compute;
  private volatile MultiMap headers;
  private volatile String imageRef;
  private volatile String flavorRef;

  /** Launches of {@code settings.image()} on {@code settings.flavor()}; {@code names} names the servers. */
  public NovaWorkload(AuthConfig auth, ServerConfig settings, OpMix mix, ObjectKeys names, NanoClock clock) {
    this.auth = auth;
    this.settings = settings;
    this.mix = mix;
    this.names = names;
    this.clock = clock;
  }

  @Override
  public List<String> ops() {
    List<String> ops = new ArrayList<>(mix.ops());
    if (!ops.contains("launch")) {
      ops.add(0, "launch");
    }
    return ops;
  }

  @Override
  public List<String> partOps() {
    return mix.has("delete") ? List.of("launch-api", "delete-api") : List.of("launch-api");
  }

  @Override
  public String target() {
    return compute == null ? auth.computeUrl() : compute.origin() + compute.basePath() + "/servers";
  }

  @Override
  public Future<Void> prepare(LoadClient client, int parallelism) {
    return KeystoneAuth.login(client, auth).compose(issued -> KeystoneAuth
        .serviceEndpoint(issued, "compute", auth.computeUrl(), auth.region(), "compute-url")
        .compose(endpoint -> {
          compute = endpoint;
          headers = HttpHeaders.headers().add("X-Auth-Token", issued.token())
              .add("X-OpenStack-Nova-API-Version", "2.1").add("OpenStack-API-Version", "compute 2.1");
          return resolveImage(client, issued);
        })
        .compose(image -> {
          imageRef = image;
          return resolveFlavor(client);
        })
        .map(flavor -> {
          flavorRef = flavor;
          LOG.info("prepare: launching image {} ({}) on flavor {} ({}) at {}", settings.image(), imageRef,
              settings.flavor(), flavorRef, target());
          return null;
        }));
  }

  /** The image's id through the image API; without an image endpoint, an id is taken as it is. */
  private Future<String> resolveImage(LoadClient client, Issued issued) {
    return KeystoneAuth.serviceEndpoint(issued, "image", auth.imageUrl(), auth.region(), "image-url")
        .transform(found -> {
          if (found.failed()) {
            return ImageApi.looksLikeId(settings.image()) ? Future.succeededFuture(settings.image())
                : Future.failedFuture(found.cause());
          }
          return new ImageApi(found.result(), issued.token()).resolve(client, settings.image());
        });
  }

  private Future<String> resolveFlavor(LoadClient client) {
    return client.fetch(HttpMethod.GET, compute, compute.basePath() + "/flavors/detail", headers, null)
        .compose(reply -> {
          if (reply.status() != 200) {
            return Future.failedFuture("GET /flavors/detail answered " + reply.status() + ": " + reply.errorMessage());
          }
          List<String> known = new ArrayList<>();
          for (Object f : reply.body().toJsonObject().getJsonArray("flavors", new JsonArray())) {
            JsonObject flavor = (JsonObject) f;
            String wanted = settings.flavor();
            if (wanted.equals(flavor.getString("id")) || wanted.equals(flavor.getString("name"))) {
              return Future.succeededFuture(flavor.getString("id"));
            }
            known.add(flavor.getString("name"));
          }
          return Future.failedFuture("no flavor '" + settings.flavor() + "' (there are " + known + ")");
        });
  }

  @Override
  public Future<OpResult> execute(String op, LoadClient client, SplittableRandom random) {
    return switch (op) {
      case "launch" -> launch(client);
      case "delete" -> {
        String id = active.poll();
        yield id == null ? launch(client) : delete(client, id);
      }
      default -> Future.failedFuture("unknown operation " + op);
    };
  }

  private String serverPath(String id) {
    return compute.basePath() + "/servers/" + id;
  }

  private Future<OpResult> launch(LoadClient client) {
    Buffer body = new JsonObject().put("server", new JsonObject().put("name", names.fresh())
        .put("imageRef", imageRef).put("flavorRef", flavorRef)).toBuffer();
    MultiMap post = HttpHeaders.headers().addAll(headers).add(HttpHeaders.CONTENT_TYPE, "application/json");
    long start = clock.nanoTime();
    return client.fetch(HttpMethod.POST, compute, compute.basePath() + "/servers", post, body).compose(reply -> {
      HttpOutcome call = new HttpOutcome(reply.status(), body.length(), reply.body().length());
      String id = reply.status() == 202 ? serverId(reply) : null;
      if (id == null) {
        String error = launchError(reply);
        Part part = new Part("launch-api", clock.nanoTime() - start, call, error);
        return Future.succeededFuture(new OpResult("launch", call, error, List.of(part)));
      }
      launched.add(id);
      Part part = new Part("launch-api", clock.nanoTime() - start, call, null);
      return await(client, id, p -> p.httpStatus() != 200 || "ACTIVE".equals(p.status()) || "ERROR".equals(p.status()))
          .map(p -> {
            if (p.active()) {
              active.add(id);
            }
            return new OpResult("launch", call, p.active() ? null : launchFailure(p), List.of(part));
          });
    });
  }

  private static String serverId(HttpReply reply) {
    try {
      return reply.body().toJsonObject().getJsonObject("server", new JsonObject()).getString("id");
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** 403 over quota, and any 2xx without a server id, get a kind of their own; other statuses count as such. */
  private String launchError(HttpReply reply) {
    String message = reply.errorMessage();
    if (loggedStatuses.add(reply.status())) {
      LOG.warn("launch answered {}: {}", reply.status(), message);
    }
    if (reply.status() == 403 && message.toLowerCase(Locale.ROOT).contains("quota")) {
      return kind("403 over quota: " + message);
    }
    return reply.ok() ? "launch answered " + reply.status() + " without a server id" : null;
  }

  /** The error kind of a launch that did not reach ACTIVE. */
  static String launchFailure(Poll p) {
    if (p.timedOut()) {
      return "timeout waiting for ACTIVE (status " + (p.status() == null ? "HTTP " + p.httpStatus() : p.status()) + ")";
    }
    if ("ERROR".equals(p.status())) {
      return kind("ERROR: " + (p.fault() == null ? "no fault message" : p.fault()));
    }
    return "HTTP " + p.httpStatus() + " while waiting for ACTIVE";
  }

  /** One line of at most {@value #MAX_KIND} characters, for the error table. */
  static String kind(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() > MAX_KIND ? oneLine.substring(0, MAX_KIND) : oneLine;
  }

  private Future<OpResult> delete(LoadClient client, String id) {
    long start = clock.nanoTime();
    return client.exchange(HttpMethod.DELETE, compute, serverPath(id), headers, 0, 0).compose(call -> {
      Part part = new Part("delete-api", clock.nanoTime() - start, call, null);
      if (!call.ok() && call.status() != 404) {
        return Future.succeededFuture(new OpResult("delete", call, null, List.of(part)));
      }
      return await(client, id, p -> p.gone() || p.httpStatus() != 200).map(p -> {
        if (p.gone()) {
          launched.remove(id);
        }
        String error = p.gone() ? null : p.timedOut() ? "timeout waiting for 404 (status " + p.status() + ")"
            : "HTTP " + p.httpStatus() + " while waiting for 404";
        return new OpResult("delete", call, error, List.of(part));
      });
    });
  }

  private Future<Poll> await(LoadClient client, String id, Predicate<Poll> done) {
    return ServerPoller.until(client, compute, serverPath(id), headers, done, clock, settings.poll().toMillis(),
        settings.waitTimeout().toNanos());
  }

  @Override
  public Future<Void> cleanup(LoadClient client, int parallelism) {
    List<String> ids = new ArrayList<>(launched);
    active.clear();
    LOG.info("cleanup: deleting {} servers at {} and waiting until they are gone", ids.size(), target());
    return Parallel.run(ids.size(), parallelism, i -> delete(client, ids.get((int) i)).compose(r ->
        r.error() == null && (r.outcome().ok() || r.outcome().status() == 404) ? Future.succeededFuture()
            : Future.failedFuture("deleting server " + ids.get((int) i) + ": "
                + (r.error() != null ? r.error() : "HTTP " + r.outcome().status()))));
  }
}
