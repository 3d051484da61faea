package io.stratus.common.auth;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a service in another process with no Kafka: every interval, asks identity for the revocations
 * since the last ones seen ({@code GET /v3/OS-REVOKE/events?since=}) and publishes the new ones on the
 * local event bus, where a {@link RevocationListener} applies them. A revocation so reaches the cache
 * within one interval (plus one request). Each poll looks back a few seconds past the newest event
 * seen (times are identity's own, so clocks need not agree) and skips event ids it has published.
 *
 * <p>The listing is admin/service only: the poller authenticates with the credentials it is given (or
 * uses a fixed service token) and authenticates again when its token expires or is refused. Like
 * {@link KeystoneTokenValidator}, it sends every request from its Vert.x context.
 */
public final class RevocationPoller {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationPoller.class);
  /** How far before the newest event seen the next poll starts: covers events stamped before being stored. */
  static final Duration OVERLAP = Duration.ofSeconds(5);
  /** How far back the first poll looks. */
  static final Duration FIRST_LOOK_BACK = Duration.ofMinutes(1);
  private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(1);

  /**
   * Who the poller is: a fixed token, or a user (admin or with the service role) who authenticates by
   * password, scoped to a project; names are looked up in the given domains.
   */
  public record Credentials(String token, String userName, String userDomainName, String password, String projectName,
      String projectDomainName) {

    public static Credentials ofToken(String token) {
      return new Credentials(token, null, null, null, null, null);
    }

    public static Credentials ofPassword(String userName, String password, String projectName, String domainName) {
      return new Credentials(null, userName, domainName, password, projectName, domainName);
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final WebClient client;
  private final String v3;
  private final Credentials credentials;
  private final Clock clock;
  private final long timeoutMillis;
  private final Map<String, Instant> published = new HashMap<>();
  private String token;
  private Instant tokenRenewal = Instant.MIN;
  private Instant since;
  private boolean polling;
  private long timerId = -1;

  /**
   * @param identityV3Url the identity service's v3 root, e.g. http://127.0.0.1:5000/v3
   */
  public RevocationPoller(Vertx vertx, HttpClient client, String identityV3Url, Credentials credentials, Clock clock,
      long timeoutMillis) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = WebClient.wrap(client);
    this.v3 = identityV3Url.endsWith("/") ? identityV3Url.substring(0, identityV3Url.length() - 1) : identityV3Url;
    this.credentials = credentials;
    this.clock = clock;
    this.timeoutMillis = timeoutMillis;
    this.since = clock.instant().minus(FIRST_LOOK_BACK);
  }

  /** Polls now and then every interval until {@link #close()}; a failed poll is logged and retried next time. */
  public void start(Duration interval) {
    context.runOnContext(v -> {
      timerId = vertx.setPeriodic(1, interval.toMillis(), id -> {
        if (!polling) pollOnce().onFailure(e -> LOG.warn("Polling identity for revocations failed: {}", e.getMessage()));
      });
    });
  }

  /** One poll: answers how many new events were published on the event bus. */
  public Future<Integer> pollOnce() {
    if (Vertx.currentContext() != context) {
      return Future.future(promise -> context.runOnContext(v -> pollHere().onComplete(promise)));
    }
    return pollHere();
  }

  public void close() {
    context.runOnContext(v -> vertx.cancelTimer(timerId));
  }

  private Future<Integer> pollHere() {
    polling = true;
    return token()
        .compose(this::fetch)
        .recover(this::authenticateAgainOnce)
        .map(this::publishNew)
        .eventually(() -> {
          polling = false;
          return Future.succeededFuture();
        });
  }

  private Future<JsonArray> authenticateAgainOnce(Throwable failure) {
    if (!(failure instanceof StratusException e && e.code() == ErrorCode.UNAUTHORIZED) || credentials.token() != null) {
      return Future.failedFuture(failure);
    }
    token = null;
    return token().compose(this::fetch);
  }

  private Future<JsonArray> fetch(String authToken) {
    return client.getAbs(v3 + "/OS-REVOKE/events")
        .addQueryParam("since", since.toString())
        .timeout(timeoutMillis)
        .putHeader("X-Auth-Token", authToken)
        .putHeader("Accept", "application/json")
        .send()
        .compose(response -> {
          if (response.statusCode() == 200) return Future.succeededFuture(response.bodyAsJsonObject().getJsonArray("events"));
          return Future.failedFuture(failure("listing revocation events", response));
        });
  }

  private int publishNew(JsonArray events) {
    Instant newest = null;
    int count = 0;
    for (int i = 0; i < events.size(); i++) {
      RevocationEvent event;
      try {
        event = RevocationEvent.fromJson(events.getJsonObject(i));
      } catch (IllegalArgumentException | ClassCastException e) {
        LOG.warn("Ignoring a malformed revocation event from identity: {}", e.getMessage());
        continue;
      }
      if (newest == null || event.at().isAfter(newest)) newest = event.at();
      if (published.putIfAbsent(event.id(), event.at()) != null) continue;
      vertx.eventBus().publish(RevocationEvent.ADDRESS, event.toJson(), new DeliveryOptions().setLocalOnly(true));
      count++;
    }
    if (newest != null && newest.minus(OVERLAP).isAfter(since)) {
      since = newest.minus(OVERLAP);
      published.values().removeIf(at -> at.isBefore(since));
    }
    return count;
  }

  /** The token to poll with: the fixed one, or a password-authenticated one renewed before it expires. */
  private Future<String> token() {
    if (credentials.token() != null) return Future.succeededFuture(credentials.token());
    if (token != null && clock.instant().isBefore(tokenRenewal)) return Future.succeededFuture(token);
    JsonObject auth = new JsonObject().put("auth", new JsonObject()
        .put("identity", new JsonObject().put("methods", new JsonArray().add("password"))
            .put("password", new JsonObject().put("user", new JsonObject().put("name", credentials.userName())
                .put("domain", new JsonObject().put("name", credentials.userDomainName()))
                .put("password", credentials.password()))))
        .put("scope", new JsonObject().put("project", new JsonObject().put("name", credentials.projectName())
            .put("domain", new JsonObject().put("name", credentials.projectDomainName())))));
    return client.postAbs(v3 + "/auth/tokens?nocatalog")
        .timeout(timeoutMillis)
        .sendJsonObject(auth)
        .compose(response -> {
          String issued = response.getHeader("X-Subject-Token");
          if (response.statusCode() != 201 || issued == null) return Future.failedFuture(failure("authenticating", response));
          Instant expires = AuthContext.fromKeystoneToken(response.bodyAsJsonObject()).expiresAt();
          token = issued;
          tokenRenewal = expires.minus(RENEW_BEFORE_EXPIRY);
          return Future.succeededFuture(issued);
        });
  }

  private static StratusException failure(String what, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 401) return StratusException.unauthorized("identity refused the poller's credentials while " + what);
    return new StratusException(ErrorCode.UNAVAILABLE, "identity answered " + status + " while " + what);
  }
}
