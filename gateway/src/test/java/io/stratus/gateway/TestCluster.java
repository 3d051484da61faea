package io.stratus.gateway;

import io.stratus.identity.IdentityConfig;
import io.stratus.identity.IdentityServer;
import io.stratus.objectserver.StorageNode;
import io.stratus.objectserver.StorageNodeConfig;
import io.stratus.ring.Device;
import io.stratus.ring.PathHasher;
import io.stratus.ring.Ring;
import io.stratus.ring.RingSource;
import io.stratus.ring.builder.RingBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A whole cluster in one JVM for integration tests, all on port 0 under one temp dir: identity, four
 * storage nodes (one device each, zones 1-4), account/container/object rings with three replicas
 * over them, and a gateway in front. Nodes can be stopped and restarted on their port.
 */
public final class TestCluster implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "admin-secret";
  public static final int NODES = 4;
  public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public final Vertx vertx;
  private final Path root;
  private final Path socketDir;
  private final IdentityServer identity;
  private final StorageNode[] nodes = new StorageNode[NODES];
  private final int[] ports = new int[NODES];
  private final Ring ring;
  private final GatewayServer gateway;

  private TestCluster(Path root, Path socketDir, GatewayConfigurer configurer) throws Exception {
    this.root = root;
    this.socketDir = socketDir;
    this.vertx = Vertx.vertx();
    IdentityConfig idConfig = IdentityConfig.of(Map.of("host", "127.0.0.1", "port", "0", "data-dir",
        root.resolve("identity").toString(), "admin-password", ADMIN_PASSWORD, "hash-memory-kib", "1024",
        "hash-iterations", "1"));
    this.identity = await(IdentityServer.start(vertx, idConfig, Clock.systemUTC()));
    for (int i = 0; i < NODES; i++) {
      nodes[i] = new StorageNode(vertx, nodeConfig(i, 0), Clock.systemUTC());
      await(nodes[i].start());
      ports[i] = nodes[i].port();
    }
    this.ring = buildRing();
    RingSource source = RingSource.of(ring);
    GatewayConfig config = configurer.apply(GatewayConfig.local(source, source, source, identityUrl())
        .withStorageSocketDir(socketDir));
    this.gateway = new GatewayServer(vertx, config, Clock.systemUTC());
    await(gateway.start());
  }

  /** Adjusts the gateway's test configuration. */
  @FunctionalInterface
  public interface GatewayConfigurer {
    GatewayConfig apply(GatewayConfig config);
  }

  public static TestCluster start(Path root) throws Exception {
    return new TestCluster(root, null, c -> c);
  }

  public static TestCluster start(Path root, GatewayConfigurer configurer) throws Exception {
    return new TestCluster(root, null, configurer);
  }

  /** A cluster as the all-in-one runs: the gateway reaches the nodes, and they each other, through Unix domain sockets. */
  public static TestCluster startWithLocalSockets(Path root) throws Exception {
    return new TestCluster(root, root.resolve("run"), c -> c);
  }

  private StorageNodeConfig nodeConfig(int i, int port) {
    return StorageNodeConfig.local(root.resolve("node" + (i + 1)), List.of("d" + (i + 1))).withPort(port).withSocketDir(socketDir);
  }

  /** Whole bodies the nodes have named to the gateway to send from their files, rather than sent. */
  public long namedBodies() {
    long n = 0;
    for (StorageNode node : nodes) n += node.responses().namedBodies();
    return n;
  }

  private Ring buildRing() {
    RingBuilder b = RingBuilder.create(6, 3, 1, InstantSource.system());
    for (int i = 0; i < NODES; i++) b.addDevice(Device.of(i, 1, i + 1, "127.0.0.1", ports[i], "d" + (i + 1), 100));
    b.rebalance(42);
    return new Ring(b.toRingData(), new PathHasher("", "test-suffix"));
  }

  public Ring ring() {
    return ring;
  }

  /** The gateway itself (e.g. its S3 API, which tests call below authentication). */
  public GatewayServer gateway() {
    return gateway;
  }

  public String identityUrl() {
    return "http://127.0.0.1:" + identity.port();
  }

  public int gatewayPort() {
    return gateway.port();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + gateway.port() + path;
  }

  /** The index (0..3) of the node serving a device. */
  public int nodeOf(Device d) {
    for (int i = 0; i < NODES; i++) if (ports[i] == d.port()) return i;
    throw new IllegalArgumentException("no node for " + d);
  }

  public void stopNode(int i) {
    await(nodes[i].close());
  }

  public void restartNode(int i) {
    nodes[i] = new StorageNode(vertx, nodeConfig(i, ports[i]), Clock.systemUTC());
    await(nodes[i].start());
  }

  /** A tempauth login through the gateway: the token and the storage URL. */
  public record Login(String token, String storageUrl) {
    /** The account of the storage URL ({@code AUTH_<project>}). */
    public String account() {
      return URI.create(storageUrl).getPath().substring("/v1/".length());
    }
  }

  /** {@code size} bytes of a seeded generator: the same bytes for the same seed. */
  public static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** The hex MD5 of {@code data}, as Swift's ETags are. */
  public static String md5(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
  }

  public Login login(String projectUser, String key) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url("/auth/v1.0"))).GET()
        .header("X-Auth-User", projectUser).header("X-Auth-Key", key));
    if (r.statusCode() != 200) throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
    return new Login(r.headers().firstValue("X-Auth-Token").orElseThrow(), r.headers().firstValue("X-Storage-Url").orElseThrow());
  }

  /** Creates a project and a user holding {@code roles} on it (through identity's v3 API); the project id. */
  public String createUser(String project, String user, String password, String... roles) {
    String admin = login("admin:admin", ADMIN_PASSWORD).token();
    String projectId = lookupOrCreate(admin, "projects", "project", project);
    String userId = create(admin, "users", "user", new JsonObject().put("name", user).put("password", password));
    for (String role : roles) {
      String roleId = lookupOrCreate(admin, "roles", "role", role);
      HttpResponse<String> r = identityCall("PUT", "/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId,
          null, admin);
      if (r.statusCode() != 204) throw new IllegalStateException("role assignment failed: " + r.body());
    }
    return projectId;
  }

  /** EC2/S3 credentials (OS-EC2, made by admin) of an existing user on a project: {access, secret}. */
  public String[] ec2Credentials(String user, String projectId) {
    String admin = login("admin:admin", ADMIN_PASSWORD).token();
    JsonArray users = new JsonObject(identityCall("GET", "/v3/users?name=" + user, null, admin).body()).getJsonArray("users");
    Ec2Credential credential = createEc2(users.getJsonObject(0).getString("id"), projectId, admin);
    return new String[] {credential.access(), credential.secret()};
  }

  private String lookupOrCreate(String admin, String collection, String member, String name) {
    JsonArray found = new JsonObject(identityCall("GET", "/v3/" + collection + "?name=" + name, null, admin).body())
        .getJsonArray(collection);
    if (!found.isEmpty()) return found.getJsonObject(0).getString("id");
    return create(admin, collection, member, new JsonObject().put("name", name));
  }

  private String create(String admin, String collection, String member, JsonObject fields) {
    HttpResponse<String> r = identityCall("POST", "/v3/" + collection, new JsonObject().put(member, fields).encode(), admin);
    if (r.statusCode() != 201) throw new IllegalStateException("create " + member + " failed: " + r.body());
    return new JsonObject(r.body()).getJsonObject(member).getString("id");
  }

  private HttpResponse<String> identityCall(String method, String path, String body, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(identityUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("X-Auth-Token", token);
    if (body != null) b.header("Content-Type", "application/json");
    return send(b);
  }

  /** An EC2/S3 credential: access key and secret. */
  public record Ec2Credential(String access, String secret) {
  }

  /**
   * Makes an EC2/S3 credential through identity's OS-EC2 API for the user and project of a token (e.g. a tempauth
   * login's).
   */
  public Ec2Credential ec2Credential(String token) {
    HttpRequest.Builder who = HttpRequest.newBuilder(URI.create(identityUrl() + "/v3/auth/tokens?nocatalog")).GET()
        .header("X-Auth-Token", token).header("X-Subject-Token", token);
    JsonObject body = new JsonObject(send(who).body()).getJsonObject("token");
    String userId = body.getJsonObject("user").getString("id");
    return createEc2(userId, body.getJsonObject("project").getString("id"), token);
  }

  /** Creates an EC2/S3 credential of a user on a project through identity's OS-EC2 API, with a token allowed to. */
  private Ec2Credential createEc2(String userId, String projectId, String token) {
    HttpResponse<String> r = identityCall("POST", "/v3/users/" + userId + "/credentials/OS-EC2",
        new JsonObject().put("tenant_id", projectId).encode(), token);
    if (r.statusCode() != 201) throw new IllegalStateException("EC2 credential creation failed: " + r.statusCode() + " " + r.body());
    JsonObject credential = new JsonObject(r.body()).getJsonObject("credential");
    return new Ec2Credential(credential.getString("access"), credential.getString("secret"));
  }

  /** Runs {@code n} calls at once (released together) and returns their answers in order. */
  public static <T> List<T> together(int n, IntFunction<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<java.util.concurrent.Future<T>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        answers.add(pool.submit(() -> {
          go.await();
          return call.apply(index);
        }));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (java.util.concurrent.Future<T> f : answers) out.add(f.get());
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A request to the gateway with a token and alternating header names and values. */
  public HttpResponse<String> call(String method, String url, String token, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) b.header("X-Auth-Token", token);
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return send(b);
  }

  public HttpResponse<byte[]> getBytes(String url, String token, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET()
        .header("X-Auth-Token", token);
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    List<Future<?>> closing = new ArrayList<>();
    closing.add(gateway.close());
    for (StorageNode n : nodes) closing.add(n.close().otherwiseEmpty());
    closing.add(identity.close());
    await(Future.join(closing).otherwiseEmpty());
    await(vertx.close());
  }
}
