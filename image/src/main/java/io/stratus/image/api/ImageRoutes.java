package io.stratus.image.api;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The image records: create, list, show, update (JSON patch), delete, tags, deactivate and reactivate. */
final class ImageRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ImageRoutes.class);
  static final List<String> PATCH_TYPES = List.of("application/openstack-images-v2.1-json-patch",
      "application/openstack-images-v2.0-json-patch");

  private final ApiContext api;

  ImageRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    Http.bind(router.post("/v2/images"), this::create);
    Http.bind(router.get("/v2/images"), this::list);
    Http.bind(router.get("/v2/images/:id"), this::show);
    Http.bind(router.patch("/v2/images/:id"), this::update);
    Http.bind(router.delete("/v2/images/:id"), this::delete);
    Http.bind(router.put("/v2/images/:id/tags/:tag"), this::addTag);
    Http.bind(router.delete("/v2/images/:id/tags/:tag"), this::removeTag);
    Http.bind(router.post("/v2/images/:id/actions/deactivate"), ctx -> activation(ctx, "active", "deactivated"));
    Http.bind(router.post("/v2/images/:id/actions/reactivate"), ctx -> activation(ctx, "deactivated", "active"));
  }

  private Future<Void> create(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    Access.requireMember(caller);
    JsonObject body = Http.object(ctx);
    JsonObject image = Images.create(body, caller.projectId(), api.clock().instant());
    Access.checkVisibilityChange(caller, image.getString("visibility"));
    return checkImageQuota(caller.projectId())
        .compose(v -> api.store().image(image.getString("id")))
        .compose(existing -> existing != null ? Future.failedFuture(Images.conflict("Image with identifier "
            + image.getString("id") + " already exists!")) : api.store().putImage(image))
        .compose(v -> {
          ctx.response().putHeader("Location", "/v2/images/" + image.getString("id"));
          return Http.json(ctx, 201, Images.view(image));
        });
  }

  private Future<Void> checkImageQuota(String project) {
    long limit = api.config().quotaImages();
    if (limit < 0) return Future.succeededFuture();
    return api.store().images().compose(all -> {
      long owned = all.stream().filter(i -> project.equals(i.getString("owner"))).count();
      if (owned < limit) return Future.succeededFuture();
      return Future.failedFuture(new StratusException(ErrorCode.PAYLOAD_TOO_LARGE,
          "Maximum number of images exceeded: this project may have " + limit + "."));
    });
  }

  private Future<Void> list(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    ImageQuery query = ImageQuery.parse(ctx.queryParams());
    return api.store().images()
        .compose(all -> ImageQuery.memberships(api.store(), all, caller).map(shared -> query.page(all, caller, shared)))
        .compose(page -> {
          JsonArray images = new JsonArray();
          page.images().forEach(i -> images.add(Images.view(i)));
          JsonObject body = new JsonObject().put("images", images).put("first", "/v2/images").put("schema", "/v2/schemas/images");
          if (page.next() != null) body.put("next", page.next());
          return Http.json(ctx, 200, body);
        });
  }

  private Future<Void> show(RoutingContext ctx) {
    return api.visibleImage(ApiContext.caller(ctx), ctx.pathParam("id")).compose(i -> Http.json(ctx, 200, Images.view(i)));
  }

  private Future<Void> update(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    String type = ctx.request().getHeader("Content-Type");
    String mediaType = type == null ? "" : type.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!PATCH_TYPES.contains(mediaType)) {
      ctx.response().putHeader("Accept-Patch", String.join(", ", PATCH_TYPES));
      throw new StratusException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type '" + mediaType
          + "': an image PATCH takes a JSON patch, application/openstack-images-v2.1-json-patch.");
    }
    JsonArray ops;
    try {
      ops = ctx.body().asJsonArray();
    } catch (RuntimeException e) {
      throw StratusException.badRequest("The request body must be a JSON array of patch operations.");
    }
    if (ops == null) throw StratusException.badRequest("The request body must be a JSON array of patch operations.");
    String id = ctx.pathParam("id");
    return api.visibleImage(caller, id)
        .compose(found -> {
          Access.requireWrite(caller, found);
          return api.store().update(id, current -> {
            JsonObject patched = JsonPatch.apply(current, ops);
            if (!java.util.Objects.equals(patched.getValue("visibility"), current.getValue("visibility"))) {
              Access.checkVisibilityChange(caller, patched.getValue("visibility"));
            }
            return Images.validate(patched).put("updated_at", Images.timestamp(api.clock().instant()));
          });
        })
        .compose(image -> Http.json(ctx, 200, Images.view(image)));
  }

  private Future<Void> delete(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    String id = ctx.pathParam("id");
    return api.visibleImage(caller, id)
        .compose(image -> {
          Access.requireWrite(caller, image);
          if (image.getBoolean("protected", false)) {
            return Future.failedFuture(StratusException.forbidden("Image " + id + " is protected and cannot be deleted."));
          }
          return api.store().deleteImage(id).map(image);
        })
        .compose(image -> {
          String object = image.getString(Images.OBJECT);
          if (object != null) {
            api.objects().delete(object, true).onFailure(e -> LOG.warn("Deleting the data of image {} failed: {}", id,
                e.getMessage()));
          }
          return Http.noContent(ctx);
        });
  }

  private Future<Void> addTag(RoutingContext ctx) {
    String tag = ctx.pathParam("tag");
    if (tag.isEmpty() || tag.length() > 255) throw Images.invalid("tag", tag);
    return changeTags(ctx, tags -> {
      if (!tags.contains(tag)) tags.add(tag);
    });
  }

  private Future<Void> removeTag(RoutingContext ctx) {
    String tag = ctx.pathParam("tag");
    return changeTags(ctx, tags -> {
      if (!tags.remove(tag)) throw StratusException.notFound("Tag " + tag + " not found.");
    });
  }

  private Future<Void> changeTags(RoutingContext ctx, java.util.function.Consumer<JsonArray> change) {
    AuthContext caller = ApiContext.caller(ctx);
    String id = ctx.pathParam("id");
    return api.visibleImage(caller, id)
        .compose(found -> {
          Access.requireWrite(caller, found);
          return api.store().update(id, image -> {
            change.accept(image.getJsonArray("tags"));
            return image.put("updated_at", Images.timestamp(api.clock().instant()));
          });
        })
        .compose(image -> Http.noContent(ctx));
  }

  /** Deactivate (active → deactivated) or reactivate (back); admin only; a repeat is a no-op; from any other status 403, as in Glance. */
  private Future<Void> activation(RoutingContext ctx, String from, String to) {
    AuthContext caller = ApiContext.caller(ctx);
    Access.requireAdmin(caller, (to.equals("active") ? "reactivate" : "deactivate") + " images");
    String id = ctx.pathParam("id");
    return api.visibleImage(caller, id)
        .compose(found -> api.store().update(id, image -> {
          String status = image.getString("status");
          if (status.equals(to)) return image;
          if (!status.equals(from)) {
            throw StratusException.forbidden("Not allowed to " + (to.equals("active") ? "reactivate" : "deactivate")
                + " image in status '" + status + "'");
          }
          return image.put("status", to).put("updated_at", Images.timestamp(api.clock().instant()));
        }))
        .compose(image -> Http.noContent(ctx));
  }
}
