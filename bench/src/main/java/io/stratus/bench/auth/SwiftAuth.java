package io.stratus.bench.auth;

import io.stratus.bench.cli.BenchConfig.AuthConfig;
import io.stratus.bench.http.Endpoint;
import io.stratus.bench.http.LoadClient;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;

/**
 * Gets a Swift storage URL and token: given directly, from tempauth v1.0 ({@code GET /auth/v1.0}
 * with X-Auth-User/X-Auth-Key) or from Keystone v3 (password auth, object-store in the catalog).
 */
public final class SwiftAuth {

  /** Where objects live and the token that opens them. */
  public record Session(String storageUrl, String token) {}

  private SwiftAuth() {
  }

  /** Authenticates as configured. */
  public static Future<Session> login(LoadClient client, AuthConfig auth) {
    if (!auth.storageUrl().isEmpty() && !auth.token().isEmpty()) {
      return Future.succeededFuture(new Session(auth.storageUrl(), auth.token()));
    }
    return auth.keystone() ? keystone(client, auth) : tempauth(client, auth);
  }

  private static Future<Session> tempauth(LoadClient client, AuthConfig auth) {
    Endpoint endpoint = Endpoint.parse(auth.authUrl());
    return client.fetch(HttpMethod.GET, endpoint, endpoint.basePath(), HttpHeaders.headers()
            .add("X-Auth-User", auth.user()).add("X-Auth-Key", auth.key()), null)
        .compose(reply -> {
          String url = reply.headers().get("X-Storage-Url");
          String token = reply.headers().get("X-Auth-Token");
          if (!reply.ok() || url == null || token == null) {
            return Future.failedFuture("tempauth " + auth.authUrl() + " answered " + reply.status());
          }
          return Future.succeededFuture(new Session(auth.storageUrl().isEmpty() ? url : auth.storageUrl(), token));
        });
  }

  private static Future<Session> keystone(LoadClient client, AuthConfig auth) {
    Endpoint v3 = Endpoint.parse(auth.authUrl());
    return KeystoneAuth.issue(client, v3, KeystoneAuth.passwordBody(auth)).compose(issued -> {
      String url = auth.storageUrl().isEmpty()
          ? KeystoneAuth.endpointUrl(issued.body(), "object-store", "public", auth.region())
          : auth.storageUrl();
      if (url == null) {
        return Future.failedFuture("no public object-store endpoint in the Keystone catalog");
      }
      return Future.succeededFuture(new Session(url, issued.token()));
    });
  }
}
