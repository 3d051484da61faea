package io.stratus.identity.api;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.OpenStackErrors;
import io.stratus.common.error.StratusException;
import io.stratus.common.http.Escapes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity HTTP API: version discovery, the public operations (token issue, s3tokens, tempauth),
 * then token authentication for everything else under /v3, and Keystone JSON errors for every failure.
 */
public final class IdentityRouter {
  private static final Logger LOG = LoggerFactory.getLogger(IdentityRouter.class);
  private static final long MAX_BODY_BYTES = 1024 * 1024;

  private IdentityRouter() {
  }

  public static Router create(Vertx vertx, ApiContext api, Clock clock) {
    Router router = Router.router(vertx);
    router.route().handler(IdentityRouter::requestId);
    router.route().handler(ctx -> {
      if (Escapes.wellFormed(ctx.request().uri())) ctx.next();
      else ctx.fail(StratusException.badRequest(Escapes.MESSAGE));
    });
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.get("/").handler(ctx -> versions(ctx, api));
    router.get("/v3").handler(ctx -> version(ctx, api));
    router.get("/v3/").handler(ctx -> version(ctx, api));
    new AuthRoutes(api).mountPublic(router);
    new Ec2Routes(api).mountPublic(router);
    new TempAuthRoutes(api, clock).mountPublic(router);
    router.route("/v3/*").handler(ctx -> authenticate(ctx, api));
    new AuthRoutes(api).mount(router);
    new DomainRoutes(api).mount(router);
    new ProjectRoutes(api).mount(router);
    new UserRoutes(api).mount(router);
    new ApplicationCredentialRoutes(api).mount(router);
    new RoleRoutes(api).mount(router);
    new AssignmentRoutes(api).mount(router);
    new Ec2Routes(api).mount(router);
    new RevocationRoutes(api).mount(router);
    router.route().failureHandler(ctx -> fail(ctx, api));
    for (int status : new int[] {400, 404, 405, 413, 500}) router.errorHandler(status, ctx -> fail(ctx, api));
    return router;
  }

  private static void requestId(RoutingContext ctx) {
    String id = "req-" + UUID.randomUUID();
    ctx.put(Http.REQUEST_ID, id);
    ctx.response().putHeader("x-openstack-request-id", id);
    ctx.next();
  }

  private static void authenticate(RoutingContext ctx, ApiContext api) {
    String token = ctx.request().getHeader("X-Auth-Token");
    if (token == null || token.isBlank()) {
      ctx.fail(StratusException.unauthorized("The request you have made requires authentication."));
      return;
    }
    api.tokens().validate(token).onComplete(done -> {
      if (done.succeeded()) {
        ctx.put(Http.AUTH, done.result());
        ctx.next();
      } else {
        ctx.fail(done.cause());
      }
    });
  }

  private static JsonObject versionDoc(RoutingContext ctx, ApiContext api) {
    return new JsonObject()
        .put("id", "v3.14")
        .put("status", "stable")
        .put("updated", "2020-04-07T00:00:00Z")
        .put("links", new JsonArray().add(new JsonObject().put("rel", "self").put("href", api.v3(ctx) + "/")))
        .put("media-types", new JsonArray().add(new JsonObject()
            .put("base", "application/json").put("type", "application/vnd.openstack.identity-v3+json")));
  }

  private static void versions(RoutingContext ctx, ApiContext api) {
    JsonObject body = new JsonObject().put("versions", new JsonObject().put("values", new JsonArray().add(versionDoc(ctx, api))));
    Http.send(ctx, Reply.json(300, body));
  }

  private static void version(RoutingContext ctx, ApiContext api) {
    Http.send(ctx, Reply.ok(new JsonObject().put("version", versionDoc(ctx, api))));
  }

  private static void fail(RoutingContext ctx, ApiContext api) {
    if (ctx.response().ended()) return;
    StratusException error = OpenStackErrors.classify(ctx.failure(), ctx.statusCode());
    String requestId = ctx.get(Http.REQUEST_ID);
    if (error.code() == ErrorCode.INTERNAL) LOG.error("Request {} {} {} failed", requestId, ctx.request().method(), ctx.request().path(), error.getCause());
    Reply reply = Reply.json(error.code().status(), OpenStackErrors.body(error, requestId));
    if (error.code() == ErrorCode.UNAUTHORIZED) reply = reply.withHeader("WWW-Authenticate", "Keystone uri=\"" + api.base(ctx) + "\"");
    Http.send(ctx, reply);
  }
}
