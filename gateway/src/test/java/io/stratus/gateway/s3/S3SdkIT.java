package io.stratus.gateway.s3;

import io.stratus.gateway.TestCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link S3SdkScenarios} (the AWS SDK for Java v2) against a test cluster's gateway. */
class S3SdkIT {
  @TempDir
  static Path root;
  static TestCluster cluster;
  static S3SdkScenarios sdk;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(root.resolve("cluster"));
    String project = cluster.createUser("sdk", "sdkuser", "sdk-secret", "member");
    String other = cluster.createUser("sdkother", "sdkstranger", "sdk-secret", "member");
    sdk = new S3SdkScenarios(cluster.url(""), cluster.ec2Credentials("sdkuser", project),
        cluster.ec2Credentials("sdkstranger", other));
  }

  @AfterAll
  static void stop() {
    if (sdk != null) sdk.close();
    if (cluster != null) cluster.close();
  }

  @Test
  void bucketsObjectsListingsMultipartAndCopy() {
    sdk.bucketsObjectsListingsMultipartAndCopy();
  }

  @Test
  void wrongSecretAndAnotherProjectsBucketAreRefused() {
    sdk.wrongSecretAndAnotherProjectsBucketAreRefused();
  }
}
