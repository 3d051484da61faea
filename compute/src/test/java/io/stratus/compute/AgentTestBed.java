package io.stratus.compute;

import io.stratus.compute.kafka.EmbeddedKafka;
import io.stratus.compute.kafka.KafkaReader;
import io.stratus.compute.kafka.KafkaSender;
import io.stratus.compute.message.Command;
import io.stratus.compute.message.HostReport;
import io.stratus.compute.message.InstanceEvent;
import io.stratus.compute.message.InstanceSpec;
import io.stratus.compute.message.Topics;
import io.stratus.gateway.TestCluster;
import io.stratus.image.ImageServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What a compute-agent test runs against, all real and on port 0: identity, storage nodes and gateway
 * ({@link TestCluster}), the image service with its glance user, an embedded Kafka broker, the agent's own
 * service user nova (admin on project service), a sender of commands and readers of the events and host topics.
 */
final class AgentTestBed implements AutoCloseable {
  static final String GLANCE_PASSWORD = "glance-secret";
  static final String NOVA_PASSWORD = "nova-secret";
  static final Duration WAIT = Duration.ofSeconds(60);

  final Path root;
  final TestCluster cluster;
  final ImageServer image;
  final EmbeddedKafka kafka;
  final Topics topics = Topics.defaults();
  final KafkaSender sender;
  final Log<InstanceEvent> events = new Log<>();
  final Log<HostReport> reports = new Log<>();
  private final List<KafkaReader> readers = new ArrayList<>();

  private AgentTestBed(Path root, TestCluster cluster, ImageServer image, EmbeddedKafka kafka) {
    this.root = root;
    this.cluster = cluster;
    this.image = image;
    this.kafka = kafka;
    this.sender = KafkaSender.create(cluster.vertx, kafka.bootstrapServers(), "agent-test");
  }

  static AgentTestBed start(Path root) throws Exception {
    TestCluster cluster = TestCluster.start(root.resolve("cluster"));
    try {
      cluster.createUser("service", "nova", NOVA_PASSWORD, "admin");
      ImageServer image = TestComputeCluster.startImage(cluster, root.resolve("image"));
      EmbeddedKafka kafka = EmbeddedKafka.start(root.resolve("kafka"), 0);
      AgentTestBed bed = new AgentTestBed(root, cluster, image, kafka);
      bed.read(bed.topics.events(), json -> bed.events.add(InstanceEvent.fromJson(json)));
      bed.read(bed.topics.hosts(), json -> bed.reports.add(HostReport.fromJson(json)));
      return bed;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void read(String topic, java.util.function.Consumer<JsonObject> sink) {
    KafkaReader reader = KafkaReader.all(cluster.vertx, kafka.bootstrapServers(), topic, true, 64, record -> {
      if (record.value() != null) sink.accept(new JsonObject(record.value()));
      return Future.succeededFuture();
    });
    TestCluster.await(io.stratus.compute.kafka.KafkaTopics.ensure(cluster.vertx, kafka.bootstrapServers(),
        List.of(new io.stratus.compute.kafka.KafkaTopics.Spec(topic, 1, topic.equals(topics.hosts())))));
    TestCluster.await(reader.start());
    readers.add(reader);
  }

  /** Starts an agent for {@code host} with its data in {@code dataDir}; settings override the test's defaults. */
  ComputeAgent agent(String host, Path dataDir, Map<String, String> settings) {
    Map<String, String> values = new HashMap<>(Map.of("host-name", host, "data-dir", dataDir.toString(),
        "kafka-bootstrap", kafka.bootstrapServers(), "image-url", "http://127.0.0.1:" + image.port(),
        "identity-url", cluster.identityUrl(), "service-password", NOVA_PASSWORD, "heartbeat-seconds", "1",
        "power-sync-seconds", "1"));
    values.putAll(settings);
    return TestCluster.await(ComputeAgent.start(cluster.vertx, AgentConfig.of(values), Clock.systemUTC()));
  }

  /** A libvirt test-driver URI with a host of its own (test:///default is shared by every connection of the JVM). */
  static String privateTestUri(Path nodeXml) throws Exception {
    java.nio.file.Files.writeString(nodeXml, "<node><cpu><mhz>2000</mhz></cpu><memory>8388608</memory></node>\n");
    return "test://" + nodeXml.toAbsolutePath();
  }

  String adminToken() {
    return cluster.login("admin:admin", TestCluster.ADMIN_PASSWORD).token();
  }

  /** Creates an image with the fields, uploads {@code data} (null: none) and answers its record as the image service shows it. */
  JsonObject image(JsonObject fields, byte[] data) {
    String token = adminToken();
    String base = "http://127.0.0.1:" + image.port() + "/v2/images";
    HttpResponse<String> created = TestCluster.send(HttpRequest.newBuilder(URI.create(base))
        .POST(HttpRequest.BodyPublishers.ofString(fields.encode())).header("X-Auth-Token", token)
        .header("Content-Type", "application/json"));
    if (created.statusCode() != 201) throw new IllegalStateException("create image: " + created.statusCode() + " " + created.body());
    String id = new JsonObject(created.body()).getString("id");
    if (data != null) {
      HttpResponse<String> put = TestCluster.send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/file"))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).header("X-Auth-Token", token)
          .header("Content-Type", "application/octet-stream"));
      if (put.statusCode() != 204) throw new IllegalStateException("upload image: " + put.statusCode() + " " + put.body());
    }
    return new JsonObject(TestCluster.send(HttpRequest.newBuilder(URI.create(base + "/" + id)).GET()
        .header("X-Auth-Token", token)).body());
  }

  static JsonObject buildSpec(JsonObject image) {
    return new InstanceSpec("vm", "p1", "u1", 1, 128, 1, "f1", image, null, null, null, null, "nova").toJson();
  }

  static Command command(String host, String instance, long seq, Command.Action action, JsonObject spec) {
    return new Command(UUID.randomUUID().toString(), instance, seq, action, host, spec, System.currentTimeMillis());
  }

  void send(Command command) {
    TestCluster.await(sender.send(topics.commands(command.host()), command.instanceId(), command.toJson().encode()));
  }

  /** Sends the command and waits for the event answering it. */
  InstanceEvent call(Command command) {
    send(command);
    return events.await(e -> command.id().equals(e.commandId()));
  }

  @Override
  public void close() {
    for (KafkaReader r : readers) TestCluster.await(r.close());
    TestCluster.await(sender.close());
    kafka.close();
    TestCluster.await(image.close());
    cluster.close();
  }

  /** What a topic delivered, in order; a reader waits on it with a deadline (no sleeps). */
  static final class Log<T> {
    private final List<T> items = new ArrayList<>();

    synchronized void add(T item) {
      items.add(item);
      notifyAll();
    }

    synchronized List<T> all() {
      return List.copyOf(items);
    }

    /** The first item matching, waiting up to {@link #WAIT} for it. */
    synchronized T await(Predicate<T> matching) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        for (T item : items) {
          if (matching.test(item)) return item;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("nothing matching arrived within " + WAIT + "; got " + items);
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }
}
