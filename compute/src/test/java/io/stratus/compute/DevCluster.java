package io.stratus.compute;

import io.stratus.compute.kafka.EmbeddedKafka;
import io.stratus.compute.kafka.KafkaReader;
import io.stratus.compute.kafka.KafkaSender;
import io.stratus.compute.kafka.KafkaTopics;
import io.stratus.compute.message.Command;
import io.stratus.compute.message.HostReport;
import io.stratus.compute.message.InstanceEvent;
import io.stratus.compute.message.Topics;
import io.stratus.gateway.GatewayConfig;
import io.stratus.gateway.TestCluster;
import io.stratus.image.ImageConfig;
import io.stratus.image.ImageServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Not a test: a manual-check launcher. Starts identity, storage, the gateway (on a free port, which the catalog
 * names), the image service, Kafka and compute-api behind the gateway's /compute, plus a stand-in agent (host
 * "devhost": reports every 5 s and answers each command with its DONE/CONSOLE event after 1.5 s; --no-agent leaves it
 * out), and prints the gateway URL for {@code openstack --os-auth-url <url>/identity/v3} (admin / admin-secret,
 * demo / demo-secret). Run with the test classpath; stop it with a signal.
 */
public final class DevCluster {
  private DevCluster() {
  }

  public static void main(String[] args) throws Exception {
    Path root = Files.createTempDirectory("stratus-dev");
    int gw = free();
    int img = free();
    int comp = free();
    TestCluster cluster = TestCluster.start(root, c -> new GatewayConfig(c.host(), gw, c.accountRing(), c.containerRing(),
        c.objectRing(), c.identityUrl(), c.publicUrl(), c.tokenCacheSize(), c.tokenCacheTtl(), c.infoCacheTtl(),
        c.connectTimeout(), c.nodeTimeout(), c.identityTimeout(), c.errorSuppressionLimit(), c.errorSuppressionInterval(),
        c.resellerPrefix(), c.maxFileSize(), c.accountAutocreate(), "http://127.0.0.1:" + img, "http://127.0.0.1:" + comp),
        Map.of("service-url", "http://127.0.0.1:" + gw));
    cluster.createUser("service", "glance", "glance-secret", "member");
    TestCluster.await(ImageServer.start(cluster.vertx, ImageConfig.of(Map.of("host", "127.0.0.1", "port", "" + img,
        "data-dir", root.resolve("image").toString(), "identity-url", cluster.identityUrl(), "object-store-url",
        cluster.url(""), "service-password", "glance-secret", "public-url", "http://127.0.0.1:" + gw + "/image")),
        Clock.systemUTC()));
    EmbeddedKafka kafka = EmbeddedKafka.start(root.resolve("kafka"), 0);
    TestCluster.await(ComputeApiServer.start(cluster.vertx, ComputeConfig.of(Map.of("host", "127.0.0.1", "port", "" + comp,
        "public-url", "http://127.0.0.1:" + gw + "/compute", "identity-url", cluster.identityUrl(),
        "image-url", "http://127.0.0.1:" + gw + "/image", "kafka-bootstrap", kafka.bootstrapServers())), Clock.systemUTC()));
    if (args.length == 0 || !args[0].equals("--no-agent")) fakeAgent(cluster, kafka.bootstrapServers());
    cluster.createUser("demo", "demo", "demo-secret", "member");
    System.out.println("READY gateway http://127.0.0.1:" + gw + " identity " + cluster.identityUrl() + " root " + root);
    Thread.currentThread().join();
  }

  private static void fakeAgent(TestCluster cluster, String bootstrap) {
    Topics topics = Topics.defaults();
    String host = "devhost";
    KafkaSender sender = KafkaSender.create(cluster.vertx, bootstrap, "dev-agent");
    TestCluster.await(KafkaTopics.ensure(cluster.vertx, bootstrap, List.of(new KafkaTopics.Spec(topics.commands(host), 1, false))));
    cluster.vertx.setPeriodic(0, 5000, t -> sender.send(topics.hosts(), host,
        new HostReport(host, "nova", "QEMU", "test:///default", 8, 16384, 200, 0, System.currentTimeMillis()).toJson().encode()));
    KafkaReader reader = KafkaReader.all(cluster.vertx, bootstrap, topics.commands(host), false, 16, r -> {
      Command c = Command.fromJson(new JsonObject(r.value()));
      InstanceEvent.Kind kind = c.action() == Command.Action.CONSOLE ? InstanceEvent.Kind.CONSOLE : InstanceEvent.Kind.DONE;
      String vm = switch (c.action()) {
        case STOP -> "stopped";
        case DELETE -> "deleted";
        case CONSOLE -> null;
        default -> "active";
      };
      int power = "active".equals(vm) ? 1 : c.action() == Command.Action.STOP ? 4 : 0;
      InstanceEvent e = new InstanceEvent(UUID.randomUUID().toString(), c.instanceId(), c.id(), c.seq(), host, kind, vm, power,
          null, kind == InstanceEvent.Kind.CONSOLE ? "dev console line 1\ndev console line 2\n" : null, System.currentTimeMillis());
      return cluster.vertx.timer(1500).compose(x -> sender.send(topics.events(), c.instanceId(), e.toJson().encode()))
          .recover(x -> Future.succeededFuture());
    });
    TestCluster.await(reader.start());
  }

  private static int free() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
