package io.stratus.bench.workload;

import io.stratus.bench.auth.SigV4Signer;
import io.stratus.bench.cli.BenchConfig;
import io.stratus.bench.http.Endpoint;
import java.time.Clock;

/** Builds the workload a config asks for. */
public final class Workloads {

  private Workloads() {
  }

  /** The workload of {@code config}; {@code runId} makes the names of objects written unique. */
  public static Workload create(BenchConfig config, Clock clock, String runId) {
    if (config.workload().equals("keystone")) {
      return new KeystoneWorkload(config.auth(), config.mix(), config.tokens());
    }
    ObjectApi api;
    if (config.workload().equals("s3")) {
      String region = config.auth().region().isEmpty() ? "us-east-1" : config.auth().region();
      api = new S3Api(Endpoint.parse(config.auth().s3Endpoint()), config.container(),
          new SigV4Signer(config.auth().accessKey(), config.auth().secretKey(), region, "s3"), clock);
    } else {
      api = new SwiftApi(config.auth(), config.container(), config.listFormat());
    }
    ObjectKeys keys = new ObjectKeys(config.keyPrefix(), config.prepareObjects(), "w-" + runId + "-");
    return new ObjectWorkload(api, config.mix(), config.sizes(), keys,
        new ObjectWorkload.Prepare(config.prepareMode(), config.prepareSizes(), config.seed()),
        config.listLimit());
  }
}
