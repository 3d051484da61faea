package io.stratus.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance: a 5 GiB segmented upload with Debian's {@code swift} CLI ({@code swift upload
 * --use-slo -S 256 MiB}) through a gateway running as its own process with a 128 MiB heap, and its
 * download ({@code swift download -o -}), are byte-identical — the download is compared on the fly
 * with the file's bytes made again from their seed, neither held in memory — while the gateway's used
 * heap, read from its /metrics all along, stays under a fixed bound far below the object's size.
 */
class SegmentedUploadIT {
  private static final long SIZE = 5L << 30;
  private static final long SEGMENT = 256L << 20;
  private static final int CHUNK = 1 << 20;
  private static final long SEED = 5;
  private static final String GATEWAY_HEAP = "-Xmx128m";
  /** The used-heap bound: the gateway's whole -Xmx, some forty times smaller than the object. */
  private static final long HEAP_BOUND = 128L << 20;
  private static final long CLI_TIMEOUT_SECONDS = 600;

  @TempDir
  Path dir;

  @Test
  void fiveGibSegmentedUploadDownloadsByteIdenticalWithTheGatewayHeapFlat() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/swift")),
        "the swift CLI is not installed: apt-get install python3-swiftclient (./run-tests does it)");
    long free = Files.getFileStore(dir).getUsableSpace();
    assumeTrue(free > 4 * SIZE + (2L << 30), "needs " + ((4 * SIZE + (2L << 30)) >> 30) + " GiB free (the file and three"
        + " replicas), has " + (free >> 30) + " GiB");
    try (ProcessCluster cluster = ProcessCluster.builder(dir.resolve("cluster")).nodes(4, 1).gatewayJvm(GATEWAY_HEAP)
        .nodeOption("updater-interval", "1").start()) {
      Path file = dir.resolve("big.bin");
      long t0 = System.nanoTime();
      write(file);
      System.out.printf("made the %d MiB file in %.1f s%n", SIZE >> 20, seconds(t0));

      HeapSampler heap = new HeapSampler(ProcessCluster.http(), cluster.gatewayUrl() + "/metrics");
      heap.start();
      long t1 = System.nanoTime();
      finish(swift(cluster, "upload", "--use-slo", "-S", Long.toString(SEGMENT), "big", "big.bin"), "upload");
      double upload = seconds(t1);
      long t2 = System.nanoTime();
      Process download = swift(cluster, "download", "big", "big.bin", "-o", "-");
      long compared = compare(download.getInputStream());
      finish(download, "download");
      double downloaded = seconds(t2);
      heap.stop();

      assertEquals(SIZE, compared, "bytes downloaded");
      assertTrue(cluster.gateway().alive(), "the gateway survived with " + GATEWAY_HEAP);
      System.out.printf("upload %d MiB in %.1f s (%.0f MiB/s), download in %.1f s (%.0f MiB/s); gateway %s: used heap"
          + " max %d MiB over %d samples (bound %d MiB)%n", SIZE >> 20, upload, (SIZE >> 20) / upload, downloaded,
          (SIZE >> 20) / downloaded, GATEWAY_HEAP, heap.max() >> 20, heap.samples(), HEAP_BOUND >> 20);
      assertTrue(heap.samples() >= 10, "heap samples: " + heap.samples());
      assertTrue(heap.max() < HEAP_BOUND, "the gateway's used heap reached " + heap.max());
    }
  }

  /** Writes {@link #SIZE} bytes made from {@link #SEED}, a chunk at a time. */
  private static void write(Path file) throws IOException {
    Bytes bytes = new Bytes();
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (long done = 0; done < SIZE; done += CHUNK) {
        ByteBuffer chunk = ByteBuffer.wrap(bytes.next());
        while (chunk.hasRemaining()) out.write(chunk);
      }
    }
  }

  /** Compares a stream with the bytes {@link #write} made, a chunk at a time; the number of bytes that matched. */
  private static long compare(InputStream in) throws IOException {
    Bytes bytes = new Bytes();
    byte[] got = new byte[CHUNK];
    long matched = 0;
    while (matched < SIZE) {
      int n = in.readNBytes(got, 0, CHUNK);
      if (n == 0) break;
      byte[] expected = bytes.next();
      int at = Arrays.mismatch(got, 0, n, expected, 0, n);
      assertEquals(-1, at, "the download differs at byte " + (matched + at));
      matched += n;
      if (n < CHUNK) break;
    }
    assertEquals(-1, in.read(), "the download is longer than the file");
    return matched;
  }

  /** The file's bytes, chunk after chunk: little-endian longs of a seeded generator. */
  private static final class Bytes {
    private final SplittableRandom random = new SplittableRandom(SEED);
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);

    byte[] next() {
      buffer.clear();
      while (buffer.hasRemaining()) buffer.putLong(random.nextLong());
      return buffer.array();
    }
  }

  /** Starts {@code swift} with the admin's tempauth credentials in the test dir; stderr to a file. */
  private Process swift(ProcessCluster cluster, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("swift", "-A", cluster.gatewayUrl() + "/auth/v1.0", "-U", "admin:admin",
        "-K", ProcessCluster.PASSWORD));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("swift.err").toFile()));
    if (!args[0].equals("download")) builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("swift.out").toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("OS_") || k.startsWith("ST_"));
    return builder.start();
  }

  /** Waits for a {@code swift} run and checks it succeeded. */
  private void finish(Process cli, String what) throws IOException, InterruptedException {
    if (!cli.waitFor(CLI_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      cli.destroyForcibly();
      throw new AssertionError("swift " + what + " did not finish within " + CLI_TIMEOUT_SECONDS + " s");
    }
    assertEquals(0, cli.exitValue(), () -> "swift " + what + " failed:\n" + read(dir.resolve("swift.err")));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** Reads the gateway's used heap from /metrics every 250 ms on its own thread, keeping the maximum. */
  private static final class HeapSampler {
    private static final String GAUGE = "jvm_memory_used_bytes{area=\"heap\"} ";
    private final HttpClient http;
    private final URI metrics;
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    HeapSampler(HttpClient http, String url) {
      this.http = http;
      this.metrics = URI.create(url);
      this.thread = new Thread(this::run, "gateway-heap-sampler");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    long max() {
      return max.get();
    }

    long samples() {
      return samples.get();
    }

    private void run() {
      while (running) {
        try {
          String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
          text.lines().filter(l -> l.startsWith(GAUGE)).findFirst().ifPresent(l -> {
            max.accumulateAndGet(Long.parseLong(l.substring(GAUGE.length()).trim()), Math::max);
            samples.incrementAndGet();
          });
          Thread.sleep(250);
        } catch (IOException e) {
          // a missed sample; the count shows how many were taken
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
