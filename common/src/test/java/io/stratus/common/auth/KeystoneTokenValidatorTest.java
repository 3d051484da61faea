package io.stratus.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The validator against a stand-in identity on a real socket that answers each token with the status it names (and
 * refuses oversized headers, 431, as an HTTP server does): which answers mean an invalid token (401) and which an
 * unavailable identity (503).
 */
class KeystoneTokenValidatorTest {
  private Vertx vertx;
  private KeystoneTokenValidator validator;
  private final AtomicInteger asked = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    HttpServer identity = await(vertx.createHttpServer(new HttpServerOptions().setMaxHeaderSize(4096)).requestHandler(req -> {
      asked.incrementAndGet();
      String token = req.getHeader("X-Subject-Token");
      int status = token.startsWith("status-") ? Integer.parseInt(token.substring(7)) : 404;
      req.response().setStatusCode(status).end();
    }).listen(0, "127.0.0.1"));
    validator = new KeystoneTokenValidator(vertx, vertx.createHttpClient(), "http://127.0.0.1:" + identity.actualPort() + "/v3",
        5000);
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void aTokenLongerThanAnyIdentityIssuesIsInvalidWithoutAsking() throws Exception {
    assertEquals(ErrorCode.UNAUTHORIZED, failure("A".repeat(KeystoneTokenValidator.MAX_TOKEN_CHARS + 1)));
    assertEquals(ErrorCode.UNAUTHORIZED, failure("A".repeat(20_000)));
    assertEquals(0, asked.get());
    assertEquals(ErrorCode.UNAUTHORIZED, failure("status-404"));
    assertEquals(1, asked.get());
  }

  @Test
  void identityRefusingTheRequestMeansAnInvalidTokenButItsOwnTroubleMeansUnavailable() throws Exception {
    for (int status : new int[] {400, 401, 403, 404, 413, 431}) {
      assertEquals(ErrorCode.UNAUTHORIZED, failure("status-" + status), "identity answered " + status);
    }
    for (int status : new int[] {408, 429, 500, 503}) {
      assertEquals(ErrorCode.UNAVAILABLE, failure("status-" + status), "identity answered " + status);
    }
  }

  @Test
  void aTokenUnderTheCapThatIdentitysServerRefusesIsInvalid() throws Exception {
    // Twice 2,000 characters and the rest of the request exceed the stand-in's 4 KiB of headers: it answers 431.
    assertEquals(ErrorCode.UNAUTHORIZED, failure("B".repeat(2000)));
  }

  private ErrorCode failure(String token) throws Exception {
    try {
      await(validator.validate(token));
      throw new AssertionError("validated");
    } catch (ExecutionException e) {
      return ((StratusException) e.getCause()).code();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
