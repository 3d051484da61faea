package io.stratus.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.auth.CachingTokenValidator;
import io.stratus.common.auth.KeystoneTokenValidator;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data, keys and revocations survive a restart; common's token-validation client against the real server. */
class IdentityRestartIT {
  @TempDir
  Path dir;

  @Test
  void tokensUsersAndRevocationsSurviveARestart() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    TestIdentity id = TestIdentity.start(dir, clock);
    try {
      assertTrue(id.server().bootstrap().created());
      String kept = id.adminToken();
      String revoked = id.adminToken();
      assertEquals(204, id.call("DELETE", "/v3/auth/tokens", null, "X-Auth-Token", kept, "X-Subject-Token", revoked).statusCode());
      id.restart(dir, clock);
      assertFalse(id.server().bootstrap().created());
      assertEquals(200, id.call("GET", "/v3/auth/catalog", null, "X-Auth-Token", kept).statusCode());
      assertEquals(401, id.call("GET", "/v3/auth/catalog", null, "X-Auth-Token", revoked).statusCode());

      id.server().keys().rotate().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(200, id.call("GET", "/v3/auth/catalog", null, "X-Auth-Token", kept).statusCode(), "old key still validates");
      id.server().keys().rotate().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      id.server().keys().rotate().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(401, id.call("GET", "/v3/auth/catalog", null, "X-Auth-Token", kept).statusCode(), "key rotated out");
      assertEquals(200, id.call("GET", "/v3/auth/catalog", null, "X-Auth-Token", id.adminToken()).statusCode());
    } finally {
      id.close();
    }
  }

  @Test
  void commonValidatorValidatesAndCachesAgainstTheServer() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    TestIdentity id = TestIdentity.start(dir, clock);
    HttpClient client = id.vertx().createHttpClient(new HttpClientOptions().setKeepAlive(true));
    try {
      KeystoneTokenValidator remote = new KeystoneTokenValidator(id.vertx(), client, id.url() + "/v3", 5000);
      CachingTokenValidator cached = new CachingTokenValidator(remote, clock, 100, Duration.ofSeconds(30));
      String token = id.adminToken();
      AuthContext context = cached.validate(token).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals("admin", context.userName());
      assertEquals("admin", context.projectName());
      assertTrue(context.roles().contains("reader"));
      assertEquals(1, cached.size());
      // Good and bad tokens alternating over kept-alive connections, from a non-Vert.x thread: the
      // plain client's send().compose(body) lost responses here (hung within a few hundred calls).
      for (int i = 0; i < 2000; i++) {
        CompletableFuture<AuthContext> call = remote.validate(i % 2 == 0 ? "garbage" : token)
            .toCompletionStage().toCompletableFuture();
        try {
          call.get(10, TimeUnit.SECONDS);
          assertEquals(1, i % 2, "garbage validated at call " + i);
        } catch (ExecutionException e) {
          assertEquals(0, i % 2, "good token refused at call " + i + ": " + e.getCause());
        }
      }
      ExecutionException bad = assertThrows(ExecutionException.class,
          () -> remote.validate("garbage").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertEquals(ErrorCode.UNAUTHORIZED, ((StratusException) bad.getCause()).code());
    } finally {
      client.close();
      id.close();
    }
  }
}
