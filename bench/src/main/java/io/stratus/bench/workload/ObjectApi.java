package io.stratus.bench.workload;

import io.stratus.bench.http.HttpOutcome;
import io.stratus.bench.http.LoadClient;
import io.vertx.core.Future;

/** One object-storage dialect (Swift v1 or S3): how each operation is sent. */
public interface ObjectApi {

  /** Authenticates if the dialect needs it (Swift: tempauth or Keystone). */
  Future<Void> login(LoadClient client);

  /** The container or bucket URL, for the results. */
  String target();

  /** Creates the container / bucket (an existing one is fine). */
  Future<HttpOutcome> createContainer(LoadClient client);

  /** Deletes the container / bucket. */
  Future<HttpOutcome> deleteContainer(LoadClient client);

  /** Objects in the container as reported by the server, or -1 if unknown. */
  Future<Long> objectCount(LoadClient client);

  /** PUTs {@code size} payload bytes starting at {@code payloadOffset} of the payload stream. */
  Future<HttpOutcome> put(LoadClient client, String key, long size, long payloadOffset);

  /** GETs an object and drains it. */
  Future<HttpOutcome> get(LoadClient client, String key);

  /** HEADs an object. */
  Future<HttpOutcome> head(LoadClient client, String key);

  /** DELETEs an object. */
  Future<HttpOutcome> delete(LoadClient client, String key);

  /** Lists the container (up to {@code limit} names). */
  Future<HttpOutcome> list(LoadClient client, int limit);
}
