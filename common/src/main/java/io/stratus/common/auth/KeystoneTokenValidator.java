package io.stratus.common.auth;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * Validates tokens against the identity service over HTTP (GET /v3/auth/tokens). The token validates
 * itself: it is sent as both X-Auth-Token and X-Subject-Token, which Keystone's policy allows a token's
 * owner, so a service needs no credentials of its own.
 *
 * <p>Requests go through a {@link WebClient}, which reads the whole (small) response body itself,
 * and are always sent from a Vert.x context: called from a plain thread, the HTTP client (Vert.x
 * 5.0.7) now and then lost a response on a reused connection and never completed, its timeouts
 * included (a few times in ten thousand calls); from a context it never did.
 */
public final class KeystoneTokenValidator implements TokenValidator {
  private final Context context;
  private final WebClient client;
  private final String tokensUrl;
  private final long timeoutMillis;

  /**
   * @param vertx the Vert.x instance whose context calls from plain threads are sent from
   * @param identityV3Url the identity service's v3 root, e.g. http://127.0.0.1:5000/v3
   */
  public KeystoneTokenValidator(Vertx vertx, HttpClient client, String identityV3Url, long timeoutMillis) {
    this.context = vertx.getOrCreateContext();
    this.client = WebClient.wrap(client);
    this.tokensUrl = stripSlash(identityV3Url) + "/auth/tokens?nocatalog";
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Future<AuthContext> validate(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(StratusException.unauthorized("The request you have made requires authentication."));
    }
    if (Vertx.currentContext() == null) {
      return Future.future(promise -> context.runOnContext(v -> send(token).onComplete(promise)));
    }
    return send(token);
  }

  private Future<AuthContext> send(String token) {
    return client.getAbs(tokensUrl)
        .connectTimeout(timeoutMillis)
        .idleTimeout(timeoutMillis)
        .timeout(timeoutMillis)
        .putHeader("X-Auth-Token", token)
        .putHeader("X-Subject-Token", token)
        .putHeader("Accept", "application/json")
        .send()
        .compose(this::readResponse)
        .recover(this::toUnavailable);
  }

  private Future<AuthContext> readResponse(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 200) {
      try {
        return Future.succeededFuture(AuthContext.fromKeystoneToken(response.bodyAsJsonObject()));
      } catch (RuntimeException e) {
        return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE,
            "The identity service answered 200 with a body that is not a token.", e));
      }
    }
    if (status == 401 || status == 403 || status == 404) {
      return Future.failedFuture(StratusException.unauthorized("The token is not valid."));
    }
    return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE, "The identity service answered " + status + "."));
  }

  private Future<AuthContext> toUnavailable(Throwable failure) {
    if (failure instanceof StratusException) return Future.failedFuture(failure);
    return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE,
        "The identity service could not be reached.", failure));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
