package io.stratus.bench.run;

import io.stratus.bench.cli.BenchConfig;
import io.stratus.bench.http.LoadClient;
import io.stratus.bench.http.RandomPayload;
import io.stratus.bench.report.RunResult;
import io.stratus.bench.report.RunResult.TimelinePoint;
import io.stratus.bench.workload.Workload;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run from start to end: Vert.x with one load driver per event loop, the prepare
 * phase, the measured phase with a one-second sampler (timeline, process monitor, progress line),
 * the optional cleanup, and the results.
 */
public final class BenchRun {

  private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);

  private final BenchConfig config;
  private final Workload workload;
  private final NanoClock clock;
  private final Clock wallClock;
  private final PrintStream progress;
  private final List<String> args;

  /** A run of {@code workload} as configured; progress lines go to {@code progress}. */
  public BenchRun(BenchConfig config, Workload workload, NanoClock clock, Clock wallClock,
      PrintStream progress, List<String> args) {
    this.config = config;
    this.workload = workload;
    this.clock = clock;
    this.wallClock = wallClock;
    this.progress = progress;
    this.args = args;
  }

  /** Runs to the end and returns the results; blocks the calling (non-Vert.x) thread. */
  public RunResult run() throws InterruptedException, ExecutionException {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.threads()));
    List<LoadClient> clients = new ArrayList<>();
    try {
      List<Context> contexts = contexts(vertx, config.threads());
      RandomPayload payload = new RandomPayload(config.seed());
      LoadClient control = new LoadClient(vertx, config.concurrency(), payload, config.timeout().toMillis());
      clients.add(control);
      Instant started = wallClock.instant();
      await(onContext(contexts.get(0), () -> workload.prepare(control, config.concurrency())));
      Measured measured = measure(vertx, contexts, payload, clients);
      Instant ended = wallClock.instant();
      if (config.cleanup()) {
        try {
          await(onContext(contexts.get(0), () -> workload.cleanup(control, config.concurrency())));
        } catch (ExecutionException e) {
          LOG.warn("cleanup failed: {}", e.getCause().getMessage());
        }
      }
      return result(measured, started, ended);
    } finally {
      clients.forEach(LoadClient::close);
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  /** The measured phase's outputs. */
  private record Measured(MetricsRecorder recorder, List<TimelinePoint> timeline,
      ProcessMonitor monitor, double elapsedSeconds) {}

  private Measured measure(Vertx vertx, List<Context> contexts, RandomPayload payload,
      List<LoadClient> clients) throws InterruptedException, ExecutionException {
    ProcessMonitor monitor = new ProcessMonitor(config.monitors(), Path.of("/proc"),
        config.monitors().isEmpty() ? 100 : ProcessMonitor.systemTicksPerSecond());
    long start = clock.nanoTime();
    MetricsRecorder recorder = new MetricsRecorder(workload.ops(), workload.partOps(), start);
    monitor.sample(start);
    long deadline = config.requests() > 0 ? Long.MAX_VALUE : start + config.duration().toNanos();
    LoadDriver.Limits limits = new LoadDriver.Limits(deadline, config.requests());
    List<TimelinePoint> timeline = Collections.synchronizedList(new ArrayList<>());
    ProgressLine line = new ProgressLine(progress, config.workload());
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-sampler");
      t.setDaemon(true);
      return t;
    });
    sampler.scheduleAtFixedRate(() -> sample(recorder, monitor, timeline, line), 1, 1, TimeUnit.SECONDS);
    List<Future<Void>> drivers = new ArrayList<>();
    int n = contexts.size();
    for (int i = 0; i < n; i++) {
      int share = config.concurrency() / n + (i < config.concurrency() % n ? 1 : 0);
      if (share == 0 && !config.openLoop()) {
        continue;
      }
      LoadClient client = new LoadClient(vertx, Math.max(1, share), payload, config.timeout().toMillis());
      clients.add(client);
      LoadDriver driver = new LoadDriver(contexts.get(i), client, workload, config.mix(), recorder,
          clock, limits, config.seed() * 1000 + i);
      drivers.add(config.openLoop() ? driver.runOpen(config.rate(), n, i, start) : driver.runClosed(share));
    }
    await(Future.all(drivers));
    sampler.shutdownNow();
    sampler.awaitTermination(5, TimeUnit.SECONDS);
    long end = clock.nanoTime();
    TimelinePoint last = timeline.isEmpty() ? null : timeline.get(timeline.size() - 1);
    double lastT = last == null ? 0 : last.t();
    TimelinePoint rest = recorder.closeInterval(end);
    if (rest.ops() > 0 || (end - start) / 1e9 - lastT > 0.05) {
      timeline.add(withProcesses(rest, monitor.sample(end)));
    }
    return new Measured(recorder, new ArrayList<>(timeline), monitor, (end - start) / 1e9);
  }

  private void sample(MetricsRecorder recorder, ProcessMonitor monitor, List<TimelinePoint> timeline,
      ProgressLine line) {
    try {
      long now = clock.nanoTime();
      TimelinePoint p = withProcesses(recorder.closeInterval(now), monitor.sample(now));
      timeline.add(p);
      if (!config.quiet()) {
        line.print(p);
      }
    } catch (RuntimeException e) {
      LOG.warn("sampling failed", e);
    }
  }

  private static TimelinePoint withProcesses(TimelinePoint p,
      Map<String, RunResult.ProcessSample> processes) {
    return new TimelinePoint(p.t(), p.ops(), p.opsPerSec(), p.mibPerSec(), p.errors(), p.p50Ms(),
        p.p99Ms(), p.opsByOp(), processes);
  }

  private RunResult result(Measured m, Instant started, Instant ended) {
    String id = Long.toString(started.toEpochMilli(), 36);
    RunResult.RunMeta meta = new RunResult.RunMeta(id, config.label(), started.toString(),
        ended.toString(), MetricsRecorder.round(m.elapsedSeconds(), 3), workload.target(), host(),
        "stratus-bench (Java " + Runtime.version() + ")", args);
    RunResult.WorkloadInfo info = new RunResult.WorkloadInfo(config.workload(), config.mix().weights(),
        config.sizes().toString(), config.openLoop() ? "open" : "closed", config.concurrency(),
        config.rate(), config.duration().toMillis() / 1000.0, config.requests(), config.container(),
        config.prepareObjects());
    boolean service = config.openLoop();
    return new RunResult(RunResult.SCHEMA, meta, info,
        m.recorder().summaries(m.elapsedSeconds(), service), m.recorder().total(m.elapsedSeconds(), service),
        m.timeline(), m.monitor().active() ? m.monitor().summarize(m.timeline()) : null);
  }

  private static String host() {
    String h = System.getenv("HOSTNAME");
    return h == null || h.isEmpty() ? "localhost" : h;
  }

  /** One event-loop context per thread, from deploying a trivial deployable N times. */
  private static List<Context> contexts(Vertx vertx, int n) throws InterruptedException, ExecutionException {
    List<Context> contexts = Collections.synchronizedList(new ArrayList<>());
    await(vertx.deployVerticle(() -> context -> {
      contexts.add(context);
      return Future.succeededFuture();
    }, new DeploymentOptions().setInstances(n)));
    return new ArrayList<>(contexts);
  }

  private static <T> Future<T> onContext(Context context, Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  private static <T> T await(Future<T> future) throws InterruptedException, ExecutionException {
    return future.toCompletionStage().toCompletableFuture().get();
  }
}
