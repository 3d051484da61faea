package io.stratus.compute.api;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;

/** Key pairs of the calling user: create (generated or imported), list, show, delete; kept as {@code keypair/<user>/<name>}. */
final class KeypairRoutes {
  private static final String PREFIX = "keypair/";
  private static final int MAX_PER_USER = 100;

  private final ApiContext api;

  KeypairRoutes(ApiContext api) {
    this.api = api;
  }

  static String key(String userId, String name) {
    return PREFIX + userId + "/" + name;
  }

  void mount(Router router) {
    router.get("/v2.1/os-keypairs").handler(this::list);
    router.post("/v2.1/os-keypairs").handler(this::create);
    router.get("/v2.1/os-keypairs/:name").handler(this::show);
    router.delete("/v2.1/os-keypairs/:name").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    JsonArray out = new JsonArray();
    api.store().values(PREFIX + caller.userId() + "/").stream().sorted(Comparator.comparing(k -> k.getString("name")))
        .forEach(k -> out.add(new JsonObject().put("keypair", new JsonObject().put("name", k.getString("name"))
            .put("public_key", k.getString("public_key")).put("fingerprint", k.getString("fingerprint")))));
    Http.json(ctx, 200, new JsonObject().put("keypairs", out));
  }

  private void show(RoutingContext ctx) {
    JsonObject k = find(ctx);
    Http.json(ctx, 200, new JsonObject().put("keypair", new JsonObject().put("name", k.getString("name"))
        .put("public_key", k.getString("public_key")).put("fingerprint", k.getString("fingerprint"))
        .put("user_id", k.getString("user_id")).put("created_at", Http.micros(k.getLong("created")))
        .put("deleted", false).putNull("deleted_at").putNull("updated_at").put("id", k.getLong("number", 1L))));
  }

  private JsonObject find(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    JsonObject k = api.store().get(key(ApiContext.caller(ctx).userId(), name));
    if (k == null) throw StratusException.notFound("Keypair " + name + " not found for user " + ApiContext.caller(ctx).userId());
    return k;
  }

  private void create(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    JsonObject in = Http.member(Http.body(ctx), "keypair");
    String name = Fields.string(in, "name", 255, true);
    if (!name.matches("[A-Za-z0-9 _\\-.@]+") || name.isBlank()) {
      throw StratusException.badRequest("Keypair data is invalid: Keypair name contains unsafe characters");
    }
    Object imported = in.getValue("public_key");
    if (imported != null && !(imported instanceof String)) throw Fields.invalid("public_key", imported, "It is not a string.");
    if (api.store().values(PREFIX + caller.userId() + "/").size() >= MAX_PER_USER) {
      throw StratusException.forbidden("Quota exceeded, too many key pairs.");
    }
    Future<SshKeys.Generated> keys = imported != null ? Future.succeededFuture(new SshKeys.Generated((String) imported, null))
        : ctx.vertx().executeBlocking(() -> SshKeys.generate("Generated-by-Nova"), false);
    keys.compose(k -> {
      String fingerprint = SshKeys.fingerprint(k.publicKey());
      JsonObject record = new JsonObject().put("name", name).put("user_id", caller.userId())
          .put("public_key", k.publicKey().trim()).put("fingerprint", fingerprint).put("created", api.clock().millis())
          .put("number", api.clock().millis());
      return api.store().update(key(caller.userId(), name), current -> {
        if (current != null) throw StratusException.conflict("Key pair '" + name + "' already exists.");
        return record;
      }).map(stored -> {
        JsonObject out = new JsonObject().put("name", name).put("public_key", stored.getString("public_key"))
            .put("fingerprint", fingerprint).put("user_id", caller.userId());
        if (k.privateKey() != null) out.put("private_key", k.privateKey());
        return new JsonObject().put("keypair", out);
      });
    }).onSuccess(body -> Http.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    JsonObject k = find(ctx);
    api.store().put(key(k.getString("user_id"), k.getString("name")), null)
        .onSuccess(v -> Http.empty(ctx, 202)).onFailure(ctx::fail);
  }
}
