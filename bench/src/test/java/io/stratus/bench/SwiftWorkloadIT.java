package io.stratus.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.bench.cli.BenchConfig;
import io.stratus.bench.cli.CliArgs;
import io.stratus.bench.report.RunResult;
import io.stratus.bench.report.RunResult.OpSummary;
import io.stratus.bench.run.BenchRun;
import io.stratus.bench.run.NanoClock;
import io.stratus.bench.workload.Workloads;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs real workloads through the Vert.x client against an in-test Swift/Keystone server. */
class SwiftWorkloadIT {

  private static Vertx vertx;
  private static FakeSwiftServer server;
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server = new FakeSwiftServer(vertx);
    server.start().toCompletionStage().toCompletableFuture().get();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @BeforeEach
  void resetCounters() {
    server.counters.clear();
  }

  private RunResult run(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--user", "test:tester", "--key", "testing"));
    if (!List.of(extra).contains("--auth-url")) {
      args.addAll(List.of("--auth-url", "http://127.0.0.1:" + server.port() + "/auth/v1.0"));
    }
    args.addAll(List.of(extra));
    BenchConfig config = BenchConfig.from(CliArgs.parse(args));
    return new BenchRun(config, Workloads.create(config, Clock.systemUTC(), "it" + System.nanoTime()),
        NanoClock.SYSTEM, Clock.systemUTC(), new PrintStream(progress, true, StandardCharsets.UTF_8), args).run();
  }

  @Test
  void mixedWorkloadCountsEveryRequestAndByteWithoutErrors() throws Exception {
    RunResult r = run("--container", "mixed", "--mix", "put:40,get:40,head:10,delete:5,list:5",
        "--size", "1KiB-16KiB", "--concurrency", "8", "--duration", "2s", "--prepare-objects", "50",
        "--list-limit", "20");

    assertEquals(0, r.total().errors(), () -> r.total().toString());
    OpSummary put = r.ops().get("put");
    OpSummary get = r.ops().get("get");
    assertTrue(put.count() > 50 && get.count() > 50, "too few requests: " + r.total());
    assertEquals(server.count("PUT w"), put.count());
    assertEquals(server.count("PUT w bytes"), put.bytes());
    assertEquals(server.count("GET"), get.count());
    assertEquals(server.count("GET bytes"), get.bytes());
    assertEquals(server.count("HEAD"), r.ops().get("head").count());
    assertEquals(server.count("DELETE w"), r.ops().get("delete").count());
    assertEquals(server.count("LIST"), r.ops().get("list").count());
    assertEquals(server.count("LIST bytes"), r.ops().get("list").bytes());
    assertEquals(r.total().count(), r.ops().values().stream().mapToLong(OpSummary::count).sum());
    long timelineOps = r.timeline().stream().mapToLong(RunResult.TimelinePoint::ops).sum();
    assertEquals(r.total().count(), timelineOps, () -> r.timeline().toString());
    assertTrue(r.timeline().size() >= 2, "timeline " + r.timeline());
    assertTrue(progress.toString(StandardCharsets.UTF_8).contains("ops/s"), "progress line");
  }

  @Test
  void cleanupDeletesWhatTheRunCreated() throws Exception {
    int containersBefore = server.containerCount();
    RunResult r = run("--container", "clean", "--mix", "put:3,get:1", "--size", "1KiB", "--requests", "100",
        "--prepare-objects", "20", "--cleanup", "--quiet");

    assertEquals(100, r.total().count());
    assertEquals(r.ops().get("put").count() + 20, server.count("DELETE w") + server.count("DELETE"));
    assertEquals(containersBefore, server.containerCount(), "the container is gone");
  }

  @Test
  void cleanupOfAWriteOnlyRunDeletesOnlyWhatItWrote() throws Exception {
    RunResult r = run("--container", "clean-puts", "--mix", "put", "--size", "1KiB", "--requests", "30",
        "--cleanup", "--quiet");

    assertEquals(30, r.ops().get("put").count());
    assertEquals(30, server.count("DELETE w"));
    assertEquals(0, server.count("DELETE"), "no DELETE of never pre-populated objects");
  }

  @Test
  void keystoneAuthFindsTheStorageUrlInTheCatalog() throws Exception {
    RunResult r = run("--auth-url", "http://127.0.0.1:" + server.port() + "/v3", "--user", "tester",
        "--project", "test", "--container", "ks", "--mix", "put", "--size", "4KiB", "--requests", "40",
        "--concurrency", "4", "--quiet");

    assertEquals(40, r.ops().get("put").count());
    assertEquals(0, r.total().errors());
    assertEquals(40 * 4096, r.ops().get("put").bytes());
  }

  @Test
  void keystoneTokenWorkloadIssuesAndValidates() throws Exception {
    RunResult r = run("--workload", "keystone", "--auth-url", "http://127.0.0.1:" + server.port() + "/v3",
        "--user", "tester", "--project", "test", "--mix", "issue:1,validate:3", "--tokens", "5",
        "--requests", "200", "--concurrency", "4", "--quiet");

    assertEquals(0, r.total().errors(), () -> r.total().toString());
    assertEquals(200, r.total().count());
    assertEquals(5 + r.ops().get("issue").count(), server.count("issue"));
    assertTrue(r.ops().get("validate").count() > r.ops().get("issue").count());
  }

  @Test
  void rateModeMeasuresFromTheIntendedSendTimeSoAStallShowsInP99() throws Exception {
    server.stallGet(100, 500);
    RunResult r = run("--container", "co-open", "--mix", "get", "--size", "1KiB", "--prepare-objects", "10",
        "--rate", "200", "--concurrency", "1", "--duration", "2s", "--quiet");

    OpSummary get = r.ops().get("get");
    assertEquals(0, get.errors());
    assertTrue(get.count() >= 350 && get.count() <= 401, "count " + get.count());
    // ~100 requests were scheduled during the 500 ms stall: their latency counts from their slot
    assertTrue(get.latencyMs().p99() >= 400, "p99 " + get.latencyMs());
    assertTrue(get.latencyMs().p90() >= 100, "p90 " + get.latencyMs());
    assertTrue(get.latencyMs().max() >= 490, "max " + get.latencyMs());
  }

  @Test
  void closedLoopSeesTheSameStallInOneRequestOnly() throws Exception {
    server.stallGet(100, 500);
    RunResult r = run("--container", "co-closed", "--mix", "get", "--size", "1KiB", "--prepare-objects", "10",
        "--concurrency", "1", "--duration", "2s", "--quiet");

    OpSummary get = r.ops().get("get");
    assertTrue(get.latencyMs().max() >= 490, "max " + get.latencyMs());
    // Well under the 500 ms stall, with room for a busy CI machine.
    assertTrue(get.latencyMs().p99() < 250, "closed loop hides the stall: p99 " + get.latencyMs());
  }
}
