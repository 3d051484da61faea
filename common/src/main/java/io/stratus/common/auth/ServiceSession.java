package io.stratus.common.auth;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A service's own login to identity: a project-scoped token of its service user (Keystone v3 password
 * authentication) and the Swift account it names. The token is renewed well before it expires, so long
 * work (an image upload, a compute host's image download) never runs on a client's token, which may
 * expire meanwhile or, for a command delivered again later, be long gone.
 */
public final class ServiceSession {
  /** A token is renewed when less than this is left of it. */
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  /** A token and the account (AUTH_{project id}) of its project. */
  public record Credentials(String token, String account, Instant expiresAt) {
  }

  private final WebClient client;
  private final String tokensUrl;
  private final JsonObject authBody;
  private final Clock clock;
  private final long timeoutMillis;
  private final String user;
  private Future<Credentials> current;

  public ServiceSession(WebClient client, String identityUrl, String user, String password, String project, String domain,
      Clock clock, long timeoutMillis) {
    this.client = client;
    this.tokensUrl = strip(identityUrl) + "/v3/auth/tokens?nocatalog";
    this.clock = clock;
    this.timeoutMillis = timeoutMillis;
    this.user = user;
    JsonObject domainRef = new JsonObject().put("id", domain);
    this.authBody = new JsonObject().put("auth", new JsonObject()
        .put("identity", new JsonObject().put("methods", new JsonArray().add("password")).put("password",
            new JsonObject().put("user", new JsonObject().put("name", user).put("domain", domainRef)
                .put("password", password == null ? "" : password))))
        .put("scope", new JsonObject().put("project", new JsonObject().put("name", project).put("domain", domainRef))));
  }

  /**
   * Valid credentials: the cached ones, or a new login when they are about to expire (or were refused).
   * The answer completes on the caller's context, so what the caller does next (an upload's requests and
   * their handlers) stays on its event loop rather than on the one that logged in.
   */
  public Future<Credentials> credentials() {
    Future<Credentials> shared = shared();
    Context caller = Vertx.currentContext();
    if (caller == null) return shared;
    Promise<Credentials> local = Promise.promise();
    shared.onComplete(ar -> {
      if (Vertx.currentContext() == caller) local.handle(ar);
      else caller.runOnContext(v -> local.handle(ar));
    });
    return local.future();
  }

  private synchronized Future<Credentials> shared() {
    Future<Credentials> cached = current;
    if (cached != null && (!cached.isComplete() || fresh(cached))) return cached;
    current = login();
    return current;
  }

  /** Forgets the token (the service it was shown to refused it); the next call logs in again. */
  public synchronized void invalidate(Credentials refused) {
    if (current != null && current.succeeded() && current.result() == refused) current = null;
  }

  private boolean fresh(Future<Credentials> cached) {
    return cached.succeeded() && clock.instant().plus(RENEW_BEFORE).isBefore(cached.result().expiresAt());
  }

  private Future<Credentials> login() {
    return client.postAbs(tokensUrl).timeout(timeoutMillis).putHeader("Content-Type", "application/json")
        .sendJsonObject(authBody)
        .compose(this::read)
        .recover(e -> Future.failedFuture(e instanceof StratusException ? e : new StratusException(ErrorCode.UNAVAILABLE,
            "Service user " + user + " cannot log in to identity: " + e.getMessage(), e)));
  }

  private Future<Credentials> read(HttpResponse<Buffer> response) {
    if (response.statusCode() != 201) {
      return Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE,
          "Identity refused the credentials of service user " + user + " (" + response.statusCode() + ")."));
    }
    JsonObject token = response.bodyAsJsonObject().getJsonObject("token");
    String projectId = token.getJsonObject("project").getString("id");
    return Future.succeededFuture(new Credentials(response.getHeader("X-Subject-Token"), "AUTH_" + projectId,
        Instant.parse(token.getString("expires_at"))));
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
