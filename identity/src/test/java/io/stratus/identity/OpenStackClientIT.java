package io.stratus.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: the real python3-openstackclient and python3-swiftclient against the identity server.
 * Skipped (with the reason) when the binaries are not installed: apt-get install python3-openstackclient python3-swiftclient.
 */
class OpenStackClientIT {
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir
  static Path dir;
  static TestIdentity id;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(onPath("openstack"), "the openstack binary is not installed (apt-get install python3-openstackclient); skipping");
    id = TestIdentity.start(dir.resolve("identity"), new MutableClock(Instant.now()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (id != null) id.close();
  }

  @Test
  void openstackclientWorksUnmodified() throws Exception {
    assertTrue(openstack("token", "issue", "-f", "value", "-c", "project_id").strip().matches("[0-9a-f]{32}"));
    String catalog = openstack("catalog", "list", "-f", "value", "-c", "Type");
    for (String type : new String[] {"identity", "object-store", "image", "compute"}) assertTrue(catalog.contains(type), catalog);
    String projectId = openstack("project", "create", "demo", "-f", "value", "-c", "id").strip();
    assertTrue(openstack("project", "list", "-f", "value", "-c", "Name").lines().anyMatch("demo"::equals));
    openstack("user", "create", "--password", "demo-pw", "demo-user");
    openstack("role", "add", "--project", "demo", "--user", "demo-user", "member");
    String assignments = openstack("role", "assignment", "list", "--project", projectId, "--names", "-f", "value", "-c", "Role");
    assertTrue(assignments.contains("member"), assignments);
    String access = openstack("ec2", "credentials", "create", "-f", "value", "-c", "access").strip();
    assertTrue(access.matches("[0-9a-f]{32}"), access);
  }

  @Test
  void applicationCredentialsAreManagedAndAuthenticate() throws Exception {
    JsonObject created = new JsonObject(openstack("application", "credential", "create", "--description", "ci", "ci-cred", "-f", "json"));
    String credId = created.getString("id");
    String secret = created.getString("secret");
    assertTrue(created.getString("roles").contains("admin"), created.encode());
    assertTrue(openstack("application", "credential", "list", "-f", "value", "-c", "Name").lines().anyMatch("ci-cred"::equals));
    assertEquals(credId, openstack("application", "credential", "show", "ci-cred", "-f", "value", "-c", "id").strip());

    String issued = run(List.of("openstack", "--os-auth-type", "v3applicationcredential", "--os-auth-url", id.url() + "/v3",
        "--os-identity-api-version", "3", "--os-application-credential-id", credId,
        "--os-application-credential-secret", secret, "token", "issue", "-f", "json"));
    JsonObject token = new JsonObject(issued);
    assertEquals(created.getString("project_id"), token.getString("project_id"));
    assertTrue(token.getString("id").length() > 20, issued);

    openstack("application", "credential", "delete", "ci-cred");
    assertTrue(openstack("application", "credential", "list", "-f", "value", "-c", "Name").lines().noneMatch("ci-cred"::equals));
  }

  @Test
  void swiftclientTempauth() throws Exception {
    assumeTrue(onPath("swift"), "the swift binary is not installed (apt-get install python3-swiftclient); skipping");
    String out = run(List.of("swift", "-A", id.url() + "/auth/v1.0", "-U", "admin:admin", "-K", TestIdentity.ADMIN_PASSWORD, "auth"));
    assertTrue(out.contains("export OS_STORAGE_URL=http://127.0.0.1:8080/v1/AUTH_"), out);
    assertTrue(out.contains("export OS_AUTH_TOKEN="), out);
  }

  private static String openstack(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openstack", "--os-auth-url", id.url() + "/v3", "--os-username", "admin",
        "--os-password", TestIdentity.ADMIN_PASSWORD, "--os-project-name", "admin", "--os-user-domain-name", "Default",
        "--os-project-domain-name", "Default", "--os-identity-api-version", "3"));
    command.addAll(List.of(args));
    return run(command);
  }

  /** Runs a command with no OS_* variables in its environment; fails on a non-zero exit or a time-out. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Path output = Files.createTempFile(dir, "cli", ".out");
    Path errors = Files.createTempFile(dir, "cli", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile()).redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("OS_"));
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), command + " failed:\n" + text + Files.readString(errors, StandardCharsets.UTF_8));
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
