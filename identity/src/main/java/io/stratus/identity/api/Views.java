package io.stratus.identity.api;

import io.stratus.identity.model.Domain;
import io.stratus.identity.model.Project;
import io.stratus.identity.model.Role;
import io.stratus.identity.model.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/** The Keystone v3 JSON of each entity, with its self link under the v3 base URL. */
final class Views {
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Views() {
  }

  /** ISO-8601 with microseconds and 'Z', as Keystone writes issued_at and expires_at. */
  static String time(Instant instant) {
    return MICROS.format(instant);
  }

  static JsonObject domain(Domain d, String v3) {
    return new JsonObject().put("id", d.id()).put("name", d.name()).put("description", d.description())
        .put("enabled", d.enabled()).put("tags", new JsonArray()).put("options", new JsonObject())
        .put("links", self(v3 + "/domains/" + d.id()));
  }

  static JsonObject project(Project p, String v3) {
    return new JsonObject().put("id", p.id()).put("name", p.name()).put("domain_id", p.domainId())
        .put("description", p.description()).put("enabled", p.enabled()).put("parent_id", p.parentOrDomain())
        .put("is_domain", false).put("tags", new JsonArray()).put("options", new JsonObject())
        .put("links", self(v3 + "/projects/" + p.id()));
  }

  static JsonObject user(User u, String v3) {
    JsonObject json = new JsonObject().put("id", u.id()).put("name", u.name()).put("domain_id", u.domainId())
        .put("enabled", u.enabled()).put("password_expires_at", null).put("options", new JsonObject())
        .put("links", self(v3 + "/users/" + u.id()));
    if (u.defaultProjectId() != null) json.put("default_project_id", u.defaultProjectId());
    if (u.email() != null) json.put("email", u.email());
    if (u.description() != null) json.put("description", u.description());
    return json;
  }

  static JsonObject role(Role r, String v3) {
    return new JsonObject().put("id", r.id()).put("name", r.name()).put("domain_id", null)
        .put("description", r.description()).put("options", new JsonObject())
        .put("links", self(v3 + "/roles/" + r.id()));
  }

  /** {"<plural>": [...], "links": {"self": ..., "previous": null, "next": null}}. */
  static <T> JsonObject list(String plural, List<T> items, Function<T, JsonObject> view, String selfUrl) {
    JsonArray array = new JsonArray();
    for (T item : items) array.add(view.apply(item));
    return new JsonObject().put(plural, array)
        .put("links", new JsonObject().put("self", selfUrl).put("previous", null).put("next", null));
  }

  static JsonObject self(String url) {
    return new JsonObject().put("self", url);
  }

  /** {"id", "name"} of a domain, as nested in tokens and role assignments. */
  static JsonObject domainRef(Domain d) {
    return new JsonObject().put("id", d.id()).put("name", d.name());
  }
}
