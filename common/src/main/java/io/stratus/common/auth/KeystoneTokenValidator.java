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
  /**
   * The longest token worth asking about; a longer one is refused as invalid without a request. Identity's tokens
   * (tempauth's too) are base64url of 33 bytes of header, nonce and tag plus a JSON payload of at most about 300
   * bytes (four 32-character ids, two 22-character audit ids, two timestamps, three method names): about 450
   * characters. 2048 leaves more than four times that for payloads to grow, and keeps the validation request (the
   * token twice, as X-Auth-Token and X-Subject-Token) well inside the 8 KiB of headers an HTTP server accepts by
   * default: a longer token was refused by identity's server with 431, which used to come back as 503.
   */
  public static final int MAX_TOKEN_CHARS = 2048;

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
    if (token.length() > MAX_TOKEN_CHARS) return Future.failedFuture(StratusException.unauthorized("The token is not valid."));
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
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      // 401, 403, 404: not a valid token; any other refusal of the request (400, 413, 431) is about the token, the
      // only thing in it a caller chose. A timeout or a rate limit (408, 429) says nothing about the token.
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
