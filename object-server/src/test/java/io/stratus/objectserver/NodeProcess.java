package io.stratus.objectserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A storage node in its own JVM (ObjectServerMain on the test classpath), for crash and heap tests. */
final class NodeProcess implements AutoCloseable {
  final Process process;
  final int port;

  private NodeProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static NodeProcess start(Path devicesRoot, String heap, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), ObjectServerMain.class.getName(),
        "--devices-root", devicesRoot.toString(), "--devices", "d1", "--bind-port", "0", "--updater-interval", "0"));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectError(devicesRoot.resolveSibling(devicesRoot.getFileName() + ".log").toFile())
        .start();
    CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> readPort(p));
    try {
      return new NodeProcess(p, port.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private static int readPort(Process p) {
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("listening on port ")) return Integer.parseInt(line.substring(18).trim());
      }
      throw new IllegalStateException("the node exited before listening: " + p.waitFor());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no flush. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM: the node's shutdown hook closes its databases. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }
}
