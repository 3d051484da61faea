package io.stratus.bench.auth;

import io.stratus.bench.cli.BenchConfig.AuthConfig;
import io.stratus.bench.http.Endpoint;
import io.stratus.bench.http.HttpReply;
import io.stratus.bench.http.LoadClient;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Keystone v3 password authentication: the request body, the token issue call and catalog lookups. */
public final class KeystoneAuth {

  /** A token and the body of the token response (with its catalog). */
  public record Issued(String token, JsonObject body) {}

  private KeystoneAuth() {
  }

  /** The JSON body of a password auth request scoped to the configured project. */
  public static Buffer passwordBody(AuthConfig auth) {
    JsonObject user = new JsonObject().put("name", auth.user()).put("password", auth.key())
        .put("domain", new JsonObject().put("name", auth.userDomain()));
    String project = auth.project().isEmpty() ? auth.user() : auth.project();
    JsonObject body = new JsonObject().put("auth", new JsonObject()
        .put("identity", new JsonObject().put("methods", new JsonArray().add("password"))
            .put("password", new JsonObject().put("user", user)))
        .put("scope", new JsonObject().put("project", new JsonObject().put("name", project)
            .put("domain", new JsonObject().put("name", auth.projectDomain())))));
    return body.toBuffer();
  }

  /** The headers of a token issue request. */
  public static MultiMap issueHeaders() {
    return HttpHeaders.headers().add(HttpHeaders.CONTENT_TYPE, "application/json");
  }

  /** POSTs {@code body} to {@code <v3>/auth/tokens}; fails unless the answer is 201 with a token. */
  public static Future<Issued> issue(LoadClient client, Endpoint v3, Buffer body) {
    return client.fetch(HttpMethod.POST, v3, v3.basePath() + "/auth/tokens", issueHeaders(), body)
        .compose(KeystoneAuth::issued);
  }

  private static Future<Issued> issued(HttpReply reply) {
    String token = reply.headers().get("X-Subject-Token");
    if (reply.status() != 201 || token == null) {
      return Future.failedFuture("Keystone token request answered " + reply.status() + ": "
          + reply.body().toString().strip());
    }
    return Future.succeededFuture(new Issued(token, reply.body().toJsonObject()));
  }

  /**
   * Logs in for an OpenStack service workload: password auth when an auth URL is configured, else
   * the given {@code --token} as is (then there is no catalog and every endpoint must be given).
   */
  public static Future<Issued> login(LoadClient client, AuthConfig auth) {
    if (!auth.keystone()) {
      return Future.succeededFuture(new Issued(auth.token(), new JsonObject()));
    }
    return issue(client, Endpoint.parse(auth.authUrl()), passwordBody(auth));
  }

  /**
   * A service's endpoint: {@code override} if given, else the catalog's public endpoint of
   * {@code type}; fails naming the option to give when neither is there.
   */
  public static Future<Endpoint> serviceEndpoint(Issued issued, String type, String override, String region,
      String option) {
    String url = override.isEmpty() ? endpointUrl(issued.body(), type, "public", region) : override;
    if (url == null) {
      return Future.failedFuture("no public " + type + " endpoint in the Keystone catalog (give --" + option + ")");
    }
    return Future.succeededFuture(Endpoint.parse(url));
  }

  /** The catalog URL of a service type on an interface (public) and optional region, or null. */
  public static String endpointUrl(JsonObject tokenBody, String type, String iface, String region) {
    JsonArray catalog = tokenBody.getJsonObject("token", new JsonObject()).getJsonArray("catalog", new JsonArray());
    for (Object service : catalog) {
      JsonObject s = (JsonObject) service;
      if (!type.equals(s.getString("type"))) {
        continue;
      }
      for (Object endpoint : s.getJsonArray("endpoints", new JsonArray())) {
        JsonObject e = (JsonObject) endpoint;
        boolean regionOk = region.isEmpty() || region.equals(e.getString("region_id", e.getString("region")));
        if (iface.equals(e.getString("interface")) && regionOk) {
          return e.getString("url");
        }
      }
    }
    return null;
  }
}
