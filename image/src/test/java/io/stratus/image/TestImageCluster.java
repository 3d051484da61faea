package io.stratus.image;

import io.stratus.gateway.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The image service on a whole test cluster (identity, four storage nodes, gateway; all on port 0 in
 * one temp dir): its service user glance in project service, its bytes through the gateway's Swift API.
 */
final class TestImageCluster implements AutoCloseable {
  static final String SERVICE_PASSWORD = "glance-secret";

  final TestCluster cluster;
  final ImageServer image;

  private TestImageCluster(TestCluster cluster, ImageServer image) {
    this.cluster = cluster;
    this.image = image;
  }

  /** Starts it with the image settings given (e.g. segment-mib, quota-images) over the defaults. */
  static TestImageCluster start(Path root, Map<String, String> settings) throws Exception {
    TestCluster cluster = TestCluster.start(root);
    try {
      cluster.createUser("service", "glance", SERVICE_PASSWORD, "member");
      return new TestImageCluster(cluster, startImage(cluster, root.resolve("image"), settings));
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Another image service on this cluster, with its registry in {@code dataDir} and the settings given. */
  ImageServer startAnother(Path dataDir, Map<String, String> settings) {
    return startImage(cluster, dataDir, settings);
  }

  private static ImageServer startImage(TestCluster cluster, Path dataDir, Map<String, String> settings) {
    Map<String, String> values = new HashMap<>(Map.of("host", "127.0.0.1", "port", "0", "data-dir", dataDir.toString(),
        "identity-url", cluster.identityUrl(), "object-store-url", cluster.url(""), "service-password", SERVICE_PASSWORD));
    values.putAll(settings);
    return TestCluster.await(ImageServer.start(cluster.vertx, ImageConfig.of(values), Clock.systemUTC()));
  }

  String url(String path) {
    return "http://127.0.0.1:" + image.port() + path;
  }

  /** A project-scoped Keystone token for the user (admin:admin, or one made with createUser). */
  String token(String project, String user, String password) {
    return cluster.login(project + ":" + user, password).token();
  }

  String adminToken() {
    return token("admin", "admin", TestCluster.ADMIN_PASSWORD);
  }

  HttpResponse<String> call(String method, String path, String token, String json, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (token != null) b.header("X-Auth-Token", token);
    if (json != null && !List.of(headers).contains("Content-Type")) b.header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return TestCluster.send(b);
  }

  /** Creates an image; its JSON. */
  JsonObject create(String token, JsonObject fields) {
    HttpResponse<String> r = call("POST", "/v2/images", token, fields.encode());
    if (r.statusCode() != 201) throw new IllegalStateException("create failed: " + r.statusCode() + " " + r.body());
    return new JsonObject(r.body());
  }

  JsonObject show(String token, String id) {
    return new JsonObject(call("GET", "/v2/images/" + id, token, null).body());
  }

  /** Uploads bytes with a Content-Length; the status. */
  int upload(String token, String id, byte[] data) {
    return TestCluster.send(HttpRequest.newBuilder(URI.create(url("/v2/images/" + id + "/file"))).timeout(Duration.ofSeconds(60))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).header("X-Auth-Token", token)
        .header("Content-Type", "application/octet-stream")).statusCode();
  }

  HttpResponse<byte[]> download(String token, String id, String... headers) {
    return cluster.getBytes(url("/v2/images/" + id + "/file"), token, headers);
  }

  /** The objects in the service's container whose names start with the prefix. */
  JsonArray storedObjects(String prefix) {
    TestCluster.Login login = cluster.login("service:glance", SERVICE_PASSWORD);
    HttpResponse<String> r = cluster.call("GET", login.storageUrl() + "/glance?format=json&prefix=" + prefix, login.token(), null);
    return r.statusCode() == 200 ? new JsonArray(r.body()) : new JsonArray();
  }

  @Override
  public void close() {
    TestCluster.await(image.close());
    cluster.close();
  }
}
