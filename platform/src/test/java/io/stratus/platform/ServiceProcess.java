package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * One {@code java -jar target/stratus.jar SERVICE ARGS} child JVM: launched, waited for by its ready
 * line (its port read from the banner), its stdout drained for as long as it runs and its stderr
 * appended to {@code SERVICE.err} in the log dir; stopped by SIGTERM or killed (-9), and started
 * again with the same arguments.
 */
final class ServiceProcess {
  static final long TIMEOUT_SECONDS = 60;
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  /** What {@link #pump} queues after a process's last line. */
  static final String EOF = "\u0000eof";

  private final String name;
  private final String service;
  private final List<String> command;
  private final Path stderr;
  private Process process;
  private int port;

  /** A service of {@code stratus} with JVM options {@code jvm}; logged as {@code name}.err under {@code logDir}. */
  ServiceProcess(String name, String service, List<String> jvm, List<String> args, Path logDir) {
    Path jar = Path.of("target", "stratus.jar").toAbsolutePath();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> c = new ArrayList<>(List.of(java));
    c.addAll(jvm);
    c.addAll(List.of("-jar", jar.toString(), service));
    c.addAll(args);
    this.name = name;
    this.service = service;
    this.command = List.copyOf(c);
    this.stderr = logDir.resolve(name + ".err");
  }

  /** Starts the JVM; {@link #awaitReady()} waits for it. */
  ServiceProcess launch() throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    builder.environment().keySet().removeIf(key -> key.startsWith("STRATUS_"));
    process = builder.start();
    return this;
  }

  /** Waits for the ready line; the port the banner names. */
  int awaitReady() throws IOException, InterruptedException {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Process p = process;
    Thread reader = new Thread(() -> pump(p, lines), name + "-stdout");
    reader.setDaemon(true);
    reader.start();
    List<String> seen = new ArrayList<>();
    while (true) {
      String line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null || line.equals(EOF)) {
        throw new AssertionError(name + " printed no ready line:\n" + String.join("\n", seen) + "\n" + Files.readString(stderr));
      }
      seen.add(line);
      if (line.startsWith("Stratus " + service + " ready")) break;
    }
    Matcher m = LISTENING.matcher(String.join("\n", seen));
    assertTrue(m.find(), String.join("\n", seen));
    port = Integer.parseInt(m.group(1));
    return port;
  }

  /** Launches and waits for the ready line; the port. */
  int start() throws IOException, InterruptedException {
    return launch().awaitReady();
  }

  int port() {
    return port;
  }

  String name() {
    return name;
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: the JVM gets no chance to close anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), name + " survived SIGKILL");
  }

  /** SIGTERM without waiting; {@link #awaitStopped()} checks how it ended. */
  void terminate() {
    process.destroy();
  }

  /** Waits for the process to end after SIGTERM and checks it ended cleanly (0, or 143 for the signal). */
  void awaitStopped() throws InterruptedException {
    assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), name + " did not stop on SIGTERM");
    int status = process.exitValue();
    assertTrue(status == 0 || status == 143, name + " exit status " + status);
  }

  /** Kills the process if it still runs (test clean-up). */
  void destroy() throws InterruptedException {
    if (alive()) kill();
  }

  /** Queues the lines a process prints until it ends, then {@link #EOF}. */
  static void pump(Process process, BlockingQueue<String> lines) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) lines.add(line);
    } catch (IOException e) {
      // the process went away; EOF tells a waiting test
    }
    lines.add(EOF);
  }
}
