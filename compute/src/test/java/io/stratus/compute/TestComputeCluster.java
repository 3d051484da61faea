package io.stratus.compute;

import io.stratus.compute.kafka.EmbeddedKafka;
import io.stratus.compute.kafka.KafkaSender;
import io.stratus.compute.message.Topics;
import io.stratus.gateway.TestCluster;
import io.stratus.image.ImageConfig;
import io.stratus.image.ImageServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * compute-api on a whole test cluster: identity, storage nodes and gateway ({@link TestCluster}), the image service
 * with its glance user, an embedded Kafka broker, and compute-api itself; all on port 0 under one temp dir.
 */
public final class TestComputeCluster implements AutoCloseable {
  public static final String GLANCE_PASSWORD = "glance-secret";

  public final TestCluster cluster;
  public final ImageServer image;
  public final EmbeddedKafka kafka;
  public final Topics topics = Topics.defaults();
  public final KafkaSender sender;
  private final Map<String, String> settings;
  private ComputeApiServer compute;

  private TestComputeCluster(TestCluster cluster, ImageServer image, EmbeddedKafka kafka, Map<String, String> settings) {
    this.cluster = cluster;
    this.image = image;
    this.kafka = kafka;
    this.settings = settings;
    this.sender = KafkaSender.create(cluster.vertx, kafka.bootstrapServers(), "test-agent");
  }

  /** Starts everything; {@code settings} go over compute-api's test defaults. */
  public static TestComputeCluster start(Path root, Map<String, String> settings) throws Exception {
    TestCluster cluster = TestCluster.start(root);
    EmbeddedKafka kafka = null;
    try {
      ImageServer image = startImage(cluster, root.resolve("image"));
      kafka = EmbeddedKafka.start(root.resolve("kafka"), 0);
      TestComputeCluster c = new TestComputeCluster(cluster, image, kafka, settings);
      c.startCompute();
      return c;
    } catch (Exception | Error e) {
      if (kafka != null) kafka.close();
      cluster.close();
      throw e;
    }
  }

  /** The image service on {@code cluster} with its service user glance, its registry in {@code dataDir}. */
  public static ImageServer startImage(TestCluster cluster, Path dataDir) {
    cluster.createUser("service", "glance", GLANCE_PASSWORD, "member");
    return TestCluster.await(ImageServer.start(cluster.vertx, ImageConfig.of(Map.of("host", "127.0.0.1", "port", "0",
        "data-dir", dataDir.toString(), "identity-url", cluster.identityUrl(), "object-store-url", cluster.url(""),
        "service-password", GLANCE_PASSWORD)), Clock.systemUTC()));
  }

  /** compute-api's configuration in this cluster. */
  public ComputeConfig computeConfig() {
    Map<String, String> values = new HashMap<>(Map.of("host", "127.0.0.1", "port", "0", "identity-url", cluster.identityUrl(),
        "image-url", "http://127.0.0.1:" + image.port(), "kafka-bootstrap", kafka.bootstrapServers(),
        "console-timeout-seconds", "10"));
    values.putAll(settings);
    return ComputeConfig.of(values);
  }

  public void startCompute() {
    compute = TestCluster.await(ComputeApiServer.start(cluster.vertx, computeConfig(), Clock.systemUTC()));
  }

  public void stopCompute() {
    TestCluster.await(compute.close());
  }

  public ComputeApiServer compute() {
    return compute;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + compute.port() + path;
  }

  /** A project-scoped token (admin:admin, or a user made with createUser). */
  public String token(String project, String user, String password) {
    return cluster.login(project + ":" + user, password).token();
  }

  public String adminToken() {
    return token("admin", "admin", TestCluster.ADMIN_PASSWORD);
  }

  /** A request to compute-api with a token, a JSON body and alternating header names and values. */
  public HttpResponse<String> call(String method, String path, String token, String json, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (token != null) b.header("X-Auth-Token", token);
    if (json != null) b.header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return TestCluster.send(b);
  }

  /** An image made active with the bytes given; its id. */
  public String activeImage(String token, JsonObject fields, byte[] data) {
    String id = queuedImage(token, fields);
    HttpResponse<String> r = TestCluster.send(HttpRequest.newBuilder(URI.create(imageUrl("/v2/images/" + id + "/file")))
        .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofByteArray(data)).header("X-Auth-Token", token)
        .header("Content-Type", "application/octet-stream"));
    if (r.statusCode() != 204) throw new IllegalStateException("upload failed: " + r.statusCode() + " " + r.body());
    return id;
  }

  /** An image record without data (status queued); its id. */
  public String queuedImage(String token, JsonObject fields) {
    HttpResponse<String> r = TestCluster.send(HttpRequest.newBuilder(URI.create(imageUrl("/v2/images")))
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(fields.encode()))
        .header("X-Auth-Token", token).header("Content-Type", "application/json"));
    if (r.statusCode() != 201) throw new IllegalStateException("image create failed: " + r.statusCode() + " " + r.body());
    return new JsonObject(r.body()).getString("id");
  }

  public String imageUrl(String path) {
    return "http://127.0.0.1:" + image.port() + path;
  }

  /** Polls until the condition holds; fails after the timeout. */
  public static void eventually(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  @Override
  public void close() {
    if (compute != null) TestCluster.await(compute.close().otherwiseEmpty());
    TestCluster.await(sender.close().otherwiseEmpty());
    TestCluster.await(image.close().otherwiseEmpty());
    kafka.close();
    cluster.close();
  }
}
