package io.stratus.bench.workload;

import io.stratus.bench.http.Endpoint;
import io.stratus.bench.http.HttpOutcome;
import io.stratus.bench.http.HttpReply;
import io.stratus.bench.http.LoadClient;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Glance v2 image API of one endpoint and token: create a raw/bare image record, upload and
 * download its data (streamed), delete it, list images page by page, find an image by name or id.
 */
public final class ImageApi {

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

  private final Endpoint endpoint;
  private final String root;
  private final String token;

  /** The API at {@code endpoint} (the catalog's URL, e.g. http://h:8080/image, with or without /v2). */
  public ImageApi(Endpoint endpoint, String token) {
    this.endpoint = endpoint;
    this.root = endpoint.basePath().replaceFirst("/v2(\\.\\d+)?$", "");
    this.token = token;
  }

  /** Whether {@code text} has the shape of an image id (a UUID, with or without dashes). */
  public static boolean looksLikeId(String text) {
    return UUID.matcher(text).matches();
  }

  /** The images collection URL, for the results. */
  public String target() {
    return endpoint.origin() + images();
  }

  private String images() {
    return root + "/v2/images";
  }

  private String file(String id) {
    return images() + "/" + id + "/file";
  }

  private MultiMap headers() {
    return HttpHeaders.headers().add("X-Auth-Token", token);
  }

  /** POSTs the record of a raw, bare image named {@code name}; on 201 the body holds its id. */
  public Future<HttpReply> create(LoadClient client, String name) {
    JsonObject body = new JsonObject().put("name", name).put("disk_format", "raw").put("container_format", "bare");
    return client.fetch(HttpMethod.POST, endpoint, images(),
        headers().add(HttpHeaders.CONTENT_TYPE, "application/json"), body.toBuffer());
  }

  /** PUTs {@code size} payload bytes from {@code payloadOffset} as the image's data (204 when stored). */
  public Future<HttpOutcome> upload(LoadClient client, String id, long size, long payloadOffset) {
    MultiMap headers = headers().add(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
    return client.exchange(HttpMethod.PUT, endpoint, file(id), headers, size, payloadOffset);
  }

  /** GETs the image's data, drained and counted. */
  public Future<HttpOutcome> download(LoadClient client, String id) {
    return client.exchange(HttpMethod.GET, endpoint, file(id), headers(), 0, 0);
  }

  /** DELETEs the image (204). */
  public Future<HttpOutcome> delete(LoadClient client, String id) {
    return client.exchange(HttpMethod.DELETE, endpoint, images() + "/" + id, headers(), 0, 0);
  }

  /** Every image the token sees whose name is {@code name} (every image for null), all pages. */
  public Future<List<JsonObject>> list(LoadClient client, String name) {
    String query = "?limit=1000" + (name == null ? "" : "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    return page(client, images() + query, new ArrayList<>());
  }

  private Future<List<JsonObject>> page(LoadClient client, String uri, List<JsonObject> into) {
    return client.fetch(HttpMethod.GET, endpoint, uri, headers(), null).compose(reply -> {
      if (reply.status() != 200) {
        return Future.failedFuture("GET " + uri + " answered " + reply.status() + ": " + reply.body());
      }
      JsonObject body = reply.body().toJsonObject();
      for (Object image : body.getJsonArray("images", new JsonArray())) {
        into.add((JsonObject) image);
      }
      String next = body.getString("next");
      return next == null || next.isEmpty() ? Future.succeededFuture(into) : page(client, root + next, into);
    });
  }

  /** The id of the active image with this id, or else of the one active image with this name. */
  public Future<String> resolve(LoadClient client, String nameOrId) {
    if (!looksLikeId(nameOrId)) {
      return byName(client, nameOrId);
    }
    return client.fetch(HttpMethod.GET, endpoint, images() + "/" + nameOrId, headers(), null)
        .compose(reply -> reply.status() == 200 ? Future.succeededFuture(nameOrId) : byName(client, nameOrId));
  }

  private Future<String> byName(LoadClient client, String name) {
    return list(client, name).compose(found -> {
      List<JsonObject> active = found.stream().filter(i -> "active".equals(i.getString("status"))).toList();
      if (active.size() == 1) {
        return Future.succeededFuture(active.get(0).getString("id"));
      }
      return Future.failedFuture(active.isEmpty() ? "no active image named '" + name + "' at " + target()
          : active.size() + " active images are named '" + name + "'; give --image ID");
    });
  }
}
