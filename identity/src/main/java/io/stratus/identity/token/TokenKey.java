package io.stratus.identity.token;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;

/** One AES-256 token key: its id (carried in every token it seals), the key bytes and when it was made. */
public record TokenKey(int id, byte[] key, Instant createdAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("key", Base64.getEncoder().encodeToString(key))
        .put("created_at", createdAt.toString());
  }

  public static TokenKey fromJson(JsonObject json) {
    return new TokenKey(json.getInteger("id"), Base64.getDecoder().decode(json.getString("key")),
        Instant.parse(json.getString("created_at")));
  }
}
