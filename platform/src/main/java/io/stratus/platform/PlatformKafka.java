package io.stratus.platform;

import io.stratus.common.auth.CachingTokenValidator;
import io.stratus.common.auth.RevocationListener;
import io.stratus.compute.kafka.EmbeddedKafka;
import io.stratus.platform.kafka.KafkaRevocationBridge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The all-in-one's Kafka and revocation path: the embedded KRaft broker (or an external one, or none),
 * the bridge that carries identity's revocation events over the topic, and the {@link RevocationListener}
 * that keeps the token cache of the services in this JVM honest.
 */
final class PlatformKafka implements AutoCloseable {
  static final String REVOCATIONS_TOPIC = "stratus.identity.revocations";
  private static final long TIMEOUT_SECONDS = 60;

  private final EmbeddedKafka broker;
  private final String bootstrapServers;
  private KafkaRevocationBridge bridge;
  private CachingTokenValidator tokens;
  private RevocationListener listener;

  private PlatformKafka(EmbeddedKafka broker, String bootstrapServers) {
    this.broker = broker;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts the embedded broker under {@code dataDir}/kafka, unless Kafka is external or off. */
  static PlatformKafka start(AllInOne.Options options) throws Exception {
    if (!options.kafka()) return new PlatformKafka(null, null);
    if (options.kafkaBootstrap() != null) return new PlatformKafka(null, options.kafkaBootstrap());
    try {
      EmbeddedKafka broker = EmbeddedKafka.start(options.dataDir().resolve("kafka").toAbsolutePath(), options.kafkaPort());
      return new PlatformKafka(broker, broker.bootstrapServers());
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) root = root.getCause();
      throw new IOException("the embedded Kafka broker did not start on port " + options.kafkaPort() + " (" + root.getMessage()
          + "); choose another with --kafka-port, or use --kafka-bootstrap or --no-kafka", e);
    }
  }

  /**
   * Bridges identity's revocations to the topic (when there is Kafka) and subscribes {@code tokens}, the
   * token cache of the services in this JVM (the gateway's), to them.
   */
  void connect(Vertx vertx, CachingTokenValidator tokens, String nodeId) throws Exception {
    this.tokens = tokens;
    listener = await(RevocationListener.start(vertx, tokens));
    if (bootstrapServers != null) bridge = await(KafkaRevocationBridge.start(vertx, bootstrapServers, REVOCATIONS_TOPIC, nodeId));
  }

  /** The token cache of the services in this JVM. */
  CachingTokenValidator tokens() {
    return tokens;
  }

  /** host:port of the broker, or null without Kafka. */
  String bootstrapServers() {
    return bootstrapServers;
  }

  void printBanner(PrintStream out, Path dataDir) {
    if (broker != null) {
      out.println("  kafka      embedded KRaft broker " + bootstrapServers + "   data in " + dataDir.resolve("kafka").toAbsolutePath()
          + "   revocations on topic " + REVOCATIONS_TOPIC);
    } else if (bootstrapServers != null) {
      out.println("  kafka      external broker " + bootstrapServers + "   revocations on topic " + REVOCATIONS_TOPIC);
    } else {
      out.println("  kafka      off (--no-kafka): revocations reach the token caches of this JVM only");
    }
  }

  /** Stops the bridge and the listener (before Vert.x closes); the broker goes in {@link #close()}. */
  void disconnect() throws Exception {
    if (bridge != null) await(bridge.close());
    if (listener != null) await(listener.close());
  }

  /** Stops the embedded broker, if any (after everything that talks to it). */
  @Override
  public void close() {
    if (broker != null) broker.close();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
