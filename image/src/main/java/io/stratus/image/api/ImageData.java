package io.stratus.image.api;

import io.stratus.common.auth.AuthContext;
import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.stratus.image.check.Qcow2Header;
import io.stratus.image.check.UploadCheck;
import io.stratus.image.swift.SegmentedUpload;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUT and GET /v2/images/{id}/file. An upload moves the image queued → saving, streams the body into
 * the object store in segments with back-pressure while size, MD5 and SHA-512 are computed (and a
 * qcow2 header inspected), writes the manifest, and only then makes the image active with its
 * checksums: a truncated, refused or aborted upload deletes what it wrote and leaves the image queued.
 * A download streams the stored object back with Content-MD5.
 */
final class ImageData {
  private static final Logger LOG = LoggerFactory.getLogger(ImageData.class);

  private final ApiContext api;

  ImageData(ApiContext api) {
    this.api = api;
  }

  void mount(Router router) {
    Http.bind(router.put("/v2/images/:id/file"), this::upload);
    Http.bind(router.get("/v2/images/:id/file"), this::download);
  }

  private Future<Void> upload(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    String id = ctx.pathParam("id");
    requireOctetStream(ctx.request());
    Long declared = contentLength(ctx.request());
    return api.visibleImage(caller, id)
        .compose(image -> {
          Access.requireWrite(caller, image);
          return remainingQuota(image.getString("owner"));
        })
        .compose(remaining -> {
          if (declared != null && remaining >= 0 && declared > remaining) return Future.failedFuture(overQuota());
          return startSaving(id).map(image -> new UploadCheck(remaining, declared, inspector(image)));
        })
        .compose(check -> store(ctx, id, check));
  }

  /** queued → saving, atomically: a second upload, or one to an image with data, is a conflict. */
  private Future<JsonObject> startSaving(String id) {
    return api.store().update(id, image -> {
      if (!"queued".equals(image.getString("status"))) {
        throw Images.conflict("Image status transition from " + image.getString("status") + " to saving is not allowed");
      }
      return image.put("status", "saving").put("updated_at", Images.timestamp(api.clock().instant()));
    });
  }

  private Qcow2Header inspector(JsonObject image) {
    String format = image.getString("disk_format");
    return api.config().formatCheck() && Qcow2Header.inspects(format) ? new Qcow2Header(format) : null;
  }

  private Future<Void> store(RoutingContext ctx, String id, UploadCheck check) {
    // Each upload's segments get a prefix of their own, so deleting what a failed upload left can never
    // hit the segments of the next upload of the same image.
    String object = id;
    String segmentPrefix = id + "/" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1);
    SegmentedUpload upload = new SegmentedUpload(api.objects(), segmentPrefix, api.config().segmentBytes(), check::accept);
    HttpServerRequest request = ctx.request();
    return api.objects().ensureContainer()
        .compose(v -> {
          if (request.headers().contains("Expect", "100-continue", true)) ctx.response().writeContinue();
          return request.pipe().endOnFailure(false).to(upload);
        })
        .compose(v -> {
          check.finish();
          return check.size() == 0 ? api.objects().putEmpty(object) : api.objects().putManifest(object, upload.segments());
        })
        .compose(v -> activate(id, object, check))
        .transform(ar -> {
          if (ar.succeeded()) return Http.noContent(ctx);
          Throwable cause = ctx.response().closed() && !(ar.cause() instanceof StratusException)
              ? StratusException.badRequest("The client went away before the end of the upload.") : ar.cause();
          if (!request.isEnded()) ctx.response().putHeader("Connection", "close");
          return giveUp(id, upload, cause).transform(v -> Future.failedFuture(cause));
        });
  }

  /** saving → active with the size and checksums; fails if the image was deleted or changed meanwhile. */
  private Future<JsonObject> activate(String id, String object, UploadCheck check) {
    String md5 = check.md5();
    String sha512 = check.sha512();
    return api.store().update(id, image -> {
      if (!"saving".equals(image.getString("status"))) throw Images.conflict("Image " + id + " was changed during the upload.");
      image.put("status", "active").put("size", check.size()).put("checksum", md5).put("os_hash_algo", "sha512")
          .put("os_hash_value", sha512).put(Images.OBJECT, object)
          .put("updated_at", Images.timestamp(api.clock().instant()));
      if (check.virtualSize() != null) image.put("virtual_size", check.virtualSize());
      return image;
    }).recover(e -> Future.failedFuture(e instanceof StratusException s && s.code() == ErrorCode.NOT_FOUND
        ? Images.conflict("Image " + id + " was deleted during the upload.") : e));
  }

  /**
   * Puts the image back to queued (if it still exists) and deletes whatever the upload wrote, in the
   * background — once the upload has settled, so no segment PUT still under way lands after its delete.
   */
  private Future<JsonObject> giveUp(String id, SegmentedUpload upload, Throwable cause) {
    LOG.info("Upload of image {} failed: {}", id, cause.getMessage());
    upload.abort(cause);
    api.objects().delete(id, false);
    upload.settled().onComplete(settled -> {
      for (String segment : upload.written()) {
        api.objects().delete(segment, false).onFailure(e -> LOG.warn("Cannot delete segment {}: {}", segment, e.getMessage()));
      }
    });
    return api.store().update(id, image -> "saving".equals(image.getString("status"))
        ? image.put("status", "queued").put("updated_at", Images.timestamp(api.clock().instant())) : image);
  }

  private Future<Long> remainingQuota(String owner) {
    long limit = api.config().quotaBytes();
    if (limit < 0) return Future.succeededFuture(-1L);
    return api.store().images().compose(all -> {
      long used = 0;
      for (JsonObject image : all) {
        Long size = image.getLong("size");
        if (size != null && owner.equals(image.getString("owner"))) used += size;
      }
      return used >= limit ? Future.failedFuture(overQuota()) : Future.succeededFuture(limit - used);
    });
  }

  private static StratusException overQuota() {
    return new StratusException(ErrorCode.PAYLOAD_TOO_LARGE, "Denying attempt to upload image because it exceeds the quota.");
  }

  private Future<Void> download(RoutingContext ctx) {
    AuthContext caller = ApiContext.caller(ctx);
    String id = ctx.pathParam("id");
    return api.visibleImage(caller, id).compose(image -> {
      String status = image.getString("status");
      if ("deactivated".equals(status) && !Access.isAdmin(caller)) {
        return Future.failedFuture(StratusException.forbidden("The requested image has been deactivated. Image data download"
            + " is forbidden."));
      }
      String object = image.getString(Images.OBJECT);
      if (object == null) return Http.noContent(ctx);
      String range = ctx.request().getHeader("Range");
      return api.objects().get(object, range).compose(stored -> relay(ctx, image, stored));
    });
  }

  private static Future<Void> relay(RoutingContext ctx, JsonObject image, HttpClientResponse stored) {
    HttpServerResponse out = ctx.response().setStatusCode(stored.statusCode())
        .putHeader("Content-Type", "application/octet-stream");
    String length = stored.getHeader("Content-Length");
    if (length != null) out.putHeader("Content-Length", length);
    else out.setChunked(true);
    if (stored.statusCode() != 200) {
      String contentRange = stored.getHeader("Content-Range");
      if (contentRange != null) out.putHeader("Content-Range", contentRange);
    } else if (image.getString("checksum") != null) {
      out.putHeader("Content-MD5", image.getString("checksum"));
    }
    // A client gone mid-download: the object store's connection is reset rather than read to its end.
    return stored.pipeTo(out).onFailure(e -> stored.request().reset(0, e));
  }

  /** Image data is uploaded as application/octet-stream only; any other Content-Type, or none, is a 415 as in Glance. */
  private static void requireOctetStream(HttpServerRequest request) {
    String type = request.getHeader("Content-Type");
    String mediaType = type == null ? null : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!"application/octet-stream".equals(mediaType)) {
      throw new StratusException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Invalid content type " + mediaType
          + ": image data is uploaded as application/octet-stream.");
    }
  }

  private static Long contentLength(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length == null || request.headers().contains("Transfer-Encoding", "chunked", true)) return null;
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      throw StratusException.badRequest("Invalid Content-Length.");
    }
  }
}
