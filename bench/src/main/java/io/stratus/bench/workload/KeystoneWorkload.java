package io.stratus.bench.workload;

import io.stratus.bench.auth.KeystoneAuth;
import io.stratus.bench.cli.BenchConfig.AuthConfig;
import io.stratus.bench.http.Endpoint;
import io.stratus.bench.http.LoadClient;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Keystone v3 token workload: {@code issue} (password auth, POST /v3/auth/tokens) and
 * {@code validate} (GET /v3/auth/tokens of one of the tokens issued in the prepare phase, the
 * token validating itself as its own subject).
 */
public final class KeystoneWorkload implements Workload {

  private final Endpoint v3;
  private final Buffer body;
  private final OpMix mix;
  private final int tokenCount;
  private volatile String[] tokens = new String[0];

  /** A token workload of {@code mix}; the prepare phase issues {@code tokenCount} tokens. */
  public KeystoneWorkload(AuthConfig auth, OpMix mix, int tokenCount) {
    this.v3 = Endpoint.parse(auth.authUrl());
    this.body = KeystoneAuth.passwordBody(auth);
    this.mix = mix;
    this.tokenCount = tokenCount;
  }

  @Override
  public List<String> ops() {
    return mix.ops();
  }

  @Override
  public String target() {
    return v3.origin() + v3.basePath() + "/auth/tokens";
  }

  @Override
  public Future<Void> prepare(LoadClient client, int parallelism) {
    String[] issued = new String[mix.has("validate") ? tokenCount : 1];
    return Parallel.run(issued.length, parallelism, i -> KeystoneAuth.issue(client, v3, body)
        .map(t -> issued[(int) i] = t.token()))
        .map(v -> {
          tokens = issued;
          return null;
        });
  }

  @Override
  public Future<OpResult> execute(String op, LoadClient client, SplittableRandom random) {
    String uri = v3.basePath() + "/auth/tokens";
    if (op.equals("issue")) {
      return client.exchange(HttpMethod.POST, v3, uri, KeystoneAuth.issueHeaders(), body)
          .map(o -> new OpResult(op, o));
    }
    String token = tokens[random.nextInt(tokens.length)];
    MultiMap headers = HttpHeaders.headers().add("X-Auth-Token", token).add("X-Subject-Token", token);
    return client.exchange(HttpMethod.GET, v3, uri, headers, 0, 0).map(o -> new OpResult(op, o));
  }

  @Override
  public Future<Void> cleanup(LoadClient client, int parallelism) {
    return Future.succeededFuture();
  }
}
