package io.stratus.compute.api;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.OpenStackErrors;
import io.stratus.common.error.StratusException;
import io.stratus.common.http.Escapes;
import io.stratus.compute.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Nova v2.1 HTTP API: request ids and microversion headers on every answer, version discovery, token
 * authentication under /v2.1 (an optional project id after /v2.1 is accepted and must be the token's), bounded
 * JSON bodies, the resource routes, and Nova's JSON faults for every failure.
 */
public final class ComputeRouter {
  private static final Logger LOG = LoggerFactory.getLogger(ComputeRouter.class);
  private static final long MAX_BODY_BYTES = 1024 * 1024;
  private static final Pattern PROJECT_PREFIX = Pattern.compile("^/v2\\.1/([^/]+)(/(servers|flavors|os-keypairs|limits"
      + "|os-quota-sets|os-availability-zone|os-hypervisors|os-services|extensions)(/.*)?)$");
  private static final Pattern VERSION = Pattern.compile("^([1-9]\\d*)\\.([1-9]\\d*|0)$");
  static final String MIN_VERSION = "2.1";
  static final String MAX_VERSION = "2.1";

  private ComputeRouter() {
  }

  public static Router create(Vertx vertx, ApiContext api) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      if (Escapes.wellFormed(ctx.request().uri())) ctx.next();
      else ctx.fail(StratusException.badRequest(Escapes.MESSAGE));
    });
    router.route().handler(ComputeRouter::stripProject);
    router.route().handler(ComputeRouter::headers);
    router.get("/").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("versions", new JsonArray()
        .add(v20(ctx, api)).add(v21(ctx, api)))));
    router.getWithRegex("/v2\\.1/?").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("version", v21(ctx, api))));
    router.route("/v2.1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route("/v2.1/*").handler(ctx -> authenticate(ctx, api));
    new FlavorRoutes(api).mount(router);
    new ServerRoutes(api).mount(router);
    new ServerActions(api).mount(router);
    new MetadataRoutes(api).mount(router);
    new KeypairRoutes(api).mount(router);
    new LimitRoutes(api).mount(router);
    new HostRoutes(api).mount(router);
    router.route().failureHandler(ComputeRouter::fail);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) router.errorHandler(status, ComputeRouter::fail);
    return router;
  }

  /** Writes the default flavors on the first start (m1.tiny .. m1.xlarge, ids 1..5). */
  public static Future<Void> ensureDefaults(StateStore store, long now) {
    return FlavorRoutes.ensureDefaults(store, now);
  }

  /** /v2.1/{project_id}/servers... is /v2.1/servers... for a token of that project. */
  private static void stripProject(RoutingContext ctx) {
    Matcher m = PROJECT_PREFIX.matcher(ctx.request().path());
    if (m.matches() && !m.group(1).equals(m.group(3))) {
      ctx.put(ApiContext.URL_PROJECT, m.group(1));
      String query = ctx.request().query();
      ctx.reroute("/v2.1" + m.group(2) + (query == null ? "" : "?" + query));
      return;
    }
    ctx.next();
  }

  /** Request ids, the microversion headers, and the refusal of a microversion this API does not have. */
  private static void headers(RoutingContext ctx) {
    String id = ctx.get(ApiContext.REQUEST_ID);
    if (id == null) {
      id = "req-" + UUID.randomUUID();
      ctx.put(ApiContext.REQUEST_ID, id);
    }
    ctx.response().putHeader("x-openstack-request-id", id).putHeader("x-compute-request-id", id)
        .putHeader("X-OpenStack-Nova-API-Version", MAX_VERSION).putHeader("OpenStack-API-Version", "compute " + MAX_VERSION)
        .putHeader("Vary", "OpenStack-API-Version, X-OpenStack-Nova-API-Version");
    String asked = requestedVersion(ctx);
    if (asked == null || asked.equalsIgnoreCase("latest")) {
      ctx.next();
      return;
    }
    Matcher m = VERSION.matcher(asked);
    if (!m.matches()) {
      ctx.fail(StratusException.badRequest("API Version String " + asked + " is of invalid format. Must be of format"
          + " MajorNum.MinorNum."));
    } else if (!asked.equals(MAX_VERSION)) {
      String message = "Version " + asked + " is not supported by the API. Minimum is " + MIN_VERSION + " and maximum is "
          + MAX_VERSION + ".";
      ctx.response().setStatusCode(406).putHeader("Content-Type", "application/json")
          .end(NovaErrors.body(406, message, id).encode());
    } else {
      ctx.next();
    }
  }

  private static String requestedVersion(RoutingContext ctx) {
    String generic = ctx.request().getHeader("OpenStack-API-Version");
    if (generic != null) {
      for (String part : generic.split(",")) {
        String[] words = part.trim().split("\\s+");
        if (words.length == 2 && words[0].equalsIgnoreCase("compute")) return words[1];
      }
    }
    String legacy = ctx.request().getHeader("X-OpenStack-Nova-API-Version");
    return legacy == null ? null : legacy.trim();
  }

  private static void authenticate(RoutingContext ctx, ApiContext api) {
    String token = ctx.request().getHeader("X-Auth-Token");
    if (token == null || token.isBlank()) {
      ctx.fail(StratusException.unauthorized("The request you have made requires authentication."));
      return;
    }
    api.tokens().validate(token).onComplete(done -> {
      String urlProject = ctx.get(ApiContext.URL_PROJECT);
      if (done.failed()) {
        ctx.fail(done.cause());
      } else if (!done.result().projectScoped()) {
        ctx.fail(StratusException.forbidden("The compute API needs a project-scoped token."));
      } else if (urlProject != null && !urlProject.equals(done.result().projectId())) {
        ctx.fail(StratusException.badRequest("Malformed request URL: URL's project_id '" + urlProject
            + "' doesn't match Context's project_id '" + done.result().projectId() + "'"));
      } else {
        ctx.put(ApiContext.AUTH, done.result());
        ctx.put(ApiContext.TOKEN, token);
        ctx.next();
      }
    });
  }

  private static JsonObject v21(RoutingContext ctx, ApiContext api) {
    String base = api.baseUrl(ctx);
    return new JsonObject().put("id", "v2.1").put("status", "CURRENT").put("version", MAX_VERSION)
        .put("min_version", MIN_VERSION).put("updated", "2013-07-23T11:33:21Z")
        .put("links", new JsonArray().add(new JsonObject().put("rel", "self").put("href", base + "/v2.1/"))
            .add(new JsonObject().put("rel", "describedby").put("type", "text/html").put("href", "http://docs.openstack.org/")))
        .put("media-types", new JsonArray().add(new JsonObject().put("base", "application/json")
            .put("type", "application/vnd.openstack.compute+json;version=2.1")));
  }

  private static JsonObject v20(RoutingContext ctx, ApiContext api) {
    return new JsonObject().put("id", "v2.0").put("status", "SUPPORTED").put("version", "").put("min_version", "")
        .put("updated", "2011-01-21T11:33:21Z").put("links", new JsonArray().add(new JsonObject().put("rel", "self")
            .put("href", api.baseUrl(ctx) + "/v2/")));
  }

  private static void fail(RoutingContext ctx) {
    if (ctx.response().ended()) return;
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    int status;
    String message;
    Throwable failure = ctx.failure();
    if (failure != null) {
      StratusException error = OpenStackErrors.classify(failure);
      status = error.code().status();
      message = error.getMessage();
      if (error.code() == ErrorCode.INTERNAL || error.code() == ErrorCode.INVALID_CONFIG) {
        LOG.error("Request {} {} {} failed", ctx.get(ApiContext.REQUEST_ID), ctx.request().method(), ctx.request().path(),
            error.getCause() != null ? error.getCause() : error);
      }
    } else {
      status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      message = switch (status) {
        case 404 -> "The resource could not be found.";
        case 405 -> "The method is not allowed for this resource.";
        case 413 -> "The request body is too large.";
        case 400 -> "The request is malformed.";
        default -> "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log"
            + " if possible.";
      };
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8")
        .end(NovaErrors.body(status, message, ctx.get(ApiContext.REQUEST_ID)).encode());
  }
}
