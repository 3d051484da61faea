package io.stratus.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.compute.kafka.EmbeddedKafka;
import io.stratus.gateway.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No launch is lost when Kafka or the agent goes away: the whole path (compute-api, the real broker, a real
 * agent on libvirt's test driver, the real image service) with launches in flight while the broker is
 * restarted, and while the agent is down (its commands wait in Kafka; the restarted agent, whose test-driver
 * domains died with its connection, defines them again and carries out the rest). Every server ends ACTIVE,
 * exactly once.
 */
class LaunchResilienceIT {
  private static final String NOVA_PASSWORD = "nova-secret";
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path dir;
  private TestComputeCluster c;
  private EmbeddedKafka restarted;
  private ComputeAgent agent;

  @AfterEach
  void stop() {
    if (agent != null) TestCluster.await(agent.close().otherwiseEmpty());
    if (c != null) c.close();
    if (restarted != null) restarted.close();
  }

  @Test
  void launchesSurviveABrokerRestartAndAnAgentRestart() throws Exception {
    c = TestComputeCluster.start(dir.resolve("cluster"), Map.of("service-down-seconds", "120", "quota-instances", "100", "quota-cores", "200"));
    c.cluster.createUser("service", "nova", NOVA_PASSWORD, "admin");
    agent = startAgent();
    String token = c.adminToken();
    TestComputeCluster.eventually(WAIT, "the agent's host to be up", () -> hypervisors(token) == 1);
    String image = c.activeImage(token, new JsonObject().put("name", "tiny").put("disk_format", "raw")
        .put("container_format", "bare"), new byte[256 * 1024]);

    List<String> first = launch(token, image, "during-broker-restart", 6);
    c.kafka.close();
    restarted = EmbeddedKafka.start(c.kafka.dir(), c.kafka.port());
    List<String> more = launch(token, image, "after-broker-restart", 4);
    awaitActive(token, first);
    awaitActive(token, more);

    TestCluster.await(agent.close());
    agent = null;
    List<String> queued = launch(token, image, "while-agent-down", 6);
    for (String id : queued) assertEquals("BUILD", server(token, id).getString("status"), "no agent, no progress");
    agent = startAgent();
    awaitActive(token, queued);
    List<String> all = new ArrayList<>(first);
    all.addAll(more);
    all.addAll(queued);
    awaitActive(token, all);
    JsonArray listed = new JsonObject(c.call("GET", "/v2.1/servers/detail", token, null).body()).getJsonArray("servers");
    assertEquals(all.size(), listed.size(), "no server twice, none lost: " + listed.encode());
  }

  private ComputeAgent startAgent() {
    Map<String, String> values = new HashMap<>(Map.of("host-name", "resilient", "libvirt-uri", "test:///default",
        "data-dir", dir.resolve("agent").toString(), "kafka-bootstrap", c.kafka.bootstrapServers(),
        "image-url", c.imageUrl(""), "identity-url", c.cluster.identityUrl(), "service-password", NOVA_PASSWORD,
        "vcpus", "64", "memory-mb", "262144", "disk-gb", "1000"));
    values.put("heartbeat-seconds", "1");
    return TestCluster.await(ComputeAgent.start(c.cluster.vertx, AgentConfig.of(values), Clock.systemUTC()));
  }

  private List<String> launch(String token, String image, String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JsonObject body = new JsonObject().put("server", new JsonObject().put("name", prefix + "-" + i).put("imageRef", image)
          .put("flavorRef", "1"));
      HttpResponse<String> r = c.call("POST", "/v2.1/servers", token, body.encode());
      assertEquals(202, r.statusCode(), r.body());
      ids.add(new JsonObject(r.body()).getJsonObject("server").getString("id"));
    }
    return ids;
  }

  private void awaitActive(String token, List<String> ids) {
    TestComputeCluster.eventually(WAIT, "servers " + ids + " ACTIVE", () -> {
      Set<String> statuses = ids.stream().map(id -> server(token, id).getString("status")).collect(Collectors.toSet());
      assertTrue(!statuses.contains("ERROR"), "a server went to ERROR: " + statuses);
      return statuses.equals(Set.of("ACTIVE"));
    });
  }

  private JsonObject server(String token, String id) {
    HttpResponse<String> r = c.call("GET", "/v2.1/servers/" + id, token, null);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonObject("server");
  }

  private int hypervisors(String token) {
    HttpResponse<String> r = c.call("GET", "/v2.1/os-hypervisors", token, null);
    return r.statusCode() == 200 ? new JsonObject(r.body()).getJsonArray("hypervisors").size() : 0;
  }
}
