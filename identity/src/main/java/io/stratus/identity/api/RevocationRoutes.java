package io.stratus.identity.api;

import io.stratus.common.auth.RevocationEvent;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * GET /v3/OS-REVOKE/events?since=ISO: the revocation events at or after a time (all that are kept
 * without it: as long as a token lives), oldest first, for admins and services. Each event is the
 * bus/Kafka JSON plus Keystone's "revoked_at" and "issued_before".
 */
final class RevocationRoutes {
  private final ApiContext api;

  RevocationRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    Http.bind(router.get("/v3/OS-REVOKE/events"), this::list);
  }

  private Future<Reply> list(RoutingContext ctx) {
    Guard.adminOrService(ctx, "identity:list_revoke_events");
    Instant since = since(ctx.queryParams().get("since"));
    return api.revocations().since(since).map(events -> {
      JsonArray out = new JsonArray();
      for (RevocationEvent e : events) {
        out.add(e.toJson().put("revoked_at", Views.time(e.at())).put("issued_before", Views.time(e.at())));
      }
      return Reply.ok(new JsonObject().put("events", out).put("links", new JsonObject()
          .put("self", api.v3(ctx) + "/OS-REVOKE/events").put("previous", null).put("next", null)));
    });
  }

  private static Instant since(String value) {
    if (value == null || value.isBlank()) return Instant.EPOCH;
    try {
      return Instant.parse(value.endsWith("Z") || value.contains("+") ? value : value + "Z");
    } catch (DateTimeParseException e) {
      throw StratusException.badRequest("Invalid time format for since: " + value + ".");
    }
  }
}
