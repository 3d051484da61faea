package io.stratus.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code swift} command line client (python3-swiftclient) end to end against the gateway,
 * logging in with tempauth through it: upload, list, stat, post, download and delete, a segmented
 * upload ({@code -S}, a dynamic large object) and a static large object ({@code --use-slo})
 * downloaded whole, a server-side copy, temp URLs made by {@code swift tempurl} and a delete of many
 * objects (which the client sends as one bulk delete, seeing bulk_delete in /info), and object
 * versioning switched on with {@code swift post -H "X-Versions-Location: ..."}.
 */
class SwiftCliIT {
  @TempDir
  static Path root;
  static TestCluster cluster;
  static Path work;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/swift")),
        "the swift CLI is not installed: apt-get install python3-swiftclient (./run-tests does it)");
    cluster = TestCluster.start(root.resolve("cluster"));
    work = Files.createDirectories(root.resolve("work"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.close();
  }

  /** Runs {@code swift} with the admin credentials; returns stdout, failing on a non-zero exit. */
  private static String swift(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("swift", "-A", cluster.url("/auth/v1.0"), "-U", "admin:admin", "-K",
        TestCluster.ADMIN_PASSWORD));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("OS_") || k.startsWith("ST_"));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "swift " + String.join(" ", args) + " did not finish");
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), () -> "swift " + String.join(" ", args) + ":\n" + text);
    return text;
  }

  @Test
  void uploadListStatPostDownloadDelete() throws Exception {
    Files.writeString(work.resolve("hello.txt"), "hello from the swift CLI\n");
    swift("upload", "docs", "hello.txt");
    assertTrue(swift("list").lines().anyMatch("docs"::equals));
    assertEquals("hello.txt\n", swift("list", "docs"));
    swift("post", "-m", "Color:green", "docs", "hello.txt");
    String stat = swift("stat", "docs", "hello.txt");
    assertTrue(stat.contains("Meta Color: green"), stat);
    assertTrue(stat.contains("Content Length: 25"), stat);
    assertTrue(swift("stat", "docs").contains("Objects: 1"));
    swift("download", "docs", "hello.txt", "-o", "copy.txt");
    assertEquals("hello from the swift CLI\n", Files.readString(work.resolve("copy.txt")));
    swift("delete", "docs", "hello.txt");
    assertEquals("", swift("list", "docs"));
    swift("delete", "docs");
    assertTrue(swift("list").lines().noneMatch("docs"::equals), "the container is gone");
    assertTrue(swift("stat").contains("Account: AUTH_"));
  }

  @Test
  void segmentedUploadDownloadsWhole() throws Exception {
    byte[] data = new byte[3 * 1048576 + 12345];
    new Random(3).nextBytes(data);
    Files.write(work.resolve("big.bin"), data);
    swift("upload", "-S", "1048576", "media", "big.bin");
    assertEquals(4, swift("list", "media_segments").lines().count());
    assertEquals("big.bin\n", swift("list", "media"));
    swift("download", "media", "big.bin", "-o", "big.copy");
    assertArrayEquals(data, Files.readAllBytes(work.resolve("big.copy")));
    swift("delete", "media", "big.bin");
    assertEquals("", swift("list", "media_segments"));
  }

  @Test
  void staticLargeObjectUploadDownloadsByteIdentical() throws Exception {
    byte[] data = new byte[3 * 1048576 + 4321];
    new Random(4).nextBytes(data);
    Files.write(work.resolve("slo.bin"), data);
    swift("upload", "--use-slo", "-S", "1048576", "slomedia", "slo.bin");
    assertEquals(4, swift("list", "slomedia_segments").lines().count());
    String stat = swift("stat", "slomedia", "slo.bin");
    assertTrue(stat.contains("Content Length: " + data.length), stat);
    assertTrue(stat.contains("Manifest: ") || stat.contains("Static Large Object: True") || stat.toLowerCase().contains("slo"),
        stat);
    swift("download", "slomedia", "slo.bin", "-o", "slo.copy");
    assertArrayEquals(data, Files.readAllBytes(work.resolve("slo.copy")));
    swift("copy", "-d", "/slomedia/slo.flat", "slomedia", "slo.bin");
    swift("download", "slomedia", "slo.flat", "-o", "slo.flat.copy");
    assertArrayEquals(data, Files.readAllBytes(work.resolve("slo.flat.copy")));
    swift("delete", "slomedia", "slo.bin");
    assertEquals("", swift("list", "slomedia_segments"));
  }

  @Test
  void tempurlMadeByTheCliLetsAnonymousCallersIn() throws Exception {
    Files.writeString(work.resolve("shared.txt"), "shared by temp url\n");
    swift("upload", "tempurls", "shared.txt");
    swift("post", "-m", "Temp-URL-Key:cli-secret");
    String account = swift("stat").lines().filter(l -> l.trim().startsWith("Account: ")).findFirst().orElseThrow()
        .trim().substring("Account: ".length());
    String object = "/v1/" + account + "/tempurls/shared.txt";
    for (String[] extra : new String[][] {{}, {"--digest", "sha512"}, {"--iso8601"}, {"--digest", "sha1"}}) {
      List<String> args = new ArrayList<>(List.of("tempurl"));
      args.addAll(List.of(extra));
      args.addAll(List.of("GET", "600", object, "cli-secret"));
      String url = swift(args.toArray(String[]::new)).trim();
      var r = cluster.call("GET", cluster.url(url), null, null);
      assertEquals(200, r.statusCode(), url + " -> " + r.body());
      assertEquals("shared by temp url\n", r.body());
    }
    String wrongKey = swift("tempurl", "GET", "600", object, "not-the-key").trim();
    assertEquals(401, cluster.call("GET", cluster.url(wrongKey), null, null).statusCode());
  }

  @Test
  void deletingManyObjectsGoesThroughBulkDelete() throws Exception {
    Path dir = Files.createDirectories(work.resolve("many"));
    for (int i = 0; i < 30; i++) Files.writeString(dir.resolve("f" + i + ".txt"), "file " + i);
    swift("upload", "manyc", "many");
    assertEquals(30, swift("list", "manyc").lines().count());
    String debug = swift("--debug", "delete", "manyc");
    assertTrue(debug.contains("bulk-delete"), debug);
    assertTrue(swift("list").lines().noneMatch("manyc"::equals), "the container is gone");
  }

  @Test
  void versionsLocationSetByPostKeepsOverwrittenVersions() throws Exception {
    swift("post", "clivers");
    swift("post", "-H", "X-Versions-Location: clivers", "clidocs");
    assertTrue(swift("stat", "clidocs").contains("clivers"));
    Files.writeString(work.resolve("notes.txt"), "first\n");
    swift("upload", "clidocs", "notes.txt");
    Files.writeString(work.resolve("notes.txt"), "second\n");
    swift("upload", "clidocs", "notes.txt");
    String versions = swift("list", "clivers");
    assertTrue(versions.startsWith("009notes.txt/"), versions);
    swift("delete", "clidocs", "notes.txt");
    swift("download", "clidocs", "notes.txt", "-o", "notes.back");
    assertEquals("first\n", Files.readString(work.resolve("notes.back")));
  }
}
