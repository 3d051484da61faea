package io.stratus.identity.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The service catalog in tokens: identity, object-store (/v1/AUTH_{project}), image and compute, each
 * with public, internal and admin endpoints in one region. Ids are stable across restarts.
 */
final class Catalog {
  private static final String[] INTERFACES = {"public", "internal", "admin"};

  private final String serviceUrl;
  private final String region;

  Catalog(String serviceUrl, String region) {
    this.serviceUrl = Http.stripSlash(serviceUrl);
    this.region = region;
  }

  /** The catalog for a token scoped to the project (null: no project, so no object-store account). */
  JsonArray forProject(String identityBaseUrl, String projectId) {
    JsonArray services = new JsonArray();
    services.add(service("identity", "keystone", identityBaseUrl + "/v3"));
    if (projectId != null) services.add(service("object-store", "swift", objectStoreUrl(projectId)));
    services.add(service("image", "glance", serviceUrl + "/image"));
    services.add(service("compute", "nova", serviceUrl + "/compute/v2.1"));
    return services;
  }

  String objectStoreUrl(String projectId) {
    return serviceUrl + "/v1/AUTH_" + projectId;
  }

  private JsonObject service(String type, String name, String url) {
    JsonArray endpoints = new JsonArray();
    for (String iface : INTERFACES) {
      endpoints.add(new JsonObject()
          .put("id", stableId("endpoint/" + type + "/" + iface))
          .put("interface", iface)
          .put("region", region)
          .put("region_id", region)
          .put("url", url));
    }
    return new JsonObject().put("id", stableId("service/" + type)).put("type", type).put("name", name)
        .put("endpoints", endpoints);
  }

  private static String stableId(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
  }
}
