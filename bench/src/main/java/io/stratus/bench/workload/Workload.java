package io.stratus.bench.workload;

import io.stratus.bench.http.HttpOutcome;
import io.stratus.bench.http.LoadClient;
import io.vertx.core.Future;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A benchmark workload against one API (Swift, S3, Keystone): a prepare phase, the measured
 * operations and a cleanup phase. Every method is called on a Vert.x event-loop context.
 */
public interface Workload {

  /** The result of one measured operation; {@code op} is the operation that actually ran. */
  record OpResult(String op, HttpOutcome outcome) {}

  /** Operation names this workload measures (the mix). */
  List<String> ops();

  /** What the run is aimed at, for the results (a URL). */
  String target();

  /** Authenticates and creates what the operations need, with up to {@code parallelism} requests. */
  Future<Void> prepare(LoadClient client, int parallelism);

  /** Runs one operation of the mix. */
  Future<OpResult> execute(String op, LoadClient client, SplittableRandom random);

  /** Removes what the run created (called only when cleanup was asked for). */
  Future<Void> cleanup(LoadClient client, int parallelism);
}
