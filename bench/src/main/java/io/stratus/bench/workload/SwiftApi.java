package io.stratus.bench.workload;

import io.stratus.bench.auth.SigV4Signer;
import io.stratus.bench.auth.SwiftAuth;
import io.stratus.bench.cli.BenchConfig.AuthConfig;
import io.stratus.bench.http.Endpoint;
import io.stratus.bench.http.HttpOutcome;
import io.stratus.bench.http.LoadClient;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;

/** The Swift v1 object API: {@code /v1/AUTH_x/container/object} with an X-Auth-Token. */
public final class SwiftApi implements ObjectApi {

  private final AuthConfig auth;
  private final String container;
  private final String listFormat;
  private volatile Endpoint storage;
  private volatile String token;
  private volatile String containerPath;

  /** Swift API of the configured account and container; {@link #login} must run first. */
  public SwiftApi(AuthConfig auth, String container, String listFormat) {
    this.auth = auth;
    this.container = container;
    this.listFormat = listFormat;
  }

  @Override
  public Future<Void> login(LoadClient client) {
    return SwiftAuth.login(client, auth).map(session -> {
      storage = Endpoint.parse(session.storageUrl());
      token = session.token();
      containerPath = storage.basePath() + "/" + SigV4Signer.uriEncode(container, true);
      return null;
    });
  }

  @Override
  public String target() {
    return storage == null ? auth.storageUrl() + "/" + container
        : storage.origin() + containerPath;
  }

  private MultiMap headers() {
    return HttpHeaders.headers().add("X-Auth-Token", token);
  }

  private String objectPath(String key) {
    return containerPath + "/" + SigV4Signer.uriEncode(key, false);
  }

  @Override
  public Future<HttpOutcome> createContainer(LoadClient client) {
    return client.exchange(HttpMethod.PUT, storage, containerPath, headers(), 0, 0);
  }

  @Override
  public Future<HttpOutcome> deleteContainer(LoadClient client) {
    return client.exchange(HttpMethod.DELETE, storage, containerPath, headers(), 0, 0);
  }

  @Override
  public Future<Long> objectCount(LoadClient client) {
    return client.fetch(HttpMethod.HEAD, storage, containerPath, headers(), null).map(reply -> {
      String count = reply.headers().get("X-Container-Object-Count");
      return reply.ok() && count != null ? Long.parseLong(count) : -1L;
    });
  }

  @Override
  public Future<HttpOutcome> put(LoadClient client, String key, long size, long payloadOffset) {
    MultiMap headers = headers().add(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
    return client.exchange(HttpMethod.PUT, storage, objectPath(key), headers, size, payloadOffset);
  }

  @Override
  public Future<HttpOutcome> get(LoadClient client, String key) {
    return client.exchange(HttpMethod.GET, storage, objectPath(key), headers(), 0, 0);
  }

  @Override
  public Future<HttpOutcome> head(LoadClient client, String key) {
    return client.exchange(HttpMethod.HEAD, storage, objectPath(key), headers(), 0, 0);
  }

  @Override
  public Future<HttpOutcome> delete(LoadClient client, String key) {
    return client.exchange(HttpMethod.DELETE, storage, objectPath(key), headers(), 0, 0);
  }

  @Override
  public Future<HttpOutcome> list(LoadClient client, int limit) {
    String query = "?limit=" + limit + (listFormat.equals("json") ? "&format=json" : "");
    return client.exchange(HttpMethod.GET, storage, containerPath + query, headers(), 0, 0);
  }
}
