package io.stratus.objectserver;

import io.stratus.ring.RingSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** A storage node on port 0 in a temp dir, and a blocking HTTP client to talk to it. */
public final class TestNode implements AutoCloseable {
  public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public final Vertx vertx;
  public final StorageNode node;
  private final boolean ownVertx;

  private TestNode(Vertx vertx, boolean ownVertx, StorageNodeConfig config, Clock clock, Map<String, RingSource> rings) {
    this.vertx = vertx;
    this.ownVertx = ownVertx;
    this.node = new StorageNode(vertx, config, clock, rings);
    await(node.start());
  }

  public static TestNode start(Path root, Clock clock, String... devices) {
    return new TestNode(Vertx.vertx(), true, StorageNodeConfig.local(root, List.of(devices)), clock, null);
  }

  public static TestNode start(Vertx vertx, StorageNodeConfig config, Clock clock) {
    return new TestNode(vertx, false, config, clock, null);
  }

  /** A node on a shared Vert.x with the given account, container and object rings. */
  public static TestNode start(Vertx vertx, StorageNodeConfig config, Clock clock, Map<String, RingSource> rings) {
    return new TestNode(vertx, false, config, clock, rings);
  }

  /** {@code size} bytes of a seeded generator: the same bytes for the same seed. */
  public static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return node.port();
  }

  public String host() {
    return "127.0.0.1:" + port();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
  }

  public HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> sendBytes(HttpRequest.Builder b) {
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A bodiless request of the method with alternating header names and values. */
  public HttpResponse<String> call(String method, String path, String... headers) {
    HttpRequest.Builder b = request(path).method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return send(b);
  }

  public HttpResponse<String> put(String path, byte[] body, String... headers) {
    HttpRequest.Builder b = request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return send(b);
  }

  @Override
  public void close() {
    await(node.close());
    if (ownVertx) await(vertx.close());
  }
}
