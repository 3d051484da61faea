package io.stratus.bench.workload;

import io.stratus.bench.auth.SigV4Signer;
import io.stratus.bench.cli.BenchConfig;
import io.stratus.bench.http.Endpoint;
import io.stratus.bench.run.NanoClock;
import java.time.Clock;

/** Builds the workload a config asks for. */
public final class Workloads {

  private Workloads() {
  }

  /** The workload of {@code config}; {@code runId} makes the names of objects, images and servers unique. */
  public static Workload create(BenchConfig config, Clock clock, String runId) {
    return switch (config.workload()) {
      case "keystone" -> new KeystoneWorkload(config.auth(), config.mix(), config.tokens());
      case "glance" -> new GlanceWorkload(config.auth(), config.mix(), config.sizes(),
          new ObjectKeys(config.keyPrefix(), config.prepareObjects(), "w-" + runId + "-"), prepare(config));
      case "nova" -> new NovaWorkload(config.auth(), config.servers(), config.mix(),
          new ObjectKeys(config.keyPrefix(), 0, "bench-" + runId + "-"), NanoClock.SYSTEM);
      default -> objects(config, clock, runId);
    };
  }

  private static Workload objects(BenchConfig config, Clock clock, String runId) {
    ObjectApi api;
    if (config.workload().equals("s3")) {
      String region = config.auth().region().isEmpty() ? "us-east-1" : config.auth().region();
      api = new S3Api(Endpoint.parse(config.auth().s3Endpoint()), config.container(),
          new SigV4Signer(config.auth().accessKey(), config.auth().secretKey(), region, "s3"), clock);
    } else {
      api = new SwiftApi(config.auth(), config.container(), config.listFormat());
    }
    ObjectKeys keys = new ObjectKeys(config.keyPrefix(), config.prepareObjects(), "w-" + runId + "-");
    return new ObjectWorkload(api, config.mix(), config.sizes(), keys, prepare(config), config.listLimit());
  }

  private static ObjectWorkload.Prepare prepare(BenchConfig config) {
    return new ObjectWorkload.Prepare(config.prepareMode(), config.prepareSizes(), config.seed());
  }
}
