package io.stratus.identity.bench;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.auth.CachingTokenValidator;
import io.stratus.common.auth.KeystoneTokenValidator;
import io.stratus.identity.TestIdentity;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a service pays to check a token: a hit in common's CachingTokenValidator (the path nearly every
 * request takes), and a miss that goes to a real identity server over HTTP (GET /v3/auth/tokens,
 * one caller at a time; identity/bench/*.lua measure it under concurrency with wrk). Misses are
 * started on a Vert.x context, as a service's request handler would; called straight from a plain
 * thread the client now and then loses a response and never completes (see the README).
 * Run: {@code mvn -pl identity -am -Pjmh process-test-classes}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenValidationBenchmark {
  private Path dir;
  private TestIdentity identity;
  private HttpClient client;
  private KeystoneTokenValidator uncached;
  private CachingTokenValidator cached;
  private String token;
  private Context context;

  @Setup(Level.Trial)
  public void start() throws Exception {
    dir = Files.createTempDirectory("identity-bench");
    identity = TestIdentity.start(dir.resolve("identity"), Clock.systemUTC());
    token = identity.adminToken();
    context = identity.vertx().getOrCreateContext();
    client = identity.vertx().createHttpClient(new HttpClientOptions().setKeepAlive(true));
    uncached = new KeystoneTokenValidator(identity.vertx(), client, identity.url() + "/v3", 10_000);
    cached = new CachingTokenValidator(uncached, Clock.systemUTC(), 10_000, Duration.ofSeconds(60));
    AuthContext first = await(cached.validate(token));
    if (first.expiresAt().isBefore(Instant.now())) throw new IllegalStateException("token expired at once");
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    identity.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A cache hit: no I/O, the future is already complete. */
  @Benchmark
  public AuthContext cachedHit() throws Exception {
    return await(cached.validate(token));
  }

  /** A cache miss: one GET /v3/auth/tokens round trip to identity on a kept-alive connection. */
  @Benchmark
  public AuthContext uncachedHttp() throws Exception {
    Promise<AuthContext> done = Promise.promise();
    context.runOnContext(v -> uncached.validate(token).onComplete(done));
    return await(done.future());
  }

  private static AuthContext await(Future<AuthContext> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
