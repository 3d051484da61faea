package io.stratus.gateway.s3.auth;

import static io.stratus.gateway.TestCluster.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.gateway.MutableClock;
import io.stratus.gateway.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3Auth against a real identity (EC2 credentials made through its OS-EC2 API) and real clients: the AWS SDK for
 * Java v2 (its S3 client, presigner and SigV4 signer) and botocore. The server under test is {@link S3EchoServer}:
 * S3Auth on a Vert.x server that authenticates each request and reads its body through S3Auth.
 */
class S3AuthIT {
  @TempDir
  static Path root;
  static TestCluster cluster;
  static MutableClock clock;
  static S3Auth auth;
  static HttpServer server;
  static TestCluster.Ec2Credential cred;
  static String projectId;
  static String base;

  @BeforeAll
  static void start() {
    try {
      cluster = TestCluster.start(root);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    TestCluster.Login admin = cluster.login("admin:admin", TestCluster.ADMIN_PASSWORD);
    projectId = admin.storageUrl().substring(admin.storageUrl().lastIndexOf("AUTH_") + 5);
    cred = cluster.ec2Credential(admin.token());
    clock = new MutableClock(Instant.now());
    auth = new S3Auth(cluster.vertx, cluster.vertx.createHttpClient(), cluster.identityUrl(), clock, Duration.ofMinutes(5), 100);
    server = TestCluster.await(cluster.vertx.createHttpServer(new HttpServerOptions().setPort(0).setHost("127.0.0.1"))
        .requestHandler(new S3EchoServer(auth)).listen());
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterAll
  static void stop() {
    TestCluster.await(server.close());
    cluster.close();
  }

  static S3Client client(String access, String secret) {
    return S3Client.builder().endpointOverride(URI.create(base)).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
        .httpClient(UrlConnectionHttpClient.builder().build()).build();
  }


  @Test
  void theSdkClientsPutIsVerifiedAndItsBodyDecoded() {
    byte[] data = random(300_000, 1);
    try (S3Client s3 = client(cred.access(), cred.secret())) {
      PutObjectResponse r = s3.putObject(b -> b.bucket("bkt").key("dir/a b+c.bin"), RequestBody.fromBytes(data));
      var headers = r.sdkHttpResponse().headers();
      assertEquals(List.of(SigV4.sha256Hex(data)), headers.get("x-test-sha256"));
      assertEquals(List.of("300000"), headers.get("x-test-length"));
      assertEquals(List.of(projectId), headers.get("x-test-project"));
      System.out.println("AWS SDK for Java v2 PutObject sends x-amz-content-sha256: " + headers.get("x-test-mode")
          + ", x-amz-trailer: " + headers.get("x-test-trailer"));
      // a second request in the same scope is verified with the cached signing key
      assertEquals(List.of(projectId), s3.headBucket(b -> b.bucket("bkt")).sdkHttpResponse().headers().get("x-test-project"));
    }
  }

  /**
   * The signing key and caller are cached per (access key, scope): after a first request, others in the scope are
   * verified here — even once identity has deleted the credential, until the cache's TTL (like validated tokens) or
   * until a request identity refuses as an unknown key — while a wrong signature still goes to identity.
   */
  @Test
  void requestsInAScopeAreVerifiedWithTheCachedKey() {
    TestCluster.Login admin = cluster.login("admin:admin", TestCluster.ADMIN_PASSWORD);
    TestCluster.Ec2Credential own = cluster.ec2Credential(admin.token());
    try (S3Client s3 = client(own.access(), own.secret()); S3Client wrong = client(own.access(), "wrong")) {
      s3.headBucket(b -> b.bucket("bkt"));
      String userId = new io.vertx.core.json.JsonObject(TestCluster.send(HttpRequest.newBuilder(URI.create(
          cluster.identityUrl() + "/v3/auth/tokens")).header("X-Auth-Token", admin.token())
          .header("X-Subject-Token", admin.token())).body()).getJsonObject("token").getJsonObject("user").getString("id");
      HttpResponse<String> deleted = TestCluster.send(HttpRequest.newBuilder(URI.create(cluster.identityUrl() + "/v3/users/"
          + userId + "/credentials/OS-EC2/" + own.access())).DELETE().header("X-Auth-Token", admin.token()));
      assertEquals(204, deleted.statusCode());
      assertEquals(List.of(projectId), s3.headBucket(b -> b.bucket("other")).sdkHttpResponse().headers().get("x-test-project"));
      S3Exception e = assertThrows(S3Exception.class, () -> wrong.putObject(b -> b.bucket("bkt").key("k"),
          RequestBody.fromString("x")));
      assertEquals("InvalidAccessKeyId", e.awsErrorDetails().errorCode());
      // that answer made the gateway forget the key's cached scope
      S3Exception after = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("bkt").key("k"),
          RequestBody.fromString("x")));
      assertEquals("InvalidAccessKeyId", after.awsErrorDetails().errorCode());
    }
  }

  @Test
  void aWrongSecretDoesNotMatch() {
    try (S3Client s3 = client(cred.access(), "not-the-secret")) {
      S3Exception e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("bkt").key("k"),
          RequestBody.fromString("x")));
      assertEquals(403, e.statusCode());
      assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
    }
    SignedRequest signed = sdkSigned("not-the-secret", "x".getBytes(StandardCharsets.UTF_8), true, false, false);
    HttpResponse<String> r = send(signed, "x".getBytes(StandardCharsets.UTF_8));
    assertEquals(403, r.statusCode());
    String xml = r.body();
    assertTrue(xml.contains("<Code>SignatureDoesNotMatch</Code>") && xml.contains("<CanonicalRequest>PUT\n/bkt/chunked.bin\n")
        && xml.contains("<StringToSign>AWS4-HMAC-SHA256\n") && xml.contains("<AWSAccessKeyId>" + cred.access() + "</AWSAccessKeyId>")
        && xml.contains("<SignatureProvided>"), xml);
  }

  @Test
  void anUnknownKeyIsInvalid() {
    try (S3Client s3 = client("no-such-key", cred.secret())) {
      S3Exception e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("bkt").key("k"),
          RequestBody.fromString("x")));
      assertEquals("InvalidAccessKeyId", e.awsErrorDetails().errorCode());
    }
  }

  @Test
  void aSkewedClockIsRefused() {
    clock.advance(Duration.ofMinutes(20));
    try (S3Client s3 = client(cred.access(), cred.secret())) {
      S3Exception e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("bkt").key("k"),
          RequestBody.fromString("x")));
      assertEquals("RequestTimeTooSkewed", e.awsErrorDetails().errorCode());
      HttpResponse<String> r = send(sdkSigned(cred.secret(), new byte[1], true, false, false), new byte[1]);
      assertEquals(403, r.statusCode());
      assertTrue(r.body().contains("<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>")
          && r.body().contains("<ServerTime>") && r.body().contains("<RequestTime>"), r.body());
    } finally {
      clock.advance(Duration.ofMinutes(-20));
    }
  }

  @Test
  void presignedUrlsWorkUntilTheyExpire() {
    try (S3Presigner presigner = S3Presigner.builder().endpointOverride(URI.create(base)).region(Region.US_EAST_1)
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(cred.access(), cred.secret())))
        .build()) {
      URI url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofHours(1))
          .getObjectRequest(g -> g.bucket("bkt").key("a/b c.txt"))).url().toURI();
      HttpResponse<String> ok = TestCluster.send(HttpRequest.newBuilder(url).GET());
      assertEquals(200, ok.statusCode(), ok.body());
      assertEquals(projectId, ok.headers().firstValue("x-test-project").orElseThrow());
      // the same URL again is answered from the exact-request cache; a changed path is not
      assertEquals(200, TestCluster.send(HttpRequest.newBuilder(url).GET()).statusCode());
      URI other = URI.create(url.toString().replace("/a/b", "/a/x"));
      HttpResponse<String> changed = TestCluster.send(HttpRequest.newBuilder(other).GET());
      assertEquals(403, changed.statusCode());
      assertTrue(changed.body().contains("<Code>SignatureDoesNotMatch</Code>"), changed.body());
      clock.advance(Duration.ofHours(2));
      try {
        HttpResponse<String> expired = TestCluster.send(HttpRequest.newBuilder(url).GET());
        assertEquals(403, expired.statusCode());
        assertTrue(expired.body().contains("<Code>AccessDenied</Code>") && expired.body().contains("Request has expired"),
            expired.body());
      } finally {
        clock.advance(Duration.ofHours(-2));
      }
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Identity checks a signature's validity by its own clock too (CVE-2020-12692), so a gateway whose clock is behind
   * (here: set back an hour) cannot be used to honour old signatures: an SDK-presigned URL signed an hour ago for
   * thirty minutes and a header-signed request of an hour ago pass the gateway's own checks but not identity's, and
   * are answered as S3 does: AccessDenied "Request has expired" and RequestTimeTooSkewed.
   */
  @Test
  void identityRefusesOldSignaturesByItsOwnClock() {
    TestCluster.Login admin = cluster.login("admin:admin", TestCluster.ADMIN_PASSWORD);
    TestCluster.Ec2Credential fresh = cluster.ec2Credential(admin.token());
    java.time.Clock anHourAgo = java.time.Clock.fixed(Instant.now().minus(Duration.ofHours(1)), java.time.ZoneOffset.UTC);
    clock.advance(Duration.ofHours(-1));
    try {
      SdkHttpRequest get = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create(base + "/bkt/old.txt")).build();
      SignedRequest presigned = AwsV4HttpSigner.create().sign(r -> r.identity(AwsBasicCredentials.create(fresh.access(),
          fresh.secret())).request(get).putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1").putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
          .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
          .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(30))
          .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, anHourAgo));
      HttpResponse<String> expired = TestCluster.send(HttpRequest.newBuilder(presigned.request().getUri()).GET());
      assertEquals(403, expired.statusCode(), expired.body());
      assertTrue(expired.body().contains("<Code>AccessDenied</Code>") && expired.body().contains("Request has expired"),
          expired.body());
      SdkHttpRequest put = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(URI.create(base + "/bkt/old.txt"))
          .putHeader("Content-Length", "1").build();
      SignedRequest header = AwsV4HttpSigner.create().sign(r -> r.identity(AwsBasicCredentials.create(fresh.access(),
          fresh.secret())).request(put).payload(ContentStreamProvider.fromByteArray(new byte[1]))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3").putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
          .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, anHourAgo));
      HttpResponse<String> skewed = send(header, new byte[1]);
      assertEquals(403, skewed.statusCode(), skewed.body());
      assertTrue(skewed.body().contains("<Code>RequestTimeTooSkewed</Code>"), skewed.body());
    } finally {
      clock.advance(Duration.ofHours(1));
    }
  }

  /** Signs a PUT with the SDK's own SigV4 signer; answers the signed request and its encoded body. */
  static SignedRequest sdkSigned(byte[] data, boolean signPayload, boolean chunked, boolean crc32) {
    return sdkSigned(cred.secret(), data, signPayload, chunked, crc32);
  }

  /**
   * The SDK signs an unsigned payload only for https, so such requests are signed for an https URL (the scheme is not
   * signed) and sent over http.
   */
  static SignedRequest sdkSigned(String secret, byte[] data, boolean signPayload, boolean chunked, boolean crc32) {
    String url = (signPayload ? base : base.replace("http:", "https:")) + "/bkt/chunked.bin";
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(URI.create(url))
        .putHeader("Content-Length", Integer.toString(data.length)).build();
    return AwsV4HttpSigner.create().sign(r -> {
      r.identity(AwsBasicCredentials.create(cred.access(), secret)).request(request)
          .payload(ContentStreamProvider.fromByteArray(data))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3").putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
          .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, signPayload)
          .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, chunked);
      if (crc32) r.putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32);
    });
  }

  static HttpResponse<String> send(SignedRequest signed, byte[] body) {
    URI uri = URI.create(signed.request().getUri().toString().replace("https:", "http:"));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    Set<String> restricted = Set.of("host", "content-length", "expect", "connection");
    signed.request().forEachHeader((name, values) -> {
      if (!restricted.contains(name.toLowerCase(java.util.Locale.ROOT))) values.forEach(v -> b.header(name, v));
    });
    return TestCluster.send(b);
  }

  static byte[] encoded(SignedRequest signed) {
    try (var in = signed.payload().orElseThrow().newStream()) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void awsChunkedPayloadsAreCheckedChunkByChunk() {
    byte[] data = random(200_000, 2);
    SignedRequest signed = sdkSigned(data, true, true, false);
    assertEquals(PayloadPlan.STREAMING_SIGNED, signed.request().firstMatchingHeader("x-amz-content-sha256").orElseThrow());
    byte[] wire = encoded(signed);
    HttpResponse<String> ok = send(signed, wire);
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(SigV4.sha256Hex(data), ok.headers().firstValue("x-test-sha256").orElseThrow());
    assertEquals("200000", ok.headers().firstValue("x-test-declared-length").orElseThrow());
    wire[wire.length / 2] ^= 1;
    HttpResponse<String> tampered = send(signed, wire);
    assertEquals(403, tampered.statusCode(), tampered.body());
    assertTrue(tampered.body().contains("<Code>SignatureDoesNotMatch</Code>"), tampered.body());
    assertEquals("stream", tampered.headers().firstValue("x-test-failed-in").orElseThrow());
  }

  @Test
  void signedAndUnsignedTrailersCarryAChecksum() {
    byte[] data = random(150_000, 3);
    for (boolean signPayload : new boolean[] {true, false}) {
      SignedRequest signed = sdkSigned(data, signPayload, true, true);
      String mode = signed.request().firstMatchingHeader("x-amz-content-sha256").orElseThrow();
      assertEquals(signPayload ? PayloadPlan.STREAMING_SIGNED_TRAILER : PayloadPlan.STREAMING_UNSIGNED_TRAILER, mode);
      byte[] wire = encoded(signed);
      HttpResponse<String> ok = send(signed, wire);
      assertEquals(200, ok.statusCode(), mode + ": " + ok.body());
      assertEquals(SigV4.sha256Hex(data), ok.headers().firstValue("x-test-sha256").orElseThrow());
      wire[100] ^= 1;
      HttpResponse<String> tampered = send(signed, wire);
      String expected = signPayload ? "SignatureDoesNotMatch" : "BadDigest";
      assertTrue(tampered.body().contains("<Code>" + expected + "</Code>"), mode + ": " + tampered.body());
    }
  }

  @Test
  void aWrongHexPayloadHashFailsTheStream() {
    byte[] data = random(10_000, 4);
    SignedRequest signed = sdkSigned(data, true, false, false);
    assertEquals(SigV4.sha256Hex(data), signed.request().firstMatchingHeader("x-amz-content-sha256").orElseThrow());
    assertEquals(200, send(signed, data).statusCode());
    data[0] ^= 1;
    HttpResponse<String> r = send(signed, data);
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>XAmzContentSHA256Mismatch</Code>"), r.body());
  }

  /** botocore (Debian's python3-botocore, which awscli and s3cmd's peers use) signs with SigV4 and SigV2. */
  @Test
  void botocoreSignaturesVerify() throws Exception {
    String script = String.join("\n",
        "import sys, hashlib, urllib.request",
        "from botocore.auth import S3SigV4Auth, HmacV1Auth",
        "from botocore.awsrequest import AWSRequest",
        "from botocore.credentials import Credentials",
        "creds = Credentials(sys.argv[1], sys.argv[2])",
        "body = b'botocore body' * 1000",
        "for name, signer in (('v4', S3SigV4Auth(creds, 's3', 'eu-west-1')), ('v2', HmacV1Auth(creds))):",
        "    req = AWSRequest(method='PUT', url=sys.argv[3] + '/bkt/k%20' + name + '?tagging', data=body,",
        "                     headers={'Content-Type': 'application/octet-stream'})",
        "    signer.add_auth(req)",
        "    r = urllib.request.Request(req.url, data=body, method='PUT', headers=dict(req.headers.items()))",
        "    try:",
        "        resp = urllib.request.urlopen(r)",
        "        print(name, resp.status, resp.headers['x-test-sha256'] == hashlib.sha256(body).hexdigest())",
        "    except urllib.error.HTTPError as e:",
        "        print(name, e.code, e.read().decode())");
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, cred.access(), cred.secret(), base)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertEquals("v4 200 True\nv2 200 True\n", out);
  }

  @Test
  void presignedPostPolicies() {
    Instant now = clock.instant();
    String date = V4Signed.AMZ_DATE.format(now.atOffset(java.time.ZoneOffset.UTC));
    SigV4.Scope scope = new SigV4.Scope(date.substring(0, 8), "us-east-1", "s3");
    String credential = cred.access() + "/" + scope;
    for (boolean expired : new boolean[] {false, true}) {
      String expiration = now.plus(expired ? -1 : 1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
      String policy = Base64.getEncoder().encodeToString(("{\"expiration\": \"" + expiration + "\", \"conditions\": ["
          + "{\"bucket\": \"bkt\"}, [\"starts-with\", \"$key\", \"up/\"], {\"x-amz-credential\": \"" + credential + "\"}]}")
          .getBytes(StandardCharsets.UTF_8));
      String signature = SigV4.sign(SigV4.signingKey(cred.secret(), scope), policy);
      Map<String, String> form = Map.of("key", "up/file", "Policy", policy, "X-Amz-Algorithm", SigV4.ALGORITHM,
          "X-Amz-Credential", credential, "X-Amz-Date", date, "X-Amz-Signature", signature);
      Future<S3Caller> verified = Future.future(p -> cluster.vertx.runOnContext(v -> auth.authenticatePost(form).onComplete(p)));
      if (expired) {
        Throwable e = assertThrows(IllegalStateException.class, () -> TestCluster.await(verified)).getCause().getCause();
        assertEquals(io.stratus.gateway.s3.S3ErrorCode.ACCESS_DENIED, ((io.stratus.gateway.s3.S3Exception) e).code());
      } else {
        assertEquals(projectId, TestCluster.await(verified).auth().projectId());
        Map<String, String> forged = new java.util.HashMap<>(form);
        forged.put("X-Amz-Signature", signature.replace(signature.charAt(0), signature.charAt(0) == 'a' ? 'b' : 'a'));
        Future<S3Caller> refused = Future.future(p -> cluster.vertx.runOnContext(v -> auth.authenticatePost(forged)
            .onComplete(p)));
        Throwable e = assertThrows(IllegalStateException.class, () -> TestCluster.await(refused)).getCause().getCause();
        assertEquals(io.stratus.gateway.s3.S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, ((io.stratus.gateway.s3.S3Exception) e).code());
      }
    }
  }
}
