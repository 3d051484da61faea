package io.stratus.compute.api;

import io.stratus.common.error.StratusException;
import io.stratus.common.policy.RolePolicy;
import io.stratus.compute.state.Instances;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Server metadata: the whole set (GET, PUT replaces, POST merges) and single items (GET, PUT, DELETE). */
final class MetadataRoutes {
  static final int MAX_ITEMS = 128;

  private final ApiContext api;

  MetadataRoutes(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    router.get("/v2.1/servers/:id/metadata").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("metadata",
        ServerRoutes.visible(api, ctx, ctx.pathParam("id"), RolePolicy.READER).getJsonObject("metadata", new JsonObject()))));
    router.put("/v2.1/servers/:id/metadata").handler(ctx -> replaceAll(ctx, true));
    router.post("/v2.1/servers/:id/metadata").handler(ctx -> replaceAll(ctx, false));
    router.get("/v2.1/servers/:id/metadata/:key").handler(this::showItem);
    router.put("/v2.1/servers/:id/metadata/:key").handler(this::putItem);
    router.delete("/v2.1/servers/:id/metadata/:key").handler(this::deleteItem);
  }

  /** Metadata as Nova's schema takes it: string keys of 1..255 and string values of up to 255; at most {@code max} items. */
  static JsonObject validate(Object value, int max) {
    if (value == null) return new JsonObject();
    if (!(value instanceof JsonObject metadata)) throw Fields.invalid("metadata", value, value + " is not of type 'object'");
    for (String key : metadata.fieldNames()) {
      Object v = metadata.getValue(key);
      if (key.isEmpty() || key.length() > 255) {
        throw Fields.invalid("metadata", value, "Additional properties are not allowed ('" + key + "' is not a valid key)");
      }
      if (!(v instanceof String s) || s.length() > 255) {
        throw Fields.invalid("metadata/" + key, v, "It must be a string of at most 255 characters.");
      }
    }
    if (metadata.size() > max) throw StratusException.forbidden("Quota exceeded for metadata items: maximum is " + max);
    return metadata.copy();
  }

  private void replaceAll(RoutingContext ctx, boolean replace) {
    String id = ctx.pathParam("id");
    ServerRoutes.visible(api, ctx, id, RolePolicy.MEMBER);
    JsonObject given = validate(Http.member(Http.body(ctx), "metadata"), MAX_ITEMS);
    change(ctx, id, current -> replace ? given : current.mergeIn(given), stored -> new JsonObject().put("metadata", stored));
  }

  private void showItem(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    JsonObject metadata = ServerRoutes.visible(api, ctx, ctx.pathParam("id"), RolePolicy.READER)
        .getJsonObject("metadata", new JsonObject());
    if (!metadata.containsKey(key)) throw StratusException.notFound("Metadata item was not found");
    Http.json(ctx, 200, new JsonObject().put("meta", new JsonObject().put(key, metadata.getValue(key))));
  }

  private void putItem(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String key = ctx.pathParam("key");
    ServerRoutes.visible(api, ctx, id, RolePolicy.MEMBER);
    Object raw = Http.body(ctx).getValue("meta");
    if (!(raw instanceof JsonObject meta) || meta.size() != 1) {
      throw StratusException.badRequest("Request body must contain exactly one metadata item in 'meta'");
    }
    if (!meta.containsKey(key)) throw StratusException.badRequest("Request body and URI mismatch");
    JsonObject item = validate(meta, 1);
    change(ctx, id, current -> current.mergeIn(item), stored -> new JsonObject().put("meta", item));
  }

  private void deleteItem(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String key = ctx.pathParam("key");
    JsonObject instance = ServerRoutes.visible(api, ctx, id, RolePolicy.MEMBER);
    if (!instance.getJsonObject("metadata", new JsonObject()).containsKey(key)) {
      throw StratusException.notFound("Metadata item was not found");
    }
    api.store().update(Instances.key(id), current -> {
      if (current == null) throw StratusException.notFound("Instance " + id + " could not be found.");
      current.getJsonObject("metadata", new JsonObject()).remove(key);
      return current.put("updated", api.clock().millis());
    }).onSuccess(s -> Http.empty(ctx, 204)).onFailure(ctx::fail);
  }

  private void change(RoutingContext ctx, String id, UnaryOperator<JsonObject> metadataChange,
      Function<JsonObject, JsonObject> answer) {
    api.store().update(Instances.key(id), current -> {
      if (current == null) throw StratusException.notFound("Instance " + id + " could not be found.");
      if ("deleting".equals(current.getString("task_state"))) {
        throw StratusException.conflict("Cannot 'update metadata' instance " + id + " while it is in task_state deleting");
      }
      JsonObject metadata = metadataChange.apply(current.getJsonObject("metadata", new JsonObject()).copy());
      if (metadata.size() > MAX_ITEMS) {
        throw StratusException.forbidden("Quota exceeded for metadata items: maximum is " + MAX_ITEMS);
      }
      return current.put("metadata", metadata).put("updated", api.clock().millis());
    }).onSuccess(s -> Http.json(ctx, 200, answer.apply(s.getJsonObject("metadata"))))
        .onFailure(ctx::fail);
  }
}
