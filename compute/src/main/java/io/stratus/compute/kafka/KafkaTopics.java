package io.stratus.compute.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics compute needs when they are missing (on a worker: the admin client blocks). */
public final class KafkaTopics {
  private static final long TIMEOUT_SECONDS = 30;

  /** A topic to have: its partitions and whether it is compacted (keeps the newest record per key). */
  public record Spec(String name, int partitions, boolean compacted) {
  }

  private KafkaTopics() {
  }

  /** Creates each topic that does not exist yet; existing ones are left as they are. */
  public static Future<Void> ensure(Vertx vertx, String bootstrapServers, List<Spec> topics) {
    return vertx.executeBlocking(() -> {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
          AdminClientConfig.CLIENT_ID_CONFIG, "stratus-compute-admin",
          AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)))) {
        List<NewTopic> wanted = new ArrayList<>();
        for (Spec spec : topics) {
          NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty());
          if (spec.compacted()) topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
          wanted.add(topic);
        }
        var results = admin.createTopics(wanted).values();
        for (var result : results.entrySet()) {
          try {
            result.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e;
          }
        }
      }
      return null;
    }, false);
  }
}
