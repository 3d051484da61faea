package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command-line clients (swift, openstack, rclone) for end-to-end tests in a working directory,
 * with only the environment given (no OS_, ST_, RCLONE_ or AWS_ variables leak in from the test's own).
 */
final class Cli {
  private final Path workDir;
  private final Path logDir;

  Cli(Path workDir, Path logDir) {
    this.workDir = workDir;
    this.logDir = logDir;
  }

  /** {@code openstack} as admin through the gateway's Keystone (plus {@code user}'s variables over those). */
  String openstack(Launcher.Launched launched, Map<String, String> user, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openstack"));
    command.addAll(List.of(args));
    return run(command, openstackEnv(launched, user), timeoutSeconds);
  }

  static Map<String, String> openstackEnv(Launcher.Launched launched, Map<String, String> user) {
    Map<String, String> env = new HashMap<>(Map.of("OS_AUTH_URL", launched.gateway() + "/identity/v3",
        "OS_IDENTITY_API_VERSION", "3", "OS_USERNAME", "admin", "OS_PASSWORD", launched.password(), "OS_PROJECT_NAME", "admin",
        "OS_USER_DOMAIN_NAME", "Default", "OS_PROJECT_DOMAIN_NAME", "Default"));
    env.putAll(user);
    return env;
  }

  /** Runs a client in the working directory; its stdout, failing on a non-zero exit. */
  String run(List<String> command, Map<String, String> env, long timeoutSeconds) throws IOException, InterruptedException {
    Path output = Files.createTempFile(logDir, "cli", ".out");
    Path errors = Files.createTempFile(logDir, "cli", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(output.toFile())
        .redirectError(errors.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("OS_") || name.startsWith("ST_")
        || name.startsWith("RCLONE_") || name.startsWith("AWS_"));
    builder.environment().putAll(env);
    Process cli = builder.start();
    if (!cli.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      cli.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertEquals(0, cli.exitValue(), command + " failed:\n" + text + Files.readString(errors, StandardCharsets.UTF_8));
    return text;
  }

  static boolean onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String entry : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(entry, binary))) return true;
    }
    return false;
  }
}
