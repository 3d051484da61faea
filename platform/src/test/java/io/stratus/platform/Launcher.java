package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged launcher in a child JVM for end-to-end tests: `java -jar target/stratus.jar all-in-one` on
 * free ports with its data in one directory, waited for by its ready line, its banner parsed; stopped with
 * SIGTERM.
 */
final class Launcher {
  static final long TIMEOUT_SECONDS = 60;
  private static final Pattern GATEWAY = Pattern.compile("  gateway    (http://127\\.0\\.0\\.1:\\d+) ");
  private static final Pattern ACCOUNT = Pattern.compile("Swift v1 \\S+/v1/(AUTH_[0-9a-f]{32})");
  private static final Pattern PASSWORD = Pattern.compile("password   (\\S+)");
  private static final Pattern STORAGE = Pattern.compile("storage    4 nodes: (.*)   data in");

  private Launcher() {
  }

  /** A running launcher and what it printed up to its ready line. */
  record Launched(Process process, String gateway, String account, String password, String storage, List<String> lines) {
    String printed() {
      return String.join("\n", lines);
    }
  }

  /**
   * Starts the all-in-one with its data in {@code dir}/data and its stderr in {@code dir}, every port free
   * (Kafka's too), plus {@code extraArgs}; answers once it printed its ready line.
   */
  static Launched launch(Path dir, List<String> extraArgs) throws IOException, InterruptedException {
    Path jar = Path.of("target", "stratus.jar").toAbsolutePath();
    assertTrue(Files.exists(jar), jar + " is built by mvn package");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar.toString(), "all-in-one",
        "--data-dir", dir.resolve("data").toString(), "--gateway-port", "0", "--identity-port", "0", "--image-port", "0",
        "--compute-port", "0", "--kafka-port", "0", "--storage-port-base", "0"));
    command.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("stderr-" + System.nanoTime() + ".log").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("STRATUS_"));
    long t0 = System.nanoTime();
    Process process = builder.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> ServiceProcess.pump(process, lines), "launcher-stdout");
    reader.setDaemon(true);
    reader.start();
    List<String> seen = new ArrayList<>();
    while (true) {
      String line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null || line.equals(ServiceProcess.EOF)) {
        process.destroyForcibly();
        throw new AssertionError("no ready line; printed:\n" + String.join("\n", seen));
      }
      seen.add(line);
      if (line.startsWith(AllInOne.READY)) break;
    }
    System.out.printf("all-in-one ready after %d ms (JVM start included): %s%n", (System.nanoTime() - t0) / 1_000_000,
        seen.get(seen.size() - 1));
    String printed = String.join("\n", seen);
    return new Launched(process, find(GATEWAY, printed), find(ACCOUNT, printed), find(PASSWORD, printed),
        find(STORAGE, printed), seen);
  }

  static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertTrue(m.find(), pattern + " not in:\n" + text);
    return m.group(1);
  }

  static void stopWithSigterm(Launched launched) throws InterruptedException {
    launched.process().destroy();
    assertTrue(launched.process().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the launcher did not stop on SIGTERM");
    int status = launched.process().exitValue();
    assertTrue(status == 0 || status == 143, "exit status " + status);
  }

  /** Kills it if it still runs (after a failed test). */
  static void kill(Launched launched) throws InterruptedException {
    if (launched != null && launched.process().isAlive()) {
      launched.process().destroyForcibly();
      launched.process().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
