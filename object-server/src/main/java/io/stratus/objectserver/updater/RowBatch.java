package io.stratus.objectserver.updater;

import io.stratus.common.error.StratusException;
import io.stratus.objectserver.store.PendingUpdate;
import io.stratus.objectserver.swift.ObjectRow;
import io.stratus.objectserver.swift.Timestamp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of an {@code UPDATE} of a container (Swift's verb for several object rows at once): a
 * JSON array of rows {@code {"name", "timestamp", "size", "content_type", "etag", "deleted"}}.
 */
public final class RowBatch {
  /** The verb. */
  public static final String VERB = "UPDATE";
  /** Most rows one UPDATE carries. */
  static final int MAX_ROWS = 512;

  private RowBatch() {
  }

  /** The rows of object servers' single updates (PUT or DELETE of one object, its row in headers). */
  static Buffer encode(List<PendingUpdate> updates, List<String> names) {
    JsonArray rows = new JsonArray();
    for (int i = 0; i < updates.size(); i++) {
      PendingUpdate u = updates.get(i);
      boolean deleted = u.method().equals("DELETE");
      rows.add(new JsonObject().put("name", names.get(i)).put("timestamp", u.headers().get("X-Timestamp"))
          .put("size", deleted ? 0 : Long.parseLong(u.headers().getOrDefault("X-Size", "0")))
          .put("content_type", deleted ? "" : u.headers().getOrDefault("X-Content-Type", ""))
          .put("etag", deleted ? "" : u.headers().getOrDefault("X-Etag", "")).put("deleted", deleted));
    }
    return rows.toBuffer();
  }

  /** The rows of an UPDATE body; 400 if it is not such an array. */
  public static List<ObjectRow> decode(Buffer body) {
    try {
      JsonArray rows = new JsonArray(body);
      if (rows.size() > MAX_ROWS) throw StratusException.badRequest("More than " + MAX_ROWS + " rows");
      List<ObjectRow> out = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        JsonObject r = rows.getJsonObject(i);
        boolean deleted = r.getBoolean("deleted", false);
        String name = r.getString("name");
        if (name == null || name.isEmpty()) throw StratusException.badRequest("A row without a name");
        out.add(new ObjectRow(name, Timestamp.required(r.getString("timestamp")), deleted ? 0 : r.getLong("size", 0L),
            deleted ? "" : r.getString("content_type", ""), deleted ? "" : r.getString("etag", ""), deleted));
      }
      return out;
    } catch (DecodeException | ClassCastException e) {
      throw StratusException.badRequest("Malformed rows: " + e.getMessage());
    }
  }
}
