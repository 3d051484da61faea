package io.stratus.image.api;

import io.stratus.common.error.StratusException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Glance's JSON patch on an image (media types openstack-images-v2.0/v2.1-json-patch): add, replace
 * and remove of top-level attributes and custom properties, and of single tags ({@code /tags/N}).
 * Read-only and reserved attributes are refused with 403, a missing property with 409.
 */
final class JsonPatch {
  private JsonPatch() {
  }

  static JsonObject apply(JsonObject image, JsonArray ops) {
    JsonObject out = image.copy();
    for (Object item : ops) {
      if (!(item instanceof JsonObject op)) throw StratusException.badRequest("Each patch operation must be a JSON object.");
      applyOne(out, op);
    }
    return out;
  }

  private static void applyOne(JsonObject image, JsonObject op) {
    String kind = op.getString("op");
    String path = op.getString("path");
    if (kind == null || path == null || !path.startsWith("/") || path.length() < 2) {
      throw StratusException.badRequest("Unable to find '/' in JSON Schema change, or no op/path given.");
    }
    String[] parts = path.substring(1).split("/", 2);
    String key = parts[0].replace("~1", "/").replace("~0", "~");
    if (key.startsWith("_") || Images.RESERVED.contains(key)) throw StratusException.forbidden("Attribute '" + key + "' is reserved.");
    if (Images.READ_ONLY.contains(key)) throw Images.readOnly(key);
    if (parts.length == 2) {
      if (!key.equals("tags")) throw StratusException.badRequest("Invalid JSON pointer for this resource: '" + path + "'");
      tagOp(image.getJsonArray("tags"), kind, parts[1], op.getValue("value"));
      return;
    }
    switch (kind) {
      case "add" -> image.put(key, value(op));
      case "replace" -> {
        if (!image.containsKey(key)) throw Images.conflict("Property " + key + " does not exist.");
        image.put(key, value(op));
      }
      case "remove" -> {
        if (Images.BASE.contains(key)) throw StratusException.forbidden("Attribute '" + key + "' cannot be removed.");
        if (!image.containsKey(key)) throw Images.conflict("Property " + key + " does not exist.");
        image.remove(key);
      }
      default -> throw StratusException.badRequest("Operation '" + kind + "' is not supported; use add, replace or remove.");
    }
  }

  private static Object value(JsonObject op) {
    if (!op.containsKey("value")) throw StratusException.badRequest("Operation " + op.getString("op") + " needs a value.");
    return op.getValue("value");
  }

  private static void tagOp(JsonArray tags, String kind, String index, Object value) {
    if (kind.equals("add") && index.equals("-")) {
      tags.add(value);
      return;
    }
    int i;
    try {
      i = Integer.parseInt(index);
    } catch (NumberFormatException e) {
      throw StratusException.badRequest("Invalid tag index '" + index + "'");
    }
    if (i < 0 || i > tags.size() || (!kind.equals("add") && i == tags.size())) throw Images.conflict("No tag at index " + i + ".");
    switch (kind) {
      case "add" -> {
        java.util.List<Object> copy = new java.util.ArrayList<>(tags.stream().toList());
        copy.add(i, value);
        tags.clear();
        copy.forEach(tags::add);
      }
      case "replace" -> tags.set(i, value);
      case "remove" -> tags.remove(i);
      default -> throw StratusException.badRequest("Operation '" + kind + "' is not supported; use add, replace or remove.");
    }
  }
}
