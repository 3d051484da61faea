package io.stratus.bench.workload;

import io.stratus.bench.http.HttpOutcome;
import io.stratus.bench.http.LoadClient;
import io.vertx.core.Future;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A benchmark workload against one API (Swift, S3, Keystone, Glance, Nova): a prepare phase, the measured
 * operations and a cleanup phase. Every method is called on a Vert.x event-loop context.
 */
public interface Workload {

  /**
   * The result of one measured operation; {@code op} is the operation that actually ran.
   * {@code error}, when set, marks the operation failed whatever the status and names the kind of
   * failure for the error table (e.g. a server's fault message); {@code parts} are steps of the
   * operation measured on their own (see {@link #partOps()}).
   */
  record OpResult(String op, HttpOutcome outcome, String error, List<Part> parts) {

    /** A result that the status alone judges, without parts. */
    public OpResult(String op, HttpOutcome outcome) {
      this(op, outcome, null, List.of());
    }
  }

  /** A step of an operation with its own duration, outcome and failure kind (or null). */
  record Part(String op, long nanos, HttpOutcome outcome, String error) {}

  /** Operation names this workload measures (the mix). */
  List<String> ops();

  /** Names of the parts that operations report; summarized per name, left out of the totals. */
  default List<String> partOps() {
    return List.of();
  }

  /** What the run is aimed at, for the results (a URL). */
  String target();

  /** Authenticates and creates what the operations need, with up to {@code parallelism} requests. */
  Future<Void> prepare(LoadClient client, int parallelism);

  /** Runs one operation of the mix. */
  Future<OpResult> execute(String op, LoadClient client, SplittableRandom random);

  /** Removes what the run created (called only when cleanup was asked for). */
  Future<Void> cleanup(LoadClient client, int parallelism);
}
