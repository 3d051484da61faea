package io.stratus.gateway.s3;

import io.stratus.gateway.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link S3ClientScenarios} against a test cluster's gateway, with EC2 credentials made through identity. */
class S3ClientsIT {
  @TempDir
  static Path root;
  static TestCluster cluster;
  static S3ClientScenarios clients;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(root.resolve("cluster"));
    String project = cluster.createUser("s3clients", "s3user", "s3-secret", "member");
    String other = cluster.createUser("s3other", "s3stranger", "s3-secret", "member");
    clients = new S3ClientScenarios(cluster.url(""), cluster.ec2Credentials("s3user", project),
        cluster.ec2Credentials("s3stranger", other), Files.createDirectories(root.resolve("work")));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.close();
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
}
