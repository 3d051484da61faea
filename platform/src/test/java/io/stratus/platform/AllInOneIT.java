package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stratus.platform.Launcher.Launched;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
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
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher end to end: `java -jar target/stratus.jar all-in-one` in a child JVM (every
 * port free: gateway, identity, Kafka, and the storage nodes, whose ports the first start records in
 * the rings), waited for by its "ready" line, then driven through the gateway by the real clients —
 * `swift` (tempauth; plain and segmented uploads, list, download, stat), `openstack` (Keystone v3 at
 * /identity/v3; Glance v2 at /image with a 2 GiB image, and a second project that must not see private
 * images) and `rclone` (a swift remote) when installed — stopped with SIGTERM and restarted on the
 * same data, where everything stored downloads byte-identical.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AllInOneIT {
  private static final long TIMEOUT_SECONDS = Launcher.TIMEOUT_SECONDS;
  private static final long IMAGE_TIMEOUT_SECONDS = 300;
  private static final Pattern KAFKA = Pattern.compile("embedded KRaft broker (127\\.0\\.0\\.1:\\d+)");

  @TempDir
  static Path dir;
  private static Cli cli;
  private static Launched running;
  private static Launched first;
  private static Path files;
  private static final Map<String, byte[]> UPLOADED = new java.util.LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    files = Files.createDirectories(dir.resolve("files"));
    cli = new Cli(files, dir);
    first = Launcher.launch(dir, List.of());
    running = first;
  }

  @AfterAll
  static void stop() throws Exception {
    Launcher.kill(running);
  }

  @Test
  @Order(1)
  void bannerNamesTheGatewayEndpointsAndCommands() throws Exception {
    String printed = first.printed();
    String gw = first.gateway();
    assertTrue(printed.contains("tempauth " + gw + "/auth/v1.0"), printed);
    assertTrue(printed.contains("Keystone v3 " + gw + "/identity/v3"), printed);
    assertTrue(printed.contains("Glance v2 " + gw + "/image"), printed);
    assertTrue(printed.contains("swift -A " + gw + "/auth/v1.0 -U admin:admin -K " + first.password() + " stat"), printed);
    assertTrue(printed.contains("openstack --os-auth-url " + gw + "/identity/v3 "), printed);
    assertTrue(printed.contains("(bootstrapped now)"), printed);
    Launcher.find(KAFKA, printed);
    HttpResponse<String> info = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw + "/info"))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, info.statusCode(), info.body());
  }

  @Test
  @Order(2)
  void swiftUploadsListsDownloadsAndStatsThroughTheGateway() throws Exception {
    assumeSwift();
    put("hello.txt", "hello from the all-in-one\n".getBytes(StandardCharsets.UTF_8));
    put("notes.md", randomBytes(1, 70_000));
    put("big.bin", randomBytes(2, 3 * 1048576 + 4321));
    swift(first, "upload", "docs", "hello.txt", "notes.md");
    swift(first, "upload", "-S", "1048576", "media", "big.bin");
    assertEquals(List.of("docs", "media", "media_segments"), swift(first, "list").lines().toList());
    assertEquals(List.of("hello.txt", "notes.md"), swift(first, "list", "docs").lines().toList());
    assertEquals(4, swift(first, "list", "media_segments").lines().count());
    assertDownloadsIdentical(first, "first");
    String stat = swift(first, "stat");
    assertTrue(stat.contains("Account: " + first.account()), stat);
    assertTrue(stat.contains("Containers: 3"), stat);
    String objectStat = swift(first, "stat", "media", "big.bin");
    assertTrue(objectStat.contains("Manifest: media_segments/big.bin/"), objectStat);
  }

  @Test
  @Order(3)
  void openstackIssuesATokenThroughTheGateway() throws Exception {
    assumeOpenstack();
    String projectId = run(List.of("openstack", "--os-auth-url", first.gateway() + "/identity/v3", "--os-identity-api-version",
        "3", "--os-username", "admin", "--os-password", first.password(), "--os-project-name", "admin",
        "--os-user-domain-name", "Default", "--os-project-domain-name", "Default", "token", "issue", "-f", "value", "-c",
        "project_id"), Map.of());
    assertEquals(first.account(), "AUTH_" + projectId.strip());
  }

  @Test
  @Order(3)
  void aMalformedEscapeInTheUrlIsABadRequestInEveryApi() throws Exception {
    HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(first.gateway() + "/auth/v1.0"))
        .header("X-Auth-User", "admin:admin").header("X-Auth-Key", first.password()).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    String token = login.headers().firstValue("X-Auth-Token").orElseThrow();
    String swift = "/v1/" + first.account();
    // Swift answers in its plain dialect, S3 in its XML, Keystone, Glance and Nova with their JSON error documents
    String[][] cases = {
        {swift + "?marker=%zz", "malformed %-escape"},
        {swift + "/docs/o?a=%", "malformed %-escape"},
        {"/bkt?X-Amz-Algorithm=AWS4-HMAC-SHA256&key-marker=%zz", "<Code>InvalidURI</Code>"},
        {"/identity/v3/users?name=%zz", "\"code\":400"},
        {"/identity/v3/role_assignments?scope.project.id=%zz", "\"code\":400"},
        {"/image/v2/images?%zz", "400"},
        {"/compute/v2.1/servers?limit=%zz", "\"badRequest\""},
        {"/compute/v2.1/servers/%zz", "\"badRequest\""},
        {"/compute/v2.1/os-keypairs/%zz", "\"badRequest\""}};
    for (String[] c : cases) {
      String answer = raw(first, "GET " + c[0], token);
      assertTrue(answer.startsWith("HTTP/1.1 400 "), c[0] + " -> " + answer);
      assertTrue(answer.contains(c[1]), c[0] + " -> " + answer);
    }
  }

  /** A request line sent as is over a socket (no client would send a malformed escape); the whole answer. */
  private static String raw(Launched launched, String requestLine, String token) throws IOException {
    URI gateway = URI.create(launched.gateway());
    try (java.net.Socket socket = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\nX-Auth-Token: " + token
          + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @Order(4)
  void rcloneCopiesListsAndChecksThroughTheGateway() throws Exception {
    assumeTrue(Cli.onPath("rclone"), "rclone is not installed: apt-get install rclone (./run-tests does it)");
    Path tree = Files.createDirectories(dir.resolve("tree/sub"));
    Files.write(tree.resolve("a.txt"), "rclone a\n".getBytes(StandardCharsets.UTF_8));
    Files.write(tree.resolve("b.bin"), randomBytes(3, 200_000));
    Path source = tree.getParent();
    rclone(first, "copy", source.toString(), "s:synced");
    String listed = rclone(first, "ls", "s:synced");
    assertTrue(listed.contains("9 sub/a.txt") && listed.contains("200000 sub/b.bin"), listed);
    rclone(first, "check", source.toString(), "s:synced");
  }

  @Test
  @Order(5)
  void openstackImageCreateListShowSetSaveDeleteWithATwoGibImage() throws Exception {
    assumeOpenstack();
    Path big = files.resolve("big.img");
    long size = 2L << 30;
    writePattern(big, size);
    long t0 = System.nanoTime();
    openstack(first, "image", "create", "--file", big.toString(), "--disk-format", "raw", "--container-format", "bare", "big2g");
    long uploaded = System.nanoTime();
    JsonObject shown = new JsonObject(openstack(first, "image", "show", "big2g", "-f", "json"));
    assertEquals("active", shown.getString("status"), shown.encode());
    assertEquals(size, shown.getLong("size"));
    assertTrue(openstack(first, "image", "list", "-f", "value", "-c", "Name").lines().anyMatch("big2g"::equals));
    openstack(first, "image", "set", "--property", "os_distro=debian", "--tag", "big", "big2g");
    JsonObject set = new JsonObject(openstack(first, "image", "show", "big2g", "-f", "json"));
    assertEquals("debian", set.getJsonObject("properties").getString("os_distro"), set.encode());
    Path saved = files.resolve("saved.img");
    long t1 = System.nanoTime();
    openstack(first, "image", "save", "--file", saved.toString(), "big2g");
    long downloaded = System.nanoTime();
    assertEquals(-1L, Files.mismatch(big, saved), "image save is byte-identical");
    System.out.printf("2 GiB image: openstack image create %.1f s, image save %.1f s%n", (uploaded - t0) / 1e9,
        (downloaded - t1) / 1e9);
    Files.delete(saved);
    Files.delete(big);
    openstack(first, "image", "delete", "big2g");
    assertTrue(openstack(first, "image", "list", "-f", "value", "-c", "Name").lines().noneMatch("big2g"::equals));
    Files.write(files.resolve("small.img"), randomBytes(7, 300_000));
    openstack(first, "image", "create", "--file", files.resolve("small.img").toString(), "--disk-format", "raw", "--private",
        "small");
  }

  @Test
  @Order(6)
  void anotherProjectCannotSeePrivateImages() throws Exception {
    assumeOpenstack();
    openstack(first, "project", "create", "demo");
    openstack(first, "user", "create", "--project", "demo", "--password", "demo-secret", "demo");
    openstack(first, "role", "add", "--project", "demo", "--user", "demo", "member");
    String id = openstack(first, "image", "show", "small", "-f", "value", "-c", "id").strip();
    Map<String, String> demo = Map.of("OS_USERNAME", "demo", "OS_PASSWORD", "demo-secret", "OS_PROJECT_NAME", "demo");
    assertTrue(openstack(first, demo, "image", "list", "-f", "value", "-c", "ID").isBlank());
    assertTrue(fails(first, demo, "image", "show", id), "demo must not see admin's private image");
    assertTrue(fails(first, demo, "image", "save", "--file", files.resolve("stolen.img").toString(), id));
  }

  @Test
  @Order(7)
  void awsCliAndS3cmdWorkWithEc2CredentialsFromOpenstack() throws Exception {
    assumeOpenstack();
    String aws = Files.isExecutable(Path.of("/usr/bin/aws")) ? "/usr/bin/aws" : "aws";
    assumeTrue(Cli.onPath("aws") && Cli.onPath("s3cmd"), "awscli and s3cmd are not installed (./run-tests installs them)");
    JsonObject ec2 = new JsonObject(openstack(first, "ec2", "credentials", "create", "-f", "json"));
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", ec2.getString("access"), "AWS_SECRET_ACCESS_KEY",
        ec2.getString("secret"), "AWS_DEFAULT_REGION", "us-east-1", "AWS_CONFIG_FILE", "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    List<String> s3 = List.of(aws, "--endpoint-url", first.gateway(), "s3");
    run(concat(s3, "mb", "s3://aio-bucket"), env);
    Files.write(files.resolve("s3.bin"), randomBytes(9, 9 * 1048576 + 5));
    run(concat(s3, "cp", "s3.bin", "s3://aio-bucket/dir/s3.bin"), env);
    assertTrue(run(concat(s3, "ls", "--recursive", "s3://aio-bucket"), env).contains("dir/s3.bin"));
    run(concat(s3, "cp", "s3://aio-bucket/dir/s3.bin", "s3-back.bin"), env);
    assertEquals(-1L, Files.mismatch(files.resolve("s3.bin"), files.resolve("s3-back.bin")));
    String host = first.gateway().substring("http://".length());
    Path cfg = Files.writeString(files.resolve("s3cfg"), "[default]\naccess_key = " + ec2.getString("access")
        + "\nsecret_key = " + ec2.getString("secret") + "\nhost_base = " + host + "\nhost_bucket = " + host
        + "\nuse_https = False\n");
    assertTrue(run(List.of("s3cmd", "-c", cfg.toString(), "ls", "s3://aio-bucket/dir/"), Map.of()).contains("s3.bin"));
    // the same bucket is a Swift container of the project's account
    if (Cli.onPath("swift")) assertTrue(swift(first, "list").lines().anyMatch("aio-bucket"::equals));
    run(concat(s3, "rm", "--recursive", "s3://aio-bucket"), env);
    run(concat(s3, "rb", "s3://aio-bucket"), env);
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  @Test
  @Order(8)
  void dataSurvivesSigtermAndRestart() throws Exception {
    Launcher.stopWithSigterm(first);
    running = Launcher.launch(dir, List.of());
    Launched second = running;
    String printed = second.printed();
    assertTrue(printed.contains("object     ring loaded"), printed);
    assertTrue(!printed.contains("bootstrapped now"), printed);
    assertEquals(first.password(), second.password());
    assertEquals(first.storage(), second.storage(), "the storage nodes come back on the ports the rings recorded");
    assertEquals(first.account(), second.account());
    if (Cli.onPath("swift") && !UPLOADED.isEmpty()) assertDownloadsIdentical(second, "second");
    if (Cli.onPath("rclone") && Files.exists(dir.resolve("tree"))) rclone(second, "check", dir.resolve("tree").toString(), "s:synced");
    if (Cli.onPath("openstack") && Files.exists(files.resolve("small.img"))) {
      openstack(second, "image", "save", "--file", files.resolve("small-again.img").toString(), "small");
      assertEquals(-1L, Files.mismatch(files.resolve("small.img"), files.resolve("small-again.img")));
    }
    Launcher.stopWithSigterm(second);
  }

  private static void put(String name, byte[] data) throws IOException {
    Files.write(files.resolve(name), data);
    UPLOADED.put(name, data);
  }

  private static byte[] randomBytes(long seed, int size) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static void assertDownloadsIdentical(Launched launched, String round) throws Exception {
    Path out = Files.createDirectories(dir.resolve("download-" + round));
    for (Map.Entry<String, byte[]> e : UPLOADED.entrySet()) {
      String container = e.getKey().equals("big.bin") ? "media" : "docs";
      swift(launched, "download", container, e.getKey(), "-o", out.resolve(e.getKey()).toString());
      assertArrayEquals(e.getValue(), Files.readAllBytes(out.resolve(e.getKey())), e.getKey() + " (" + round + " start)");
    }
  }

  private static void assumeSwift() {
    assumeTrue(Cli.onPath("swift"), "the swift CLI is not installed: apt-get install python3-swiftclient (./run-tests does it)");
  }

  /** {@code swift} with tempauth through the gateway, in the upload directory. */
  private static String swift(Launched launched, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("swift", "-A", launched.gateway() + "/auth/v1.0", "-U", "admin:admin",
        "-K", launched.password()));
    command.addAll(List.of(args));
    return run(command, Map.of());
  }

  /** {@code rclone} with remote {@code s:}, a swift remote on tempauth through the gateway. */
  private static String rclone(Launched launched, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("rclone", "--config", dir.resolve("rclone.conf").toString()));
    command.addAll(List.of(args));
    return run(command, Map.of("RCLONE_CONFIG_S_TYPE", "swift", "RCLONE_CONFIG_S_AUTH", launched.gateway() + "/auth/v1.0",
        "RCLONE_CONFIG_S_USER", "admin:admin", "RCLONE_CONFIG_S_KEY", launched.password()));
  }

  private static void assumeOpenstack() {
    assumeTrue(Cli.onPath("openstack"), "the openstack CLI is not installed: apt-get install python3-openstackclient"
        + " (./run-tests does it)");
  }

  /** A file of {@code size} bytes: a random MiB repeated, each copy stamped with its index. */
  private static void writePattern(Path file, long size) throws IOException {
    byte[] block = randomBytes(8, 1 << 20);
    try (java.io.OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0, i = 0; written < size; written += block.length, i++) {
        java.nio.ByteBuffer.wrap(block).putLong(i);
        out.write(block, 0, (int) Math.min(block.length, size - written));
      }
    }
  }

  /** {@code openstack} as admin (Keystone v3 through the gateway), with more time for image transfers. */
  private static String openstack(Launched launched, String... args) throws IOException, InterruptedException {
    return openstack(launched, Map.of(), args);
  }

  private static String openstack(Launched launched, Map<String, String> user, String... args)
      throws IOException, InterruptedException {
    return cli.openstack(launched, user, IMAGE_TIMEOUT_SECONDS, args);
  }

  private static boolean fails(Launched launched, Map<String, String> user, String... args)
      throws IOException, InterruptedException {
    try {
      openstack(launched, user, args);
      return false;
    } catch (AssertionError e) {
      return true;
    }
  }

  private static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    return cli.run(command, env, TIMEOUT_SECONDS);
  }
}
