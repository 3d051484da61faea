package io.stratus.common.auth;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Validates tokens against the identity service over HTTP (GET /v3/auth/tokens). The token validates
 * itself: it is sent as both X-Auth-Token and X-Subject-Token, which Keystone's policy allows a token's
 * owner, so a service needs no credentials of its own.
 */
public final class KeystoneTokenValidator implements TokenValidator {
  private final HttpClient client;
  private final String tokensUrl;
  private final long timeoutMillis;

  /**
   * @param identityV3Url the identity service's v3 root, e.g. http://127.0.0.1:5000/v3
   */
  public KeystoneTokenValidator(HttpClient client, String identityV3Url, long timeoutMillis) {
    this.client = client;
    this.tokensUrl = stripSlash(identityV3Url) + "/auth/tokens?nocatalog";
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Future<AuthContext> validate(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(StratusException.unauthorized("The request you have made requires authentication."));
    }
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(tokensUrl)
        .setConnectTimeout(timeoutMillis)
        .setIdleTimeout(timeoutMillis)
        .putHeader("X-Auth-Token", token)
        .putHeader("X-Subject-Token", token)
        .putHeader("Accept", "application/json");
    return client.request(options)
        .compose(request -> request.send())
        .compose(this::readResponse)
        .recover(this::toUnavailable);
  }

  private Future<AuthContext> readResponse(HttpClientResponse response) {
    return response.body().map(body -> {
      int status = response.statusCode();
      if (status == 200) return AuthContext.fromKeystoneToken(new JsonObject(body));
      if (status == 401 || status == 403 || status == 404) {
        throw StratusException.unauthorized("The token is not valid.");
      }
      throw new StratusException(ErrorCode.UNAVAILABLE, "The identity service answered " + status + ".");
    });
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
