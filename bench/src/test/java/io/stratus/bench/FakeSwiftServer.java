package io.stratus.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Just enough of the Swift API, in memory, for the bench ITs: tempauth v1.0, Keystone v3 password
 * auth with a catalog, container PUT/HEAD/GET (plain listing)/DELETE, object PUT/GET/HEAD/DELETE.
 * Objects keep only their size; GET streams that many bytes. Counts requests and body bytes of
 * objects whose names start with "w-" (written by the measured phase), and can stall one GET.
 */
final class FakeSwiftServer {

  static final String TOKEN = "AUTH_tk_fake";
  private static final Buffer CHUNK = Buffer.buffer(new byte[64 * 1024]);

  private final Vertx vertx;
  private HttpServer server;
  private final Map<String, Map<String, Long>> containers = new ConcurrentHashMap<>();
  final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final AtomicLong objectGets = new AtomicLong();
  private volatile long stallAtGet = -1;
  private volatile long stallMillis;

  FakeSwiftServer(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Integer> start() {
    server = vertx.createHttpServer().requestHandler(this::handle);
    return server.listen(0, "127.0.0.1").map(HttpServer::actualPort);
  }

  int port() {
    return server.actualPort();
  }

  /** The {@code nth} object GET (counting from now) is answered {@code millis} late. */
  void stallGet(long nth, long millis) {
    stallMillis = millis;
    stallAtGet = objectGets.get() + nth;
  }

  int containerCount() {
    return containers.size();
  }

  long count(String key) {
    AtomicLong c = counters.get(key);
    return c == null ? 0 : c.get();
  }

  private void add(String key, long n) {
    counters.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(n);
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    if (path.equals("/auth/v1.0")) {
      tempauth(req);
    } else if (path.equals("/v3/auth/tokens")) {
      keystone(req);
    } else if (!TOKEN.equals(req.getHeader("X-Auth-Token"))) {
      req.response().setStatusCode(401).end();
    } else if (path.startsWith("/v1/AUTH_test/")) {
      String rest = path.substring("/v1/AUTH_test/".length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        container(req, rest);
      } else {
        object(req, rest.substring(0, slash), rest.substring(slash + 1));
      }
    } else {
      req.response().setStatusCode(404).end();
    }
  }

  private void tempauth(HttpServerRequest req) {
    boolean ok = "test:tester".equals(req.getHeader("X-Auth-User")) && "testing".equals(req.getHeader("X-Auth-Key"));
    HttpServerResponse resp = req.response().setStatusCode(ok ? 200 : 401);
    if (ok) {
      resp.putHeader("X-Storage-Url", "http://127.0.0.1:" + port() + "/v1/AUTH_test")
          .putHeader("X-Auth-Token", TOKEN);
    }
    resp.end();
  }

  private void keystone(HttpServerRequest req) {
    if (req.method() == HttpMethod.GET) {
      add("validate", 1);
      boolean ok = TOKEN.equals(req.getHeader("X-Subject-Token"));
      req.response().setStatusCode(ok ? 200 : 404).end(ok ? "{\"token\":{}}" : "");
      return;
    }
    req.body().onSuccess(body -> {
      add("issue", 1);
      JsonObject user = body.toJsonObject().getJsonObject("auth").getJsonObject("identity")
          .getJsonObject("password").getJsonObject("user");
      if (!"tester".equals(user.getString("name")) || !"testing".equals(user.getString("password"))) {
        req.response().setStatusCode(401).end();
        return;
      }
      JsonObject endpoint = new JsonObject().put("interface", "public").put("region_id", "RegionOne")
          .put("url", "http://127.0.0.1:" + port() + "/v1/AUTH_test");
      JsonObject token = new JsonObject().put("token", new JsonObject().put("catalog", new JsonArray()
          .add(new JsonObject().put("type", "object-store").put("endpoints", new JsonArray().add(endpoint)))));
      req.response().setStatusCode(201).putHeader("X-Subject-Token", TOKEN).end(token.encode());
    });
  }

  private void container(HttpServerRequest req, String name) {
    Map<String, Long> objects = containers.get(name);
    HttpServerResponse resp = req.response();
    switch (req.method().name()) {
      case "PUT" -> {
        boolean created = containers.putIfAbsent(name, new ConcurrentHashMap<>()) == null;
        resp.setStatusCode(created ? 201 : 202).end();
      }
      case "HEAD" -> {
        if (objects == null) {
          resp.setStatusCode(404).end();
        } else {
          resp.setStatusCode(204).putHeader("X-Container-Object-Count", Integer.toString(objects.size())).end();
        }
      }
      case "GET" -> {
        if (objects == null) {
          resp.setStatusCode(404).end();
          return;
        }
        int limit = Integer.parseInt(req.getParam("limit", "10000"));
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(objects).keySet().stream().limit(limit).forEach(k -> sb.append(k).append('\n'));
        add("LIST", 1);
        add("LIST bytes", sb.length());
        resp.setStatusCode(200).end(sb.toString());
      }
      case "DELETE" -> {
        int status = objects == null ? 404 : objects.isEmpty() ? 204 : 409;
        if (status == 204) {
          containers.remove(name);
        }
        resp.setStatusCode(status).end();
      }
      default -> resp.setStatusCode(405).end();
    }
  }

  private void object(HttpServerRequest req, String container, String name) {
    Map<String, Long> objects = containers.get(container);
    if (objects == null) {
      req.response().setStatusCode(404).end();
      return;
    }
    String tag = req.method().name() + (name.startsWith("w-") ? " w" : "");
    add(tag, 1);
    switch (req.method().name()) {
      case "PUT" -> {
        long[] n = new long[1];
        req.handler(b -> n[0] += b.length());
        req.endHandler(v -> {
          objects.put(name, n[0]);
          add(tag + " bytes", n[0]);
          req.response().setStatusCode(201).end();
        });
      }
      case "GET" -> {
        Long size = objects.get(name);
        long nth = objectGets.incrementAndGet();
        long delay = nth == stallAtGet ? stallMillis : 0;
        Runnable answer = () -> {
          if (size == null) {
            req.response().setStatusCode(404).end();
          } else {
            add(tag + " bytes", size);
            req.response().setStatusCode(200).putHeader("Content-Length", Long.toString(size));
            stream(req.response(), size);
          }
        };
        if (delay > 0) {
          vertx.setTimer(delay, id -> answer.run());
        } else {
          answer.run();
        }
      }
      case "HEAD" -> {
        Long size = objects.get(name);
        req.response().setStatusCode(size == null ? 404 : 200)
            .putHeader("Content-Length", Long.toString(size == null ? 0 : size)).end();
      }
      case "DELETE" -> req.response().setStatusCode(objects.remove(name) == null ? 404 : 204).end();
      default -> req.response().setStatusCode(405).end();
    }
  }

  private void stream(HttpServerResponse resp, long remaining) {
    long left = remaining;
    while (left > 0) {
      int n = (int) Math.min(CHUNK.length(), left);
      left -= n;
      if (left == 0) {
        resp.end(n == CHUNK.length() ? CHUNK : CHUNK.slice(0, n));
        return;
      }
      resp.write(n == CHUNK.length() ? CHUNK : CHUNK.slice(0, n));
      if (resp.writeQueueFull()) {
        long rest = left;
        resp.drainHandler(v -> stream(resp, rest));
        return;
      }
    }
    resp.end();
  }
}
