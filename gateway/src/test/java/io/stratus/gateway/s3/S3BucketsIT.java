package io.stratus.gateway.s3;

import static io.stratus.gateway.s3.S3Http.all;
import static io.stratus.gateway.s3.S3Http.header;
import static io.stratus.gateway.s3.S3Http.one;
import static io.stratus.gateway.s3.S3Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.gateway.TestCluster;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 API's buckets on a real cluster, over real HTTP and XML, called below authentication through
 * {@link S3TestFront}: lifecycle (create with name rules and BucketAlreadyOwnedByYou, head, list, location,
 * BucketNotEmpty, delete), projects kept apart, versioning, CORS and ACL subresources, virtual-hosted requests,
 * S3 XML errors with request ids, role checks; and the gateway's routing of signed requests to the S3 API.
 */
class S3BucketsIT {
  @TempDir
  static java.nio.file.Path root;
  static TestCluster cluster;
  static S3TestFront front;
  static S3Http alice;
  static S3Http bob;
  static S3Http reader;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(root, c -> c.withS3Domain("s3.test"));
    front = S3TestFront.start(cluster);
    alice = new S3Http(front, front.caller("alice", "proj-a", "member"));
    bob = new S3Http(front, front.caller("bob", "proj-b", "member"));
    reader = new S3Http(front, front.caller("rita", "proj-a", "reader"));
  }

  @AfterAll
  static void stop() {
    front.close();
    cluster.close();
  }

  static void ok(int expected, HttpResponse<byte[]> r) {
    assertEquals(expected, r.statusCode(), () -> r.request().method() + " " + r.uri() + " -> " + text(r));
    assertNotNull(header(r, "x-amz-request-id"), "x-amz-request-id");
    assertNotNull(header(r, "x-amz-id-2"), "x-amz-id-2");
  }

  static void error(int status, String code, HttpResponse<byte[]> r) {
    ok(status, r);
    if (r.request().method().equals("HEAD")) return;
    assertEquals(code, one(r, "/Error/Code"), text(r));
    assertEquals(header(r, "x-amz-request-id"), one(r, "/Error/RequestId"));
    assertNotNull(one(r, "/Error/Message"));
  }

  @Test
  void bucketLifecycle() {
    ok(200, alice.call("PUT", "/life", (String) null));
    error(409, "BucketAlreadyOwnedByYou", alice.call("PUT", "/life", (String) null));
    ok(200, alice.call("HEAD", "/life", (String) null));
    assertTrue(all(alice.call("GET", "/", (String) null), "/ListAllMyBucketsResult/Buckets/Bucket/Name").contains("life"));
    assertEquals("proj-a", one(alice.call("GET", "/", (String) null), "/ListAllMyBucketsResult/Owner/ID"));
    ok(200, alice.call("PUT", "/life/thing", "x"));
    error(409, "BucketNotEmpty", alice.call("DELETE", "/life", (String) null));
    ok(204, alice.call("DELETE", "/life/thing", (String) null));
    ok(204, alice.call("DELETE", "/life", (String) null));
    error(404, "NoSuchBucket", alice.call("HEAD", "/life", (String) null));
    error(404, "NoSuchBucket", alice.call("DELETE", "/life", (String) null));
    error(404, "NoSuchBucket", alice.call("GET", "/life", (String) null));
    assertFalse(all(alice.call("GET", "/", (String) null), "/ListAllMyBucketsResult/Buckets/Bucket/Name").contains("life"));
  }

  @Test
  void bucketNamesFollowS3Rules() {
    for (String bad : new String[] {"ab", "Upper", "under_score", "192.168.1.1", "-dash", "dots..dots", "a".repeat(64),
        "xn--abc", "sthree-abc", "abc-s3alias", "abc--ol-s3", "abc.mrap"}) {
      error(400, "InvalidBucketName", alice.call("PUT", "/" + bad, (String) null));
    }
    ok(200, alice.call("PUT", "/a-valid.name-3", (String) null));
  }

  @Test
  void locationConstraintIsKept() {
    String body = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>";
    ok(200, alice.call("PUT", "/located", body));
    assertEquals("eu-west-1", one(alice.call("GET", "/located?location", (String) null), "/LocationConstraint"));
    assertEquals("eu-west-1", header(alice.call("HEAD", "/located", (String) null), "x-amz-bucket-region"));
    ok(200, alice.call("PUT", "/unlocated", (String) null));
    assertEquals("", one(alice.call("GET", "/unlocated?location", (String) null), "/LocationConstraint"));
    error(400, "MalformedXML", alice.call("PUT", "/badxml", "<CreateBucketConfiguration><oops></CreateBucketConfiguration>"));
    error(400, "InvalidLocationConstraint", alice.call("PUT", "/mars", "<CreateBucketConfiguration>"
        + "<LocationConstraint>mars</LocationConstraint></CreateBucketConfiguration>"));
    error(404, "NoSuchBucket", alice.call("HEAD", "/mars", (String) null));
    ok(200, alice.call("PUT", "/gov", "<CreateBucketConfiguration><LocationConstraint>us-gov-west-1</LocationConstraint>"
        + "</CreateBucketConfiguration>"));
  }

  @Test
  void projectsAreApart() {
    ok(200, alice.call("PUT", "/mine", (String) null));
    ok(200, alice.call("PUT", "/mine/secret", "s3cr3t"));
    error(404, "NoSuchBucket", bob.call("HEAD", "/mine", (String) null));
    error(404, "NoSuchBucket", bob.call("GET", "/mine/secret", (String) null));
    assertFalse(all(bob.call("GET", "/", (String) null), "//Bucket/Name").contains("mine"));
    // The same name is free in another project.
    ok(200, bob.call("PUT", "/mine", (String) null));
    error(404, "NoSuchKey", bob.call("GET", "/mine/secret", (String) null));
  }

  @Test
  void readersReadAndDoNotWrite() {
    ok(200, alice.call("PUT", "/shared", (String) null));
    ok(200, alice.call("PUT", "/shared/doc", "hello"));
    assertEquals("hello", text(reader.call("GET", "/shared/doc", (String) null)));
    error(403, "AccessDenied", reader.call("PUT", "/shared/doc", "bye"));
    error(403, "AccessDenied", reader.call("DELETE", "/shared/doc", (String) null));
    assertEquals("hello", text(alice.call("GET", "/shared/doc", (String) null)));
  }

  @Test
  void versioningMapsOntoSwiftHistory() {
    ok(200, alice.call("PUT", "/vers", (String) null));
    HttpResponse<byte[]> none = alice.call("GET", "/vers?versioning", (String) null);
    ok(200, none);
    assertEquals(null, one(none, "/VersioningConfiguration/Status"));
    String enabled = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
    ok(200, alice.call("PUT", "/vers?versioning", enabled));
    assertEquals("Enabled", one(alice.call("GET", "/vers?versioning", (String) null), "/VersioningConfiguration/Status"));
    ok(200, alice.call("PUT", "/vers/doc", "one"));
    ok(200, alice.call("PUT", "/vers/doc", "two"));
    assertEquals("two", text(alice.call("GET", "/vers/doc", (String) null)));
    // The overwritten version is archived in the history container, which is no bucket of its own.
    TestCluster.Login admin = cluster.login("admin:admin", TestCluster.ADMIN_PASSWORD);
    String storage = admin.storageUrl().replaceAll("AUTH_[^/]+$", "AUTH_proj-a");
    HttpResponse<String> versions = cluster.call("GET", storage + "/vers+versions?format=json", admin.token(), null);
    assertEquals(200, versions.statusCode(), versions.body());
    assertTrue(versions.body().contains("003doc/"), versions.body());
    assertFalse(all(alice.call("GET", "/", (String) null), "//Bucket/Name").contains("vers+versions"));
    ok(204, alice.call("DELETE", "/vers/doc", (String) null));
    error(404, "NoSuchKey", alice.call("GET", "/vers/doc", (String) null));
    String suspended = "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>";
    ok(200, alice.call("PUT", "/vers?versioning", suspended));
    assertEquals("Suspended", one(alice.call("GET", "/vers?versioning", (String) null), "/VersioningConfiguration/Status"));
    error(400, "MalformedXML", alice.call("PUT", "/vers?versioning", "<VersioningConfiguration><Status>On</Status>"
        + "</VersioningConfiguration>"));
  }

  @Test
  void corsIsKept() {
    ok(200, alice.call("PUT", "/cors", (String) null));
    error(404, "NoSuchCORSConfiguration", alice.call("GET", "/cors?cors", (String) null));
    String config = "<CORSConfiguration><CORSRule><AllowedOrigin>https://example.com</AllowedOrigin>"
        + "<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader>"
        + "<MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>";
    ok(200, alice.call("PUT", "/cors?cors", config, "Content-MD5", S3Http.md5Base64(config.getBytes(StandardCharsets.UTF_8))));
    HttpResponse<byte[]> got = alice.call("GET", "/cors?cors", (String) null);
    ok(200, got);
    assertEquals("https://example.com", one(got, "/CORSConfiguration/CORSRule/AllowedOrigin"));
    assertEquals(java.util.List.of("GET", "PUT"), all(got, "/CORSConfiguration/CORSRule/AllowedMethod"));
    assertEquals("3000", one(got, "/CORSConfiguration/CORSRule/MaxAgeSeconds"));
    error(400, "InvalidRequest", alice.call("PUT", "/cors?cors", config.replace("PUT", "PATCH")));
    error(400, "BadDigest", alice.call("PUT", "/cors?cors", config, "Content-MD5", S3Http.md5Base64(new byte[1])));
    ok(204, alice.call("DELETE", "/cors?cors", (String) null));
    error(404, "NoSuchCORSConfiguration", alice.call("GET", "/cors?cors", (String) null));
  }

  @Test
  void aclBasics() {
    ok(200, alice.call("PUT", "/acl", (String) null));
    HttpResponse<byte[]> acl = alice.call("GET", "/acl?acl", (String) null);
    ok(200, acl);
    assertEquals("proj-a", one(acl, "/AccessControlPolicy/Owner/ID"));
    assertEquals(java.util.List.of("FULL_CONTROL"), all(acl, "//Grant/Permission"));
    ok(200, alice.call("PUT", "/acl?acl", (String) null, "x-amz-acl", "public-read"));
    acl = alice.call("GET", "/acl?acl", (String) null);
    assertEquals(java.util.List.of("FULL_CONTROL", "READ"), all(acl, "//Grant/Permission"));
    assertTrue(all(acl, "//Grant/Grantee/URI").get(0).endsWith("/AllUsers"));
    ok(200, alice.call("PUT", "/acl?acl", (String) null, "x-amz-acl", "private"));
    assertEquals(java.util.List.of("FULL_CONTROL"), all(alice.call("GET", "/acl?acl", (String) null), "//Grant/Permission"));
    error(501, "NotImplemented", alice.call("PUT", "/acl?acl", (String) null, "x-amz-acl", "public-read-write"));
    // A canned ACL S3 does not define is the request's fault (was 501), on each operation that takes one.
    error(400, "InvalidArgument", alice.call("PUT", "/acl?acl", (String) null, "x-amz-acl", "garbage"));
    HttpResponse<byte[]> create = alice.call("PUT", "/acl-garbage", (String) null, "x-amz-acl", "garbage");
    error(400, "InvalidArgument", create);
    assertEquals("x-amz-acl", one(create, "/Error/ArgumentName"));
    assertEquals("garbage", one(create, "/Error/ArgumentValue"));
    error(404, "NoSuchBucket", alice.call("HEAD", "/acl-garbage", (String) null));
    error(400, "InvalidArgument", alice.call("PUT", "/acl/garbage-acl", "x", "x-amz-acl", "garbage"));
    error(404, "NoSuchKey", alice.call("HEAD", "/acl/garbage-acl", (String) null));
    ok(200, alice.call("PUT", "/acl/obj", "x"));
    assertEquals("FULL_CONTROL", one(alice.call("GET", "/acl/obj?acl", (String) null), "//Grant/Permission"));
    error(400, "InvalidArgument", alice.call("PUT", "/acl/obj?acl", (String) null, "x-amz-acl", "garbage"));
    error(400, "InvalidArgument", alice.call("POST", "/acl/multi?uploads", (String) null, "x-amz-acl", "garbage"));
    assertEquals(java.util.List.of(), all(alice.call("GET", "/acl?uploads", (String) null), "//Upload/Key"));
    error(400, "InvalidArgument", alice.call("PUT", "/acl/copied", (String) null, "x-amz-copy-source", "/acl/obj",
        "x-amz-acl", "garbage"));
    error(404, "NoSuchKey", alice.call("HEAD", "/acl/copied", (String) null));
    error(404, "NoSuchKey", alice.call("GET", "/acl/none?acl", (String) null));
  }

  @Test
  void virtualHostedRequestsNameTheBucketInTheHost() throws Exception {
    ok(200, alice.call("PUT", "/vhost", (String) null));
    ok(200, alice.call("PUT", "/vhost/path/to/key", "virtual"));
    String answer = raw("GET /path/to/key HTTP/1.1\r\nHost: vhost.s3.test:" + front.port() + "\r\nAuthorization: Test alice\r\n"
        + "Connection: close\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
    assertTrue(answer.endsWith("virtual"), answer);
    String listing = raw("GET /?list-type=2 HTTP/1.1\r\nHost: vhost.s3.test\r\nAuthorization: Test alice\r\n"
        + "Connection: close\r\n\r\n");
    assertTrue(listing.contains("<Key>path/to/key</Key>"), listing);
  }

  private static String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", front.port())) {
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void badInputIsAnS3ErrorNeverA500() {
    ok(200, alice.call("PUT", "/errs", (String) null));
    error(405, "MethodNotAllowed", alice.call("PATCH", "/errs", (String) null));
    error(501, "NotImplemented", alice.call("GET", "/errs?lifecycle", (String) null));
    error(400, "InvalidArgument", alice.call("GET", "/errs?max-keys=-1", (String) null));
    error(400, "InvalidArgument", alice.call("GET", "/errs?encoding-type=base64", (String) null));
    error(400, "MalformedXML", alice.call("PUT", "/errs?versioning", "<<<"));
    error(400, "MalformedXML", alice.call("PUT", "/errs?versioning", "<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>"));
    error(400, "KeyTooLongError", alice.call("PUT", "/errs/" + "k".repeat(1025), "x"));
    error(404, "NoSuchUpload", alice.call("GET", "/errs/key?uploadId=unone", (String) null));
    error(400, "InvalidArgument", alice.call("PUT", "/errs/key?partNumber=0&uploadId=unone", "x"));
  }

  @Test
  void signedRequestsReachTheS3ApiOnTheGatewayPort() {
    // A signature the gateway cannot verify is refused in S3's dialect (the S3 API's own XML, its request ids).
    HttpResponse<String> r = TestCluster.send(HttpRequest.newBuilder(URI.create(cluster.url("/some-bucket/key"))).GET()
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIANOTAKEY/20250101/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=00")
        .header("x-amz-date", "20250101T000000Z"));
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Error><Code>"), r.body());
    assertNotNull(r.headers().firstValue("x-amz-request-id").orElse(null));
    // An Authorization of an AWS scheme that cannot be read is refused in S3's dialect too (was Swift's 404 HTML).
    gatewayError(400, "AuthorizationHeaderMalformed", "AWS4-HMAC-SHA256");
    gatewayError(400, "AuthorizationHeaderMalformed", "AWS4-HMAC-SHA256 Credential=AKIANOTAKEY");
    gatewayError(400, "InvalidArgument", "AWS4-HMAC-SHA512 Credential=AKIANOTAKEY/20250101/us-east-1/s3/aws4_request, "
        + "SignedHeaders=host, Signature=00");
    gatewayError(400, "InvalidArgument", "AWS ");
    gatewayError(400, "InvalidArgument", "AWS nocolon");
    // Swift requests still go to Swift, and another scheme is not S3's.
    assertEquals(401, cluster.call("GET", cluster.url("/v1/AUTH_x"), null, null).statusCode());
    HttpResponse<String> bearer = TestCluster.send(HttpRequest.newBuilder(URI.create(cluster.url("/some-bucket/key"))).GET()
        .header("Authorization", "Bearer x"));
    assertEquals(404, bearer.statusCode(), bearer.body());
    assertFalse(bearer.body().contains("<Error>"), bearer.body());
  }

  /** A GET through the gateway's own port with {@code authorization}: answered {@code status} with S3 XML of {@code code}. */
  private static void gatewayError(int status, String code, String authorization) {
    HttpResponse<String> r = TestCluster.send(HttpRequest.newBuilder(URI.create(cluster.url("/some-bucket/key"))).GET()
        .header("Authorization", authorization).header("x-amz-date", "20250101T000000Z"));
    assertEquals(status, r.statusCode(), authorization + " -> " + r.body());
    assertTrue(r.body().contains("<Error><Code>" + code + "</Code>"), authorization + " -> " + r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/xml"), r.body());
    assertNotNull(r.headers().firstValue("x-amz-request-id").orElse(null));
  }
}
