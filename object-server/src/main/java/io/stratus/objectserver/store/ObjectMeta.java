package io.stratus.objectserver.store;

import io.stratus.objectserver.swift.Timestamp;
import java.util.Map;

/**
 * An object's metadata row: the newest write of the name. A tombstone (deleted) keeps only the
 * delete's timestamp. {@code metaTimestamp} moves on a POST; {@code dataTimestamp} is the PUT's.
 * {@code headers} holds X-Object-Meta-*, sysmeta and the other headers Swift keeps with an object.
 * The body is either inline (chunks in the device's chunk family) or, when {@code bodyFile} is set,
 * that file in the partition's body directory; either way it is read in {@code chunkSize} pieces.
 */
public record ObjectMeta(String account, String container, String object, Timestamp dataTimestamp,
    Timestamp metaTimestamp, boolean deleted, String contentType, long size, String etag, long deleteAt,
    int chunkSize, int chunkCount, Map<String, String> headers, String bodyFile) {

  public static ObjectMeta tombstone(ObjectKey key, Timestamp ts) {
    return new ObjectMeta(key.account(), key.container(), key.object(), ts, ts, true, null, 0, null, 0, 0, 0, Map.of(), null);
  }

  /** The newest of the data and metadata timestamps. */
  public Timestamp timestamp() {
    return metaTimestamp.isAfter(dataTimestamp) ? metaTimestamp : dataTimestamp;
  }

  /** True when X-Delete-At has passed. */
  public boolean expired(long nowSeconds) {
    return deleteAt > 0 && deleteAt <= nowSeconds;
  }

  public ObjectMeta withPost(Timestamp ts, Map<String, String> newHeaders, long newDeleteAt) {
    return new ObjectMeta(account, container, object, dataTimestamp, ts, false, contentType, size, etag, newDeleteAt,
        chunkSize, chunkCount, newHeaders, bodyFile);
  }
}
