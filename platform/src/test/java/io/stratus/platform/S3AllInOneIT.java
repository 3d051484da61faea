package io.stratus.platform;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stratus.gateway.s3.S3ClientScenarios;
import io.stratus.gateway.s3.S3SdkScenarios;
import io.stratus.platform.Launcher.Launched;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 acceptance on the packaged all-in-one: EC2 credentials made with `openstack ec2 credentials create` for admin
 * and for a member of a second project, then Debian's aws CLI v2, s3cmd, rclone (s3 remote), boto3 and the AWS SDK
 * for Java v2 through the gateway port — the same scenarios gateway's S3ClientsIT and S3SdkIT run on a test cluster,
 * including a wrong secret and the other project's bucket being refused.
 */
class S3AllInOneIT {
  private static final long CLI_TIMEOUT_SECONDS = 120;

  @TempDir
  static Path dir;
  private static Launched running;
  private static S3ClientScenarios clients;
  private static S3SdkScenarios sdk;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Cli.onPath("openstack"), "the openstack CLI is not installed (./run-tests installs it)");
    Path work = Files.createDirectories(dir.resolve("work"));
    running = Launcher.launch(dir, List.of());
    Cli cli = new Cli(work, dir);
    String[] admin = credentials(cli, Map.of());
    cli.openstack(running, Map.of(), CLI_TIMEOUT_SECONDS, "project", "create", "s3other");
    cli.openstack(running, Map.of(), CLI_TIMEOUT_SECONDS, "user", "create", "--project", "s3other", "--password", "s3-secret",
        "s3other");
    cli.openstack(running, Map.of(), CLI_TIMEOUT_SECONDS, "role", "add", "--project", "s3other", "--user", "s3other", "member");
    String[] other = credentials(cli, Map.of("OS_USERNAME", "s3other", "OS_PASSWORD", "s3-secret", "OS_PROJECT_NAME", "s3other"));
    clients = new S3ClientScenarios(running.gateway(), admin, other, work);
    sdk = new S3SdkScenarios(running.gateway(), admin, other);
  }

  private static String[] credentials(Cli cli, Map<String, String> user) throws Exception {
    JsonObject ec2 = new JsonObject(cli.openstack(running, user, CLI_TIMEOUT_SECONDS, "ec2", "credentials", "create", "-f", "json"));
    return new String[] {ec2.getString("access"), ec2.getString("secret")};
  }

  @AfterAll
  static void stop() throws Exception {
    if (sdk != null) sdk.close();
    Launcher.kill(running);
  }

  @Test
  void awsCli() throws Exception {
    clients.awsCli();
  }

  @Test
  void wrongSecretsAndOtherProjectsAreRefused() {
    clients.wrongSecretsAndOtherProjectsAreRefused();
  }

  @Test
  void s3cmd() throws Exception {
    clients.s3cmd();
  }

  @Test
  void rclone() throws Exception {
    clients.rclone();
  }

  @Test
  void boto3() throws Exception {
    clients.boto3();
  }

  @Test
  void awsSdkForJavaV2() {
    sdk.bucketsObjectsListingsMultipartAndCopy();
    sdk.wrongSecretAndAnotherProjectsBucketAreRefused();
  }
}
