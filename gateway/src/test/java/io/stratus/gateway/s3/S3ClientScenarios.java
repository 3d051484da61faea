package io.stratus.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stratus.gateway.TestCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Real S3 clients end to end against an S3 endpoint (a test cluster's gateway, or the packaged all-in-one), signing
 * with EC2 credentials from identity: the aws CLI ({@code s3 mb/cp/ls/sync/rm}, a multipart upload of a large file,
 * {@code s3api} calls, {@code s3 presign}), s3cmd, rclone's s3 remote and boto3; a wrong secret and another
 * project's bucket are refused. Debian's clients are used (/usr/bin/aws is awscli v2, /usr/bin/python3 has
 * python3-boto3), not whatever a Python environment puts first on PATH. A scenario whose client is not installed
 * is skipped, saying how to install it.
 */
public final class S3ClientScenarios {
  private static final String AWS = Files.isExecutable(Path.of("/usr/bin/aws")) ? "/usr/bin/aws" : "aws";
  private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  private final String endpoint;
  private final String[] keys;
  private final String[] otherKeys;
  private final Path work;

  /**
   * @param endpoint the S3 endpoint, e.g. http://127.0.0.1:8080
   * @param keys {access, secret} of a member of one project
   * @param otherKeys {access, secret} of a member of another project
   * @param work a directory for the clients' files
   */
  public S3ClientScenarios(String endpoint, String[] keys, String[] otherKeys, Path work) {
    this.endpoint = endpoint;
    this.keys = keys;
    this.otherKeys = otherKeys;
    this.work = work;
  }

  /** A command's exit code and output (stdout and stderr together). */
  record Run(int code, String out) {
  }

  Run run(Map<String, String> env, String... command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(work.toFile());
      // credentials and CA bundles of the test's own environment must not reach the clients
      pb.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("RCLONE_"));
      pb.environment().putAll(env);
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly();
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  Map<String, String> awsEnv(String[] credentials) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", credentials[0]);
    env.put("AWS_SECRET_ACCESS_KEY", credentials[1]);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    return env;
  }

  Run aws(String[] credentials, String... args) {
    List<String> cmd = new ArrayList<>(List.of(AWS, "--endpoint-url", endpoint));
    cmd.addAll(List.of(args));
    return run(awsEnv(credentials), cmd.toArray(String[]::new));
  }

  /** Skips the test, saying how to get the client, when it is not installed. */
  static void need(String binary, String debianPackage) {
    boolean found = binary.startsWith("/") ? Files.isExecutable(Path.of(binary))
        : java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
    assumeTrue(found, binary + " is not installed: apt-get install " + debianPackage + " (./run-tests does it as root)");
  }

  static void ok(Run r) {
    assertEquals(0, r.code(), r.out());
  }

  static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  /** aws CLI v2: s3 mb/cp (multipart)/ls/sync/presign/rm/rb and s3api calls. */
  public void awsCli() throws IOException {
    need(AWS, "awscli");
    ok(aws(keys, "s3", "mb", "s3://cli-bucket"));
    Path small = Files.write(work.resolve("small.txt"), "hello s3".getBytes(StandardCharsets.UTF_8));
    byte[] bigBytes = random(20 * 1024 * 1024);
    Path big = Files.write(work.resolve("big.bin"), bigBytes);
    ok(aws(keys, "s3", "cp", small.toString(), "s3://cli-bucket/small.txt"));
    ok(aws(keys, "s3", "cp", big.toString(), "s3://cli-bucket/dir/big.bin"));
    Run ls = aws(keys, "s3", "ls", "--recursive", "s3://cli-bucket");
    ok(ls);
    assertTrue(ls.out().contains("small.txt") && ls.out().contains("dir/big.bin"), ls.out());
    ok(aws(keys, "s3", "cp", "s3://cli-bucket/dir/big.bin", work.resolve("big.back").toString()));
    assertArrayEquals(bigBytes, Files.readAllBytes(work.resolve("big.back")));
    Run head = aws(keys, "s3api", "head-object", "--bucket", "cli-bucket", "--key", "dir/big.bin");
    ok(head);
    assertTrue(head.out().matches("(?s).*\"ETag\": \"\\\\\"[0-9a-f]{32}-\\d+\\\\\"\".*"), head.out());
    Path tree = Files.createDirectories(work.resolve("tree/sub"));
    Files.writeString(tree.resolve("a.txt"), "a");
    Files.writeString(tree.getParent().resolve("b.txt"), "b");
    ok(aws(keys, "s3", "sync", work.resolve("tree").toString(), "s3://cli-bucket/tree"));
    Run listed = aws(keys, "s3api", "list-objects-v2", "--bucket", "cli-bucket", "--prefix", "tree/");
    assertTrue(listed.out().contains("tree/sub/a.txt") && listed.out().contains("tree/b.txt"), listed.out());
    Run presign = aws(keys, "s3", "presign", "s3://cli-bucket/small.txt", "--expires-in", "300");
    ok(presign);
    HttpResponse<String> viaUrl = TestCluster.send(HttpRequest.newBuilder(URI.create(presign.out().trim())).GET());
    assertEquals(200, viaUrl.statusCode(), viaUrl.body());
    assertEquals("hello s3", viaUrl.body());
    ok(aws(keys, "s3", "rm", "--recursive", "s3://cli-bucket"));
    ok(aws(keys, "s3", "rb", "s3://cli-bucket"));
  }

  /** A wrong secret → SignatureDoesNotMatch; another project's bucket → NoSuchBucket. */
  public void wrongSecretsAndOtherProjectsAreRefused() {
    need(AWS, "awscli");
    ok(aws(keys, "s3", "mb", "s3://guarded"));
    Run bad = aws(new String[] {keys[0], "not-the-secret"}, "s3", "ls", "s3://guarded");
    assertNotEquals(0, bad.code());
    assertTrue(bad.out().contains("SignatureDoesNotMatch"), bad.out());
    Run stranger = aws(otherKeys, "s3", "ls", "s3://guarded");
    assertNotEquals(0, stranger.code());
    assertTrue(stranger.out().contains("NoSuchBucket"), stranger.out());
  }

  /** s3cmd: mb, multipart put, ls, get, del, rb. */
  public void s3cmd() throws IOException {
    need("s3cmd", "s3cmd");
    String host = URI.create(endpoint).getAuthority();
    Path config = Files.writeString(work.resolve("s3cfg"), "[default]\naccess_key = " + keys[0] + "\nsecret_key = " + keys[1]
        + "\nhost_base = " + host + "\nhost_bucket = " + host + "\nuse_https = False\nsignature_v2 = False\n");
    Path file = Files.write(work.resolve("cmd.bin"), random(7 * 1024 * 1024));
    ok(run(Map.of(), "s3cmd", "-c", config.toString(), "mb", "s3://cmd-bucket"));
    ok(run(Map.of(), "s3cmd", "-c", config.toString(), "--multipart-chunk-size-mb=5", "put", file.toString(), "s3://cmd-bucket/f"));
    Run ls = run(Map.of(), "s3cmd", "-c", config.toString(), "ls", "s3://cmd-bucket");
    assertTrue(ls.out().contains("s3://cmd-bucket/f"), ls.out());
    ok(run(Map.of(), "s3cmd", "-c", config.toString(), "get", "s3://cmd-bucket/f", work.resolve("cmd.back").toString()));
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(work.resolve("cmd.back")));
    ok(run(Map.of(), "s3cmd", "-c", config.toString(), "del", "s3://cmd-bucket/f"));
    ok(run(Map.of(), "s3cmd", "-c", config.toString(), "rb", "s3://cmd-bucket"));
  }

  /** rclone with an s3 remote: mkdir, multipart copy, ls, check, purge. */
  public void rclone() throws IOException {
    need("rclone", "rclone");
    Map<String, String> env = Map.of("RCLONE_CONFIG_STRATUS_TYPE", "s3", "RCLONE_CONFIG_STRATUS_PROVIDER", "Other",
        "RCLONE_CONFIG_STRATUS_ACCESS_KEY_ID", keys[0], "RCLONE_CONFIG_STRATUS_SECRET_ACCESS_KEY", keys[1],
        "RCLONE_CONFIG_STRATUS_ENDPOINT", endpoint, "RCLONE_CONFIG_STRATUS_REGION", "us-east-1");
    Path dir = Files.createDirectories(work.resolve("rc/in"));
    Files.write(dir.resolve("x.bin"), random(12 * 1024 * 1024));
    Files.writeString(dir.resolve("y.txt"), "y");
    ok(run(env, "rclone", "mkdir", "stratus:rc-bucket"));
    ok(run(env, "rclone", "copy", dir.toString(), "stratus:rc-bucket/in", "--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M"));
    Run ls = run(env, "rclone", "ls", "stratus:rc-bucket");
    assertTrue(ls.out().contains("in/x.bin") && ls.out().contains("in/y.txt"), ls.out());
    ok(run(env, "rclone", "check", dir.toString(), "stratus:rc-bucket/in"));
    ok(run(env, "rclone", "purge", "stratus:rc-bucket"));
  }

  /** boto3 (Debian's): SigV4 and SigV2 clients, multipart upload_file, paginator, delete_objects. */
  public void boto3() throws IOException {
    need(PYTHON, "python3");
    assumeTrue(run(Map.of(), PYTHON, "-c", "import boto3").code() == 0, "boto3 is not installed: apt-get install python3-boto3");
    Path script = Files.writeString(work.resolve("boto.py"), String.join("\n",
        "import boto3, sys, os",
        "from boto3.s3.transfer import TransferConfig",
        "s3 = boto3.client('s3', endpoint_url=sys.argv[1], aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3],",
        "                  region_name='us-east-1')",
        "s3.create_bucket(Bucket='boto-bucket')",
        "s3.put_object(Bucket='boto-bucket', Key='k', Body=b'body', Metadata={'m': 'v'})",
        "assert s3.get_object(Bucket='boto-bucket', Key='k')['Body'].read() == b'body'",
        "assert s3.head_object(Bucket='boto-bucket', Key='k')['Metadata'] == {'m': 'v'}",
        "data = os.urandom(11 * 1024 * 1024)",
        "open('boto.bin', 'wb').write(data)",
        "s3.upload_file('boto.bin', 'boto-bucket', 'big', Config=TransferConfig(multipart_threshold=5 * 1024 * 1024,",
        "               multipart_chunksize=5 * 1024 * 1024))",
        "assert s3.get_object(Bucket='boto-bucket', Key='big')['Body'].read() == data",
        "for i in range(7): s3.put_object(Bucket='boto-bucket', Key='p/%d' % i, Body=b'x')",
        "pages = s3.get_paginator('list_objects_v2').paginate(Bucket='boto-bucket', Prefix='p/', PaginationConfig={'PageSize': 3})",
        "assert [o['Key'] for p in pages for o in p.get('Contents', [])] == ['p/%d' % i for i in range(7)]",
        "keys = [{'Key': o['Key']} for o in s3.list_objects_v2(Bucket='boto-bucket')['Contents']]",
        "s3.delete_objects(Bucket='boto-bucket', Delete={'Objects': keys})",
        "s3.delete_bucket(Bucket='boto-bucket')",
        "from botocore.client import Config",
        "v2 = boto3.client('s3', endpoint_url=sys.argv[1], aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3],",
        "                  region_name='us-east-1', config=Config(signature_version='s3'))",
        "v2.create_bucket(Bucket='boto-v2')",
        "v2.put_object(Bucket='boto-v2', Key='a b', Body=b'signed v2')",
        "assert v2.get_object(Bucket='boto-v2', Key='a b')['Body'].read() == b'signed v2'",
        "assert [o['Key'] for o in v2.list_objects(Bucket='boto-v2')['Contents']] == ['a b']",
        "v2.delete_object(Bucket='boto-v2', Key='a b')",
        "v2.delete_bucket(Bucket='boto-v2')",
        "print('ok')", ""));
    Run r = run(Map.of(), PYTHON, script.toString(), endpoint, keys[0], keys[1]);
    ok(r);
    assertTrue(r.out().contains("ok"), r.out());
  }
}
