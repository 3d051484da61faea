package io.stratus.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sustained concurrent Swift load through a gateway from worker threads with a real HTTP client:
 * PUTs of small (1-64 KiB) and large (1-2 MiB) objects, GETs and HEADs of objects already written,
 * container listings and HEADs. Every answer is checked (PUT 201 with the body's MD5 as ETag, GET
 * 200 with the very bytes and ETag, HEAD 200 with length and ETag, listings 200 JSON, container HEAD
 * 2xx); anything else, or an I/O error, is a failure kept with what was asked. Bodies are made from
 * a seed, so a GET is checked against bytes made again.
 */
final class SwiftLoad {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** An object the load stored: its name, body seed and size, MD5, and when (nanoTime) the PUT began and ended. */
  record Written(String name, long seed, int size, String etag, long began, long ended) {
  }

  private final HttpClient http;
  private final ProcessCluster.Session session;
  private final String container;
  private final List<Written> written = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder requests = new LongAdder();
  private final AtomicInteger sequence = new AtomicInteger();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean running;

  SwiftLoad(HttpClient http, ProcessCluster.Session session, String container) {
    this.http = http;
    this.session = session;
    this.container = container;
  }

  /** Starts {@code threads} workers; they run until {@link #stop()}. */
  void start(int threads) {
    running = true;
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(this::work, "swift-load-" + workers.size());
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  /** Stops the workers and waits for their last requests. */
  void stop() throws InterruptedException {
    running = false;
    for (Thread t : workers) t.join(TIMEOUT.toMillis() * 2);
    workers.clear();
  }

  /** Requests answered so far (checked or failed). */
  long requests() {
    return requests.sum();
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  /** Objects stored so far. */
  List<Written> written() {
    synchronized (written) {
      return List.copyOf(written);
    }
  }

  /** Requests by kind. */
  Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private void work() {
    Random random = new Random(Thread.currentThread().getName().hashCode());
    while (running) {
      int dice = random.nextInt(100);
      Written target = pick(random);
      String kind = dice < 30 || target == null ? "PUT small" : dice < 40 ? "PUT large" : dice < 70 ? "GET"
          : dice < 85 ? "HEAD" : dice < 95 ? "listing" : "container HEAD";
      try {
        String problem = switch (kind) {
          case "PUT small" -> put(random.nextLong(), 1024 + random.nextInt(63 * 1024));
          case "PUT large" -> put(random.nextLong(), 1_048_576 + random.nextInt(1_048_576));
          case "GET" -> get(target);
          case "HEAD" -> head(target);
          case "listing" -> listing(random);
          default -> containerHead();
        };
        if (problem != null) failures.add(kind + ": " + problem);
      } catch (IOException e) {
        failures.add(kind + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
      requests.increment();
    }
  }

  private Written pick(Random random) {
    synchronized (written) {
      return written.isEmpty() ? null : written.get(random.nextInt(written.size()));
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(session.storageUrl() + "/" + container + path))
        .header("X-Auth-Token", session.token()).timeout(TIMEOUT);
  }

  private String put(long seed, int size) throws IOException, InterruptedException {
    String name = "o-" + sequence.incrementAndGet();
    byte[] body = body(seed, size);
    String md5 = md5(body);
    long began = System.nanoTime();
    HttpResponse<Void> r = http.send(request("/" + name).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.discarding());
    String etag = etag(r);
    if (r.statusCode() != 201 || !md5.equals(etag)) return name + " answered " + r.statusCode() + " ETag " + etag;
    synchronized (written) {
      written.add(new Written(name, seed, size, md5, began, System.nanoTime()));
    }
    return null;
  }

  private String get(Written w) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(request("/" + w.name()).build(), HttpResponse.BodyHandlers.ofByteArray());
    String etag = etag(r);
    if (r.statusCode() != 200 || !w.etag().equals(etag)) return w.name() + " answered " + r.statusCode() + " ETag " + etag;
    if (!Arrays.equals(body(w.seed(), w.size()), r.body())) return w.name() + " came back with other bytes";
    return null;
  }

  private String head(Written w) throws IOException, InterruptedException {
    HttpResponse<Void> r = http.send(request("/" + w.name()).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    String etag = etag(r);
    String length = r.headers().firstValue("Content-Length").orElse(null);
    if (r.statusCode() != 200 || !w.etag().equals(etag) || !Integer.toString(w.size()).equals(length)) {
      return w.name() + " answered " + r.statusCode() + " ETag " + etag + " length " + length;
    }
    return null;
  }

  private String listing(Random random) throws IOException, InterruptedException {
    String marker = "o-" + random.nextInt(Math.max(1, sequence.get()));
    HttpResponse<String> r = http.send(request("?format=json&limit=100&marker=" + marker).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 || !r.body().startsWith("[")) return "answered " + r.statusCode() + ": " + r.body();
    return null;
  }

  private String containerHead() throws IOException, InterruptedException {
    HttpResponse<Void> r = http.send(request("").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    return r.statusCode() / 100 == 2 ? null : "answered " + r.statusCode();
  }

  /** The ETag an answer carries, without quotes; null without one. */
  static String etag(HttpResponse<?> r) {
    return r.headers().firstValue("ETag").map(e -> e.replace("\"", "")).orElse(null);
  }

  /** The body of an object: {@code size} bytes made from {@code seed}. */
  static byte[] body(long seed, int size) {
    byte[] out = new byte[size];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < size; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8 && i + j < size; j++) out[i + j] = (byte) (v >>> (8 * j));
    }
    return out;
  }

  static String md5(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
