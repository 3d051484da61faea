package io.stratus.bench.workload;

import io.stratus.bench.auth.SigV4Signer;
import io.stratus.bench.http.Endpoint;
import io.stratus.bench.http.HttpOutcome;
import io.stratus.bench.http.LoadClient;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The S3 API, path-style ({@code /bucket/key}), every request signed with SigV4. */
public final class S3Api implements ObjectApi {

  private final Endpoint endpoint;
  private final String bucket;
  private final SigV4Signer signer;
  private final Clock clock;

  /** S3 API of {@code bucket} at {@code endpoint}; the clock dates the signatures. */
  public S3Api(Endpoint endpoint, String bucket, SigV4Signer signer, Clock clock) {
    this.endpoint = endpoint;
    this.bucket = bucket;
    this.signer = signer;
    this.clock = clock;
  }

  @Override
  public Future<Void> login(LoadClient client) {
    return Future.succeededFuture();
  }

  @Override
  public String target() {
    return endpoint.origin() + endpoint.basePath() + "/" + bucket;
  }

  private String path(String key) {
    return endpoint.basePath() + "/" + bucket + (key == null ? "" : "/" + key);
  }

  /** Headers of a signed request (host, date, payload hash, Authorization). */
  MultiMap signed(HttpMethod method, String path, Map<String, String> query, String payloadHash) {
    Instant now = clock.instant();
    Map<String, String> signedHeaders = new LinkedHashMap<>();
    signedHeaders.put("host", endpoint.hostHeader());
    signedHeaders.put("x-amz-content-sha256", payloadHash);
    signedHeaders.put("x-amz-date", SigV4Signer.amzDate(now));
    String authorization = signer.authorization(method.name(), path, query, signedHeaders, payloadHash, now);
    MultiMap headers = HttpHeaders.headers();
    signedHeaders.forEach(headers::add);
    headers.add(HttpHeaders.AUTHORIZATION, authorization);
    return headers;
  }

  private Future<HttpOutcome> send(LoadClient client, HttpMethod method, String key,
      Map<String, String> query, long size, long payloadOffset) {
    String path = path(key);
    String hash = size > 0 || method == HttpMethod.PUT ? SigV4Signer.UNSIGNED_PAYLOAD : SigV4Signer.EMPTY_SHA256;
    MultiMap headers = signed(method, path, query, hash);
    StringBuilder uri = new StringBuilder(SigV4Signer.uriEncode(path, false));
    char sep = '?';
    for (Map.Entry<String, String> e : query.entrySet()) {
      uri.append(sep).append(SigV4Signer.uriEncode(e.getKey(), true)).append('=')
          .append(SigV4Signer.uriEncode(e.getValue(), true));
      sep = '&';
    }
    if (method == HttpMethod.PUT && key != null) {
      headers.add(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
    }
    return client.exchange(method, endpoint, uri.toString(), headers, size, payloadOffset);
  }

  @Override
  public Future<HttpOutcome> createContainer(LoadClient client) {
    return send(client, HttpMethod.PUT, null, Map.of(), 0, 0).map(o ->
        o.status() == 409 ? new HttpOutcome(200, o.bytesOut(), o.bytesIn()) : o);
  }

  @Override
  public Future<HttpOutcome> deleteContainer(LoadClient client) {
    return send(client, HttpMethod.DELETE, null, Map.of(), 0, 0);
  }

  @Override
  public Future<Long> objectCount(LoadClient client) {
    return Future.succeededFuture(-1L);
  }

  @Override
  public Future<HttpOutcome> put(LoadClient client, String key, long size, long payloadOffset) {
    return send(client, HttpMethod.PUT, key, Map.of(), size, payloadOffset);
  }

  @Override
  public Future<HttpOutcome> get(LoadClient client, String key) {
    return send(client, HttpMethod.GET, key, Map.of(), 0, 0);
  }

  @Override
  public Future<HttpOutcome> head(LoadClient client, String key) {
    return send(client, HttpMethod.HEAD, key, Map.of(), 0, 0);
  }

  @Override
  public Future<HttpOutcome> delete(LoadClient client, String key) {
    return send(client, HttpMethod.DELETE, key, Map.of(), 0, 0);
  }

  @Override
  public Future<HttpOutcome> list(LoadClient client, int limit) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("list-type", "2");
    query.put("max-keys", Integer.toString(limit));
    return send(client, HttpMethod.GET, null, query, 0, 0);
  }
}
