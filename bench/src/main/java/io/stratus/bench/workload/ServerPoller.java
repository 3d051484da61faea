package io.stratus.bench.workload;

import io.stratus.bench.http.Endpoint;
import io.stratus.bench.http.LoadClient;
import io.stratus.bench.run.NanoClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;

/**
 * Polls GET /servers/{id} on a Vert.x timer (never blocking) until a condition holds — ACTIVE or
 * ERROR after a launch, 404 after a delete — or a deadline passes. 5xx answers are polled through;
 * the condition sees every other answer.
 */
final class ServerPoller {

  /** One answer of the poll: HTTP status, the server's status and fault message, and whether time ran out. */
  record Poll(int httpStatus, String status, String fault, boolean timedOut) {

    /** The server is ACTIVE. */
    boolean active() {
      return httpStatus == 200 && "ACTIVE".equals(status);
    }

    /** The server is gone. */
    boolean gone() {
      return httpStatus == 404;
    }
  }

  private final LoadClient client;
  private final Endpoint compute;
  private final String uri;
  private final MultiMap headers;
  private final Predicate<Poll> done;
  private final NanoClock clock;
  private final long pollMillis;
  private final long deadlineNanos;
  private final Context context;
  private final Promise<Poll> result = Promise.promise();

  private ServerPoller(LoadClient client, Endpoint compute, String uri, MultiMap headers, Predicate<Poll> done,
      NanoClock clock, long pollMillis, long waitNanos) {
    this.client = client;
    this.compute = compute;
    this.uri = uri;
    this.headers = headers;
    this.done = done;
    this.clock = clock;
    this.pollMillis = pollMillis;
    this.deadlineNanos = clock.nanoTime() + waitNanos;
    this.context = Vertx.currentContext();
  }

  /**
   * Polls {@code uri} until {@code done} accepts an answer or {@code waitNanos} have passed (the last
   * answer then comes back with {@code timedOut}); fails only on transport errors. Must be called
   * on a Vert.x context: the timers run on it.
   */
  static Future<Poll> until(LoadClient client, Endpoint compute, String uri, MultiMap headers,
      Predicate<Poll> done, NanoClock clock, long pollMillis, long waitNanos) {
    ServerPoller poller = new ServerPoller(client, compute, uri, headers, done, clock, pollMillis, waitNanos);
    if (poller.context == null) {
      return Future.failedFuture(new IllegalStateException("polling needs a Vert.x context"));
    }
    poller.poll();
    return poller.result.future();
  }

  private void poll() {
    client.fetch(HttpMethod.GET, compute, uri, headers, null).onComplete(ar -> {
      if (ar.failed()) {
        result.fail(ar.cause());
        return;
      }
      Poll p = parse(ar.result().status(), ar.result().body().toString());
      boolean transientError = p.httpStatus() >= 500;
      if (!transientError && done.test(p)) {
        result.complete(p);
      } else if (clock.nanoTime() >= deadlineNanos) {
        result.complete(new Poll(p.httpStatus(), p.status(), p.fault(), true));
      } else {
        context.owner().setTimer(pollMillis, id -> poll());
      }
    });
  }

  private static Poll parse(int httpStatus, String body) {
    if (httpStatus != 200) {
      return new Poll(httpStatus, null, null, false);
    }
    try {
      JsonObject server = new JsonObject(body).getJsonObject("server", new JsonObject());
      JsonObject fault = server.getJsonObject("fault");
      return new Poll(200, server.getString("status"), fault == null ? null : fault.getString("message"), false);
    } catch (RuntimeException e) {
      return new Poll(200, "unparsable answer", null, false);
    }
  }
}
