package io.stratus.image.api;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.auth.TokenValidator;
import io.stratus.common.error.StratusException;
import io.stratus.image.ImageConfig;
import io.stratus.image.store.ImageStore;
import io.stratus.image.swift.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * What every image operation needs: the registry, the object store, the token validator, the
 * configuration and the clock; and the lookup of an image as the caller may see it.
 */
public record ApiContext(ImageStore store, ObjectStore objects, TokenValidator tokens, ImageConfig config, Clock clock) {
  static final String AUTH = "stratus.auth";
  static final String REQUEST_ID = "stratus.request-id";

  /** The caller, put there by the authentication step. */
  static AuthContext caller(RoutingContext ctx) {
    AuthContext caller = ctx.get(AUTH);
    if (caller == null) throw StratusException.unauthorized("The request you have made requires authentication.");
    return caller;
  }

  /** The image if the caller may see it (owner, public, community, member, admin); NOT_FOUND otherwise. */
  Future<JsonObject> visibleImage(AuthContext caller, String id) {
    return store.image(id).compose(image -> {
      if (image == null) return Future.failedFuture(notFound(id));
      if (Access.visibleWithoutMembership(caller, image)) return Future.succeededFuture(image);
      if (!"shared".equals(image.getString("visibility")) || caller.projectId() == null) {
        return Future.failedFuture(notFound(id));
      }
      return store.member(id, caller.projectId())
          .compose(member -> member == null ? Future.failedFuture(notFound(id)) : Future.succeededFuture(image));
    });
  }

  static StratusException notFound(String id) {
    return StratusException.notFound("No image found with ID " + id);
  }
}
