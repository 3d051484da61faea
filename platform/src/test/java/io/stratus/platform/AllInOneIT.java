package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher end to end: `java -jar target/stratus.jar all-in-one` in a child JVM (its
 * embedded Kafka broker on a free port, whose address the banner prints), waited for by its "ready" line, used with the real openstack client (when installed), stopped with SIGTERM,
 * restarted on the same data, where the same admin password still works.
 */
class AllInOneIT {
  private static final long TIMEOUT_SECONDS = 60;
  private static final Pattern AUTH_URL = Pattern.compile("Keystone v3 (http://\\S+/v3)");
  private static final Pattern PASSWORD = Pattern.compile("password   (\\S+)");
  private static final Pattern KAFKA = Pattern.compile("embedded KRaft broker (127\\.0\\.0\\.1:\\d+)");
  private static final String EOF = "\u0000eof";

  @TempDir
  Path dir;
  private Process process;

  /** A running launcher and what it printed up to its ready line. */
  private record Launched(Process process, String authUrl, String password, List<String> lines) {
  }

  @AfterEach
  void stop() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void startsServesStopsOnSigtermAndRestartsWithTheSameAdmin() throws Exception {
    Launched first = launch();
    checkAdmin(first);
    stopWithSigterm(first);

    Launched second = launch();
    assertEquals(first.password(), second.password());
    assertEquals(first.password(), Files.readString(dir.resolve("data/identity/admin-password")).strip());
    assertTrue(second.lines().stream().noneMatch(l -> l.contains("bootstrapped now")), String.join("\n", second.lines()));
    checkAdmin(second);
    stopWithSigterm(second);
  }

  private Launched launch() throws IOException, InterruptedException {
    Path jar = Path.of("target", "stratus.jar").toAbsolutePath();
    assertTrue(Files.exists(jar), jar + " is built by mvn package");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "all-in-one",
        "--data-dir", dir.resolve("data").toString(), "--identity-port", "0", "--kafka-port", "0")
        .redirectError(dir.resolve("stderr-" + System.nanoTime() + ".log").toFile());
    process = builder.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> pump(process, lines), "launcher-stdout");
    reader.setDaemon(true);
    reader.start();
    List<String> seen = new ArrayList<>();
    while (true) {
      String line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null || line.equals(EOF)) throw new AssertionError("no ready line; printed:\n" + String.join("\n", seen));
      seen.add(line);
      if (line.startsWith(AllInOne.READY)) break;
    }
    String printed = String.join("\n", seen);
    find(KAFKA, printed);
    return new Launched(process, find(AUTH_URL, printed), find(PASSWORD, printed), seen);
  }

  private static void pump(Process process, BlockingQueue<String> lines) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) lines.add(line);
    } catch (IOException e) {
      // the process went away; EOF below tells the waiting test
    }
    lines.add(EOF);
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertTrue(m.find(), pattern + " not in:\n" + text);
    return m.group(1);
  }

  /** The printed admin credentials work: over HTTP, and with openstackclient when it is installed. */
  private void checkAdmin(Launched launched) throws Exception {
    String body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\","
        + "\"domain\":{\"id\":\"default\"},\"password\":\"" + launched.password() + "\"}}},"
        + "\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}";
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(launched.authUrl() + "/auth/tokens"))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    if (!onPath("openstack")) return;
    String projectId = run(List.of("openstack", "--os-auth-url", launched.authUrl(), "--os-identity-api-version", "3",
        "--os-username", "admin", "--os-password", launched.password(), "--os-project-name", "admin",
        "--os-user-domain-name", "Default", "--os-project-domain-name", "Default", "token", "issue", "-f", "value", "-c", "project_id"));
    assertTrue(projectId.strip().matches("[0-9a-f]{32}"), projectId);
  }

  private static void stopWithSigterm(Launched launched) throws InterruptedException {
    launched.process().destroy();
    assertTrue(launched.process().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the launcher did not stop on SIGTERM");
    int status = launched.process().exitValue();
    assertTrue(status == 0 || status == 143, "exit status " + status);
  }

  private String run(List<String> command) throws IOException, InterruptedException {
    Path output = Files.createTempFile(dir, "cli", ".out");
    Path errors = Files.createTempFile(dir, "cli", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("OS_"));
    Process cli = builder.start();
    if (!cli.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      cli.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertEquals(0, cli.exitValue(), command + " failed:\n" + text + Files.readString(errors, StandardCharsets.UTF_8));
    return text;
  }

  private static boolean onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String entry : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(entry, binary))) return true;
    }
    return false;
  }
}
