package io.stratus.platform;

import io.stratus.common.auth.RevocationListener;
import io.stratus.compute.AgentConfig;
import io.stratus.compute.ComputeAgent;
import io.stratus.compute.ComputeApiServer;
import io.stratus.compute.ComputeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compute inside the all-in-one: compute-api (Nova v2.1, reached through the gateway's /compute) and one
 * compute-agent for this machine, talking over the platform's Kafka. The agent fetches images with its own
 * service user (nova, role admin on project service, made at the first start; password in
 * DIR/service-password, mode 0600) and keeps instance disks, console logs and the image cache under
 * DIR/agent. On libvirt's test driver (the default) the agent reports a large host, so many test servers fit.
 */
final class EmbeddedCompute implements AutoCloseable {
  static final String PASSWORD_FILE = "service-password";
  static final String DEFAULT_LIBVIRT_URI = "test:///default";
  private static final long START_SECONDS = 120;

  private final ComputeApiServer api;
  private final RevocationListener revocations;
  private final ComputeAgent agent;
  private final String gatewayUrl;
  private final String libvirtUri;
  private final Path dir;

  private EmbeddedCompute(ComputeApiServer api, RevocationListener revocations, ComputeAgent agent, String gatewayUrl,
      String libvirtUri, Path dir) {
    this.api = api;
    this.revocations = revocations;
    this.agent = agent;
    this.gatewayUrl = gatewayUrl;
    this.libvirtUri = libvirtUri;
    this.dir = dir;
  }

  /**
   * Starts compute-api on host:port behind the gateway at {@code gatewayUrl} and an agent on {@code libvirtUri},
   * both on the Kafka at {@code kafkaBootstrap}; makes the nova service user first when it has none.
   */
  static EmbeddedCompute start(Vertx vertx, Path dir, String host, int port, String gatewayUrl, String identityUrl,
      String adminPassword, String kafkaBootstrap, String libvirtUri, Map<String, String> env) throws Exception {
    Files.createDirectories(dir);
    String password = ServiceUser.ensure(dir.resolve(PASSWORD_FILE), identityUrl, adminPassword, "nova", "service", "admin");
    ComputeConfig apiConfig = ComputeConfig.load(env, List.of("--host=" + host, "--port=" + port,
        "--public-url=" + gatewayUrl + "/compute", "--identity-url=" + identityUrl, "--image-url=" + gatewayUrl + "/image",
        "--kafka-bootstrap=" + kafkaBootstrap));
    ComputeApiServer api = await(ComputeApiServer.start(vertx, apiConfig, Clock.systemUTC()));
    RevocationListener revocations = null;
    try {
      revocations = await(RevocationListener.start(vertx, api.tokens()));
      List<String> agentFlags = new ArrayList<>(List.of("--libvirt-uri=" + libvirtUri, "--data-dir=" + dir.resolve("agent"),
          "--kafka-bootstrap=" + kafkaBootstrap, "--image-url=" + gatewayUrl + "/image", "--identity-url=" + identityUrl,
          "--service-user=nova", "--service-project=service", "--service-password=" + password));
      if (libvirtUri.startsWith("test:")) {
        // the test driver's host is a small fake machine: report one big enough for many test servers
        agentFlags.addAll(List.of("--vcpus=256", "--memory-mb=1048576", "--disk-gb=100000"));
      }
      ComputeAgent agent = await(ComputeAgent.start(vertx, AgentConfig.load(env, agentFlags), Clock.systemUTC()));
      return new EmbeddedCompute(api, revocations, agent, gatewayUrl, libvirtUri, dir);
    } catch (Exception e) {
      if (revocations != null) await(revocations.close());
      await(api.close());
      throw e;
    }
  }

  int port() {
    return api.port();
  }

  void printBanner(PrintStream out) {
    out.println("  compute    Nova v2.1 " + gatewayUrl + "/compute/v2.1 (direct http://127.0.0.1:" + port() + ")   agent "
        + agent.host() + " on " + libvirtUri + ", instances and image cache in " + dir.resolve("agent"));
  }

  /** Stops the agent, then compute-api. */
  @Override
  public void close() throws IOException {
    try {
      await(agent.close());
      await(revocations.close());
      await(api.close());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping compute", e);
    } catch (Exception e) {
      throw new IOException("compute did not stop: " + e.getMessage(), e);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
  }
}
