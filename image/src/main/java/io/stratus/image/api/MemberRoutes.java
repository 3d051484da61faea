package io.stratus.image.api;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Members of shared images: the owner adds and removes projects, each member accepts, rejects or
 * leaves pending; a member sees only its own membership, the owner all of them.
 */
final class MemberRoutes {
  private static final Set<String> STATUSES = Set.of("pending", "accepted", "rejected");

  private final ApiContext api;

  MemberRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    Http.bind(router.post("/v2/images/:id/members"), this::add);
    Http.bind(router.get("/v2/images/:id/members"), this::list);
    Http.bind(router.get("/v2/images/:id/members/:member"), this::show);
    Http.bind(router.put("/v2/images/:id/members/:member"), this::update);
    Http.bind(router.delete("/v2/images/:id/members/:member"), this::remove);
  }

  private Future<Void> add(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    String memberId = memberOf(Http.object(ctx));
    String id = ctx.pathParam("id");
    return ownedSharedImage(caller, id)
        .compose(image -> api.store().member(id, memberId))
        .compose(existing -> {
          if (existing != null) return Future.failedFuture(Images.conflict("Member " + memberId + " already exists."));
          String now = Images.timestamp(api.clock().instant());
          JsonObject member = new JsonObject().put("image_id", id).put("member_id", memberId).put("status", "pending")
              .put("created_at", now).put("updated_at", now);
          return api.store().putMember(id, member).compose(v -> Http.json(ctx, 200, view(member)));
        });
  }

  private Future<Void> list(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    String id = ctx.pathParam("id");
    return api.visibleImage(caller, id)
        .compose(image -> {
          if (!"shared".equals(image.getString("visibility"))) {
            return Future.failedFuture(StratusException.forbidden("Only shared images have members."));
          }
          return api.store().members(id).map(all -> {
            JsonArray members = new JsonArray();
            boolean everyone = Access.owns(caller, image) || Access.isAdmin(caller);
            all.stream().filter(m -> everyone || m.getString("member_id").equals(caller.projectId()))
                .forEach(m -> members.add(view(m)));
            return members;
          });
        })
        .compose(members -> Http.json(ctx, 200, new JsonObject().put("members", members).put("schema", "/v2/schemas/members")));
  }

  private Future<Void> show(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    String id = ctx.pathParam("id");
    String memberId = ctx.pathParam("member");
    return api.visibleImage(caller, id)
        .compose(image -> {
          if (!Access.owns(caller, image) && !Access.isAdmin(caller) && !memberId.equals(caller.projectId())) {
            return Future.failedFuture(StratusException.notFound("Member " + memberId + " not found."));
          }
          return existing(id, memberId);
        })
        .compose(member -> Http.json(ctx, 200, view(member)));
  }

  private Future<Void> update(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    String id = ctx.pathParam("id");
    String memberId = ctx.pathParam("member");
    Object value = Http.object(ctx).getValue("status");
    if (value == null) throw StratusException.badRequest("Status not specified.");
    if (!(value instanceof String status) || !STATUSES.contains(status)) {
      throw StratusException.badRequest("Invalid member status: " + value + "; it is one of pending, accepted or rejected.");
    }
    return api.visibleImage(caller, id)
        .compose(image -> {
          if (!memberId.equals(caller.projectId())) {
            return Future.failedFuture(StratusException.forbidden("Only the member itself may change its status."));
          }
          return existing(id, memberId);
        })
        .compose(member -> {
          member.put("status", status).put("updated_at", Images.timestamp(api.clock().instant()));
          return api.store().putMember(id, member).compose(v -> Http.json(ctx, 200, view(member)));
        });
  }

  private Future<Void> remove(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    String id = ctx.pathParam("id");
    String memberId = ctx.pathParam("member");
    return ownedSharedImage(caller, id)
        .compose(image -> existing(id, memberId))
        .compose(member -> api.store().deleteMember(id, memberId))
        .compose(v -> Http.noContent(ctx));
  }

  /** The project id of {"member": "..."}: a missing, empty or non-string member is a 400, as in Glance. */
  private static String memberOf(JsonObject body) {
    Object member = body.getValue("member");
    if (member == null) throw StratusException.badRequest("Member to be added not specified.");
    if (!(member instanceof String id)) {
      throw StratusException.badRequest("Expected a member in the form: {\"member\": \"image_id\"}; got " + member + ".");
    }
    if (id.isBlank()) throw StratusException.badRequest("Member can't be empty.");
    return id;
  }

  private Future<JsonObject> ownedSharedImage(AuthContext caller, String id) {
    return api.visibleImage(caller, id).compose(image -> {
      Access.requireWrite(caller, image);
      if (!"shared".equals(image.getString("visibility"))) {
        return Future.failedFuture(StratusException.forbidden("Image " + id + " is not shared; only shared images have members."));
      }
      return Future.succeededFuture(image);
    });
  }

  private Future<JsonObject> existing(String id, String memberId) {
    return api.store().member(id, memberId).compose(m -> m == null
        ? Future.failedFuture(StratusException.notFound("Member " + memberId + " not found.")) : Future.succeededFuture(m));
  }

  private static JsonObject view(JsonObject member) {
    return member.copy().put("schema", "/v2/schemas/member");
  }
}
