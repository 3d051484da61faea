package io.stratus.gateway.bench;

import io.stratus.gateway.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test cluster (identity, four storage nodes, gateway) as a process for load tools: prints
 * "ready URL TOKEN" (the admin storage URL and token) and runs until stdin closes. Used by bench/bench.sh.
 */
public final class BenchCluster {
  private BenchCluster() {
  }

  public static void main(String[] args) throws Exception {
    Path root = Files.createTempDirectory("stratus-gateway-bench");
    try (TestCluster cluster = TestCluster.start(root)) {
      TestCluster.Login admin = cluster.login("admin:admin", TestCluster.ADMIN_PASSWORD);
      System.out.println("ready " + admin.storageUrl() + " " + admin.token());
      System.out.flush();
      System.in.readAllBytes();
    }
  }
}
