package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.ring.Device;
import io.stratus.ring.RingFile;
import io.stratus.ring.builder.RingBuilder;
import io.stratus.ring.cli.RingCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed mode from the packaged launcher: `stratus identity`, `stratus object-server` (three
 * devices) and `stratus gateway` as three child JVMs configured by flags and a --config file, the rings
 * built for the node's port in between; an object stored through the gateway reads back, and each
 * process stops on SIGTERM.
 */
class DistributedIT {
  private static final long TIMEOUT_SECONDS = 60;
  private static final String PASSWORD = "distributed-secret";
  private static final String SUFFIX = "0123456789abcdef";
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final String EOF = "\u0000eof";

  @TempDir
  Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      if (p.isAlive()) p.destroyForcibly().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void identityStorageNodeAndGatewayRunAsSeparateProcesses() throws Exception {
    int identityPort = start("identity", "--host=127.0.0.1", "--port=0", "--data-dir=" + dir.resolve("identity"),
        "--admin-password=" + PASSWORD, "--hash-memory-kib=1024", "--hash-iterations=1");
    Path ringDir = Files.createDirectories(dir.resolve("rings"));
    int nodePort = start("object-server", "--bind-port=0", "--devices-root=" + dir.resolve("node"), "--devices=d1,d2,d3",
        "--hash-path-suffix=" + SUFFIX, "--ring-dir=" + ringDir);
    for (String kind : ClusterRings.KINDS) buildRing(ringDir.resolve(kind + ".builder"), nodePort);
    Path config = dir.resolve("gateway.properties");
    Files.writeString(config, String.join("\n", "bind-host=127.0.0.1", "bind-port=0", "ring-dir=" + ringDir,
        "hash-path-suffix=" + SUFFIX, "identity-url=http://127.0.0.1:" + identityPort, ""));
    int gatewayPort = start("gateway", "--config", config.toString());

    String gateway = "http://127.0.0.1:" + gatewayPort;
    // HTTP/1.1: over an h2c upgrade the gateway sees no Host header and cannot rebuild X-Storage-Url.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<Void> login = http.send(HttpRequest.newBuilder(URI.create(gateway + "/auth/v1.0"))
        .header("X-Auth-User", "admin:admin").header("X-Auth-Key", PASSWORD).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.discarding());
    assertEquals(200, login.statusCode());
    String token = login.headers().firstValue("X-Auth-Token").orElseThrow();
    String storage = login.headers().firstValue("X-Storage-Url").orElseThrow();
    assertTrue(storage.startsWith(gateway + "/v1/AUTH_"), storage);
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(storage + "/c")).header("X-Auth-Token", token)
        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(storage + "/c/o")).header("X-Auth-Token", token)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    HttpResponse<byte[]> read = http.send(HttpRequest.newBuilder(URI.create(storage + "/c/o")).header("X-Auth-Token", token)
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, read.statusCode());
    assertArrayEquals(data, read.body());

    for (Process p : processes) p.destroy();
    for (Process p : processes) {
      assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "a service did not stop on SIGTERM");
      assertTrue(p.exitValue() == 0 || p.exitValue() == 143, "exit status " + p.exitValue());
    }
  }

  /** Three devices of the one node, in zones 1-3, so each partition has a replica on each. */
  private static void buildRing(Path builderFile, int port) throws IOException {
    RingBuilder b = RingBuilder.create(6, 3, 1, InstantSource.system());
    for (int i = 0; i < 3; i++) b.addDevice(Device.of(i, 1, i + 1, "127.0.0.1", port, "d" + (i + 1), 100));
    b.rebalance(1);
    b.save(builderFile);
    RingFile.write(RingCli.ringFile(builderFile), b.toRingData());
  }

  /** Starts `stratus SERVICE ARGS` in a child JVM; its port, once it printed its ready line. */
  private int start(String service, String... args) throws IOException, InterruptedException {
    Path jar = Path.of("target", "stratus.jar").toAbsolutePath();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString(), service));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve(service + ".err").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("STRATUS_"));
    Process process = builder.start();
    processes.add(process);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> pump(process, lines), service + "-stdout");
    reader.setDaemon(true);
    reader.start();
    List<String> seen = new ArrayList<>();
    while (true) {
      String line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null || line.equals(EOF)) {
        throw new AssertionError(service + " printed no ready line:\n" + String.join("\n", seen) + "\n"
            + Files.readString(dir.resolve(service + ".err")));
      }
      seen.add(line);
      if (line.startsWith("Stratus " + service + " ready")) break;
    }
    Matcher m = LISTENING.matcher(String.join("\n", seen));
    assertTrue(m.find(), String.join("\n", seen));
    return Integer.parseInt(m.group(1));
  }

  private static void pump(Process process, BlockingQueue<String> lines) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) lines.add(line);
    } catch (IOException e) {
      // the process went away; EOF tells the waiting test
    }
    lines.add(EOF);
  }
}
