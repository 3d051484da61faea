package io.stratus.bench.run;

import io.stratus.bench.http.LoadClient;
import io.stratus.bench.workload.OpMix;
import io.stratus.bench.workload.Workload;
import io.stratus.bench.workload.Workload.OpResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VertxException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues the measured requests of one event loop, either closed loop (a fixed number of workers,
 * each sending its next request when the previous one ended) or open loop (requests sent on a fixed
 * schedule whatever is in flight; latency counts from the scheduled time, so a stalled server
 * shows up in the percentiles instead of being hidden by coordinated omission).
 */
public final class LoadDriver {

  /** Requests in flight per driver beyond which open-loop sends are dropped and counted as errors. */
  static final int MAX_BACKLOG = 100_000;

  /** When to stop, shared by all drivers of a run: a deadline and an optional request budget. */
  public static final class Limits {
    private final long deadlineNanos;
    private final AtomicLong budget;

    /** Stops at {@code deadlineNanos}, or after {@code requests} requests if that is > 0. */
    public Limits(long deadlineNanos, long requests) {
      this.deadlineNanos = deadlineNanos;
      this.budget = new AtomicLong(requests > 0 ? requests : Long.MAX_VALUE);
    }

    boolean tryAcquire(long timeNanos) {
      return timeNanos < deadlineNanos && budget.getAndUpdate(b -> b > 0 ? b - 1 : 0) > 0;
    }
  }

  private final Context context;
  private final LoadClient client;
  private final Workload workload;
  private final OpMix mix;
  private final MetricsRecorder recorder;
  private final NanoClock clock;
  private final Limits limits;
  private final SplittableRandom random;
  private final Promise<Void> done = Promise.promise();
  private long inFlight;
  private boolean issuing = true;

  /** A driver whose requests all run on {@code context}. */
  public LoadDriver(Context context, LoadClient client, Workload workload, OpMix mix,
      MetricsRecorder recorder, NanoClock clock, Limits limits, long seed) {
    this.context = context;
    this.client = client;
    this.workload = workload;
    this.mix = mix;
    this.recorder = recorder;
    this.clock = clock;
    this.limits = limits;
    this.random = new SplittableRandom(seed);
  }

  /** Closed loop: {@code workers} request loops; completes when all have stopped. */
  public Future<Void> runClosed(int workers) {
    context.runOnContext(v -> {
      inFlight = workers;
      for (int i = 0; i < workers; i++) {
        nextClosed();
      }
    });
    return done.future();
  }

  private void nextClosed() {
    long now = clock.nanoTime();
    if (!limits.tryAcquire(now)) {
      finishOne();
      return;
    }
    send(mix.next(random), now, now).onComplete(ar -> {
      if (ar.succeeded()) {
        nextClosed();
      } else {
        context.runOnContext(v -> nextClosed());
      }
    });
  }

  /**
   * Open loop: this driver's share of a schedule of {@code rate} requests/s over all
   * {@code drivers} drivers (this one sends request numbers index, index+drivers, ...).
   */
  public Future<Void> runOpen(double rate, int drivers, int index, long startNanos) {
    double periodNanos = 1e9 / rate;
    long[] k = {0};
    context.runOnContext(v -> {
      context.owner().setPeriodic(1, id -> {
        long now = clock.nanoTime();
        while (issuing) {
          long intended = startNanos + Math.round((k[0] * drivers + index) * periodNanos);
          if (intended > now) {
            break;
          }
          if (!limits.tryAcquire(intended)) {
            issuing = false;
            break;
          }
          k[0]++;
          openSend(intended, now);
        }
        if (!issuing) {
          context.owner().cancelTimer(id);
          finishIfIdle();
        }
      });
    });
    return done.future();
  }

  private void openSend(long intended, long now) {
    String op = mix.next(random);
    if (inFlight >= MAX_BACKLOG) {
      recorder.record(op, intended, now, now, 0, 0, "BacklogFull");
      return;
    }
    inFlight++;
    send(op, intended, now).onComplete(ar -> {
      inFlight--;
      finishIfIdle();
    });
  }

  private void finishIfIdle() {
    if (!issuing && inFlight == 0) {
      done.tryComplete();
    }
  }

  private void finishOne() {
    if (--inFlight == 0) {
      done.tryComplete();
    }
  }

  private Future<OpResult> send(String op, long intended, long sent) {
    Future<OpResult> result;
    try {
      result = workload.execute(op, client, random);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.andThen(ar -> {
      long end = clock.nanoTime();
      if (ar.succeeded()) {
        OpResult r = ar.result();
        recorder.record(r.op(), intended, sent, end, r.outcome().status(),
            r.outcome().bytesIn() + r.outcome().bytesOut(), r.error());
        for (Workload.Part p : r.parts()) {
          recorder.record(p.op(), end - p.nanos(), end - p.nanos(), end, p.outcome().status(),
              p.outcome().bytesIn() + p.outcome().bytesOut(), p.error());
        }
      } else {
        recorder.record(op, intended, sent, end, 0, 0, kind(ar.cause()));
      }
    });
  }

  /** The kind of a failure for the error table: the exception's simple class name. */
  static String kind(Throwable t) {
    boolean generic = t.getClass() == VertxException.class
        || t.getClass().getSimpleName().equals("NoStackTraceThrowable");
    if (generic && t.getMessage() != null) {
      String m = t.getMessage();
      return t.getClass().getSimpleName() + ": " + (m.length() > 60 ? m.substring(0, 60) : m);
    }
    return t.getClass().getSimpleName();
  }
}
