package io.stratus.objectserver.swift;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.error.StratusException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire of container and account replication (Swift's db replicator RPC, JSON instead of
 * pickles): {@code REPLICATE /device/partition/hash} marked X-Backend-Server-Type (container or
 * account) with a JSON body naming a sub-verb. {@code sync} merges the sender's info row (creating
 * the database if missing) and answers the merged info, the receiver's hash of its rows and its
 * sync point for the sender's database ({@code dbId}): the highest sequence number of the sender's
 * rows it has merged; {@code merge_items} merges a page of rows, each kept only if it wins, records
 * the page's sequence number as the sender's new sync point, and answers the info after it (404: no
 * such database). Swift's replicator works the same way with ROWIDs and sync points.
 */
public final class DbReplicationProtocol {
  public static final String SYNC = "sync";
  public static final String MERGE_ITEMS = "merge_items";
  /** The largest request body a node reads: a page of rows is far smaller. */
  public static final int MAX_BODY_BYTES = 16 << 20;
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

  /**
   * A request: the sub-verb, the sending database's id, and the arguments (info for sync; rows and
   * the sequence number they reach for merge_items).
   */
  public record Request(String op, JsonNode info, JsonNode rows, long dbId, long point) {
    public static Request sync(Object info, long dbId) {
      return new Request(SYNC, tree(info), null, dbId, 0);
    }

    public static Request mergeItems(List<?> rows, long dbId, long point) {
      return new Request(MERGE_ITEMS, null, tree(rows), dbId, point);
    }
  }

  /** A reply: the receiver's info row after the request; for sync also its hash and its sync point for the sender. */
  public record Reply(JsonNode info, String digest, long point) {
  }

  private DbReplicationProtocol() {
  }

  public static String encode(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw StratusException.from(e);
    }
  }

  /** Decodes a body; 400 when it is not the expected JSON. */
  public static <T> T decode(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw StratusException.badRequest("Invalid replication body: " + e.getMessage());
    }
  }

  public static JsonNode tree(Object value) {
    return value == null ? null : MAPPER.valueToTree(value);
  }

  /** A JSON value as {@code type}; 400 when missing or malformed. */
  public static <T> T convert(JsonNode node, Class<T> type) {
    if (node == null || node.isNull()) throw StratusException.badRequest("Missing " + type.getSimpleName());
    try {
      return MAPPER.treeToValue(node, type);
    } catch (IOException | IllegalArgumentException e) {
      throw StratusException.badRequest("Invalid " + type.getSimpleName() + ": " + e.getMessage());
    }
  }

  /** A JSON array as a list of {@code type}; 400 when it is not one. */
  public static <T> List<T> convertList(JsonNode node, Class<T> type) {
    if (node == null || !node.isArray()) throw StratusException.badRequest("Missing rows");
    List<T> out = new ArrayList<>(node.size());
    node.forEach(n -> out.add(convert(n, type)));
    return out;
  }
}
