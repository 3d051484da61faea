package io.stratus.compute.api;

import io.stratus.common.error.ErrorCode;
import io.stratus.common.error.StratusException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/** Reads image records from the image service (Glance v2) with the caller's token. */
public final class ImageClient {
  private final WebClient client;
  private final String baseUrl;
  private final long timeoutMillis;

  public ImageClient(WebClient client, String baseUrl, long timeoutMillis) {
    this.client = client;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeoutMillis = timeoutMillis;
  }

  /** The image as the token's owner sees it; null when it does not exist or is not visible to them. */
  public Future<JsonObject> image(String id, String token, String requestId) {
    return client.getAbs(baseUrl + "/v2/images/" + id).putHeader("X-Auth-Token", token)
        .putHeader("X-Openstack-Request-Id", requestId).timeout(timeoutMillis).send()
        .recover(e -> Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE,
            "The image service could not be reached: " + e.getMessage(), e)))
        .compose(r -> switch (r.statusCode()) {
          case 200 -> Future.succeededFuture(r.bodyAsJsonObject());
          case 400, 401, 403, 404 -> Future.succeededFuture(null);
          default -> Future.failedFuture(new StratusException(ErrorCode.UNAVAILABLE,
              "The image service answered " + r.statusCode() + " for image " + id + "."));
        });
  }
}
