package io.stratus.image.api;

import io.stratus.common.error.OpenStackErrors;
import io.stratus.common.error.StratusException;
import io.stratus.common.http.Escapes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Glance v2 HTTP API: version discovery, then token authentication for everything under /v2,
 * JSON bodies read (bounded) everywhere except the image data routes, whose bodies stream, and
 * OpenStack JSON errors for every failure.
 */
public final class ImageRouter {
  private static final Logger LOG = LoggerFactory.getLogger(ImageRouter.class);
  private static final long MAX_BODY_BYTES = 1024 * 1024;
  /** The newest Glance v2 minor version this API follows; every older one down to 2.0 is supported. */
  private static final int MINOR = 16;

  private ImageRouter() {
  }

  public static Router create(Vertx vertx, ApiContext api) {
    Router router = Router.router(vertx);
    router.route().handler(ImageRouter::requestId);
    router.route().handler(ctx -> {
      if (Escapes.wellFormed(ctx.request().uri())) ctx.next();
      else ctx.fail(StratusException.badRequest(Escapes.MESSAGE));
    });
    router.get("/").handler(ctx -> versions(ctx, api, 300));
    router.get("/versions").handler(ctx -> versions(ctx, api, 200));
    router.get("/v2").handler(ctx -> versions(ctx, api, 200));
    router.get("/v2/").handler(ctx -> versions(ctx, api, 200));
    router.route("/v2/*").handler(ctx -> authenticate(ctx, api));
    new ImageData(api).mount(router);
    router.route("/v2/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    new ImageRoutes(api).mount(router);
    new MemberRoutes(api).mount(router);
    Schemas.mount(router);
    router.route().failureHandler(ImageRouter::fail);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) router.errorHandler(status, ImageRouter::fail);
    return router;
  }

  /**
   * Names the request and pauses it so no body is read before a route wants it; once answered,
   * whatever of it nobody read is read away, so the connection can carry the next request.
   */
  private static void requestId(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    ctx.addEndHandler(done -> {
      if (!request.isEnded()) {
        request.handler(b -> { });
        request.resume();
      }
    });
    String id = ctx.request().getHeader("X-Openstack-Request-Id");
    if (id == null || id.isBlank()) id = "req-" + UUID.randomUUID();
    ctx.put(ApiContext.REQUEST_ID, id);
    ctx.response().putHeader("X-Openstack-Request-Id", id);
    ctx.next();
  }

  private static void authenticate(RoutingContext ctx, ApiContext api) {
    String token = ctx.request().getHeader("X-Auth-Token");
    if (token == null || token.isBlank()) {
      ctx.fail(StratusException.unauthorized("This server could not verify that you are authorized to access the document"
          + " you requested."));
      return;
    }
    api.tokens().validate(token).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
      } else if (!done.result().projectScoped()) {
        ctx.fail(StratusException.forbidden("The image API needs a project-scoped token."));
      } else {
        ctx.put(ApiContext.AUTH, done.result());
        ctx.next();
      }
    });
  }

  private static void versions(RoutingContext ctx, ApiContext api, int status) {
    JsonArray versions = new JsonArray();
    String href = baseUrl(ctx, api) + "/v2/";
    for (int minor = MINOR; minor >= 0; minor--) {
      versions.add(new JsonObject().put("id", "v2." + minor).put("status", minor == MINOR ? "CURRENT" : "SUPPORTED")
          .put("links", new JsonArray().add(new JsonObject().put("rel", "self").put("href", href))));
    }
    Http.json(ctx, status, new JsonObject().put("versions", versions));
  }

  /** This service's base URL as clients reach it: configured, or behind the gateway's /image, or the Host used. */
  static String baseUrl(RoutingContext ctx, ApiContext api) {
    String configured = api.config().publicUrl();
    if (configured != null && !configured.isBlank()) return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    String forwarded = ctx.request().getHeader("X-Forwarded-Host");
    String proto = ctx.request().getHeader("X-Forwarded-Proto");
    if (forwarded != null) return (proto == null ? "http" : proto) + "://" + forwarded + "/image";
    String host = ctx.request().getHeader("Host");
    return ctx.request().scheme() + "://" + (host != null ? host : "127.0.0.1");
  }

  private static void fail(RoutingContext ctx) {
    if (ctx.response().ended()) return;
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    StratusException error = OpenStackErrors.classify(ctx.failure(), ctx.statusCode());
    String requestId = ctx.get(ApiContext.REQUEST_ID);
    if (error.code().status() >= 500) {
      LOG.error("Request {} {} {} failed: {}", requestId, ctx.request().method(), ctx.request().path(), error.getMessage(),
          error.getCause());
    }
    ctx.response().setStatusCode(error.code().status()).putHeader("Content-Type", "application/json; charset=UTF-8")
        .end(OpenStackErrors.body(error, requestId).encode());
  }
}
