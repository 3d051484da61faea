package io.stratus.image.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** GET /v2/schemas/{image,images,member,members}: the JSON schemas clients such as glanceclient read. */
final class Schemas {
  private Schemas() {
  }

  static void mount(Router router) {
    Http.bind(router.get("/v2/schemas/image"), ctx -> Http.json(ctx, 200, image()));
    Http.bind(router.get("/v2/schemas/images"), ctx -> Http.json(ctx, 200, collection("images", image(), "/v2/schemas/image")));
    Http.bind(router.get("/v2/schemas/member"), ctx -> Http.json(ctx, 200, member()));
    Http.bind(router.get("/v2/schemas/members"), ctx -> Http.json(ctx, 200,
        collection("members", member(), "/v2/schemas/member")));
  }

  static JsonObject image() {
    JsonObject p = new JsonObject()
        .put("id", type("string").put("pattern", "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}"
            + "-([0-9a-fA-F]){12}$").put("description", "An identifier for the image"))
        .put("name", nullable("string").put("maxLength", 255).put("description", "Descriptive name for the image"))
        .put("status", readOnly("string").put("enum", new JsonArray().add("queued").add("saving").add("active").add("killed")
            .add("deleted").add("uploading").add("importing").add("pending_delete").add("deactivated")))
        .put("visibility", type("string").put("enum", new JsonArray().add("community").add("public").add("private").add("shared")))
        .put("protected", type("boolean"))
        .put("os_hidden", type("boolean"))
        .put("checksum", readOnlyNullable("string").put("maxLength", 32))
        .put("os_hash_algo", readOnlyNullable("string").put("maxLength", 64))
        .put("os_hash_value", readOnlyNullable("string").put("maxLength", 128))
        .put("owner", nullable("string").put("maxLength", 255))
        .put("size", readOnlyNullable("integer"))
        .put("virtual_size", readOnlyNullable("integer"))
        .put("container_format", enumOf(Images.CONTAINER_FORMATS))
        .put("disk_format", enumOf(Images.DISK_FORMATS))
        .put("created_at", readOnly("string"))
        .put("updated_at", readOnly("string"))
        .put("tags", type("array").put("items", type("string").put("maxLength", 255)))
        .put("min_ram", type("integer"))
        .put("min_disk", type("integer"))
        .put("self", readOnly("string"))
        .put("file", readOnly("string"))
        .put("schema", readOnly("string"))
        .put("kernel_id", nullable("string").put("is_base", false))
        .put("ramdisk_id", nullable("string").put("is_base", false));
    return new JsonObject().put("name", "image").put("properties", p)
        .put("additionalProperties", new JsonObject().put("type", "string"))
        .put("links", new JsonArray().add(link("self", "{self}")).add(link("enclosure", "{file}"))
            .add(link("describedby", "{schema}")));
  }

  static JsonObject member() {
    JsonObject p = new JsonObject().put("image_id", type("string")).put("member_id", type("string"))
        .put("status", type("string").put("enum", new JsonArray().add("pending").add("accepted").add("rejected")))
        .put("created_at", type("string")).put("updated_at", type("string")).put("schema", readOnly("string"));
    return new JsonObject().put("name", "member").put("properties", p);
  }

  private static JsonObject collection(String name, JsonObject item, String itemSchema) {
    return new JsonObject().put("name", name).put("properties", new JsonObject()
        .put(name, type("array").put("items", item)).put("schema", type("string")).put("first", type("string"))
        .put("next", type("string")))
        .put("links", new JsonArray().add(link("first", "{first}")).add(link("next", "{next}"))
            .add(link("describedby", itemSchema)));
  }

  private static JsonObject type(String type) {
    return new JsonObject().put("type", type);
  }

  private static JsonObject nullable(String type) {
    return new JsonObject().put("type", new JsonArray().add("null").add(type));
  }

  private static JsonObject readOnly(String type) {
    return type(type).put("readOnly", true);
  }

  private static JsonObject readOnlyNullable(String type) {
    return nullable(type).put("readOnly", true);
  }

  private static JsonObject enumOf(java.util.Set<String> values) {
    JsonArray e = new JsonArray().addNull();
    new java.util.TreeSet<>(values).forEach(e::add);
    return nullable("string").put("enum", e);
  }

  private static JsonObject link(String rel, String href) {
    return new JsonObject().put("rel", rel).put("href", href);
  }
}
