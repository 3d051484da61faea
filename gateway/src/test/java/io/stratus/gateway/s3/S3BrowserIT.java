package io.stratus.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stratus.gateway.TestCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * What browsers use, with real client code: presigned POST uploads made by boto3's {@code generate_presigned_post}
 * (SigV2 and SigV4) and posted by python3-requests (fields, conditions, content-length-range, ${filename}, success_action_status and
 * redirect, a large streamed file, refusals), and CORS: a configuration put with the AWS SDK for Java v2, then
 * preflights and actual requests (SDK-presigned URLs) with an Origin over java.net.http.
 */
class S3BrowserIT {
  private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  @TempDir
  static Path root;
  static TestCluster cluster;
  static String[] keys;
  static String[] otherKeys;
  static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(root.resolve("cluster"));
    String project = cluster.createUser("browser", "webuser", "web-secret", "member");
    keys = cluster.ec2Credentials("webuser", project);
    String other = cluster.createUser("browserother", "webstranger", "web-secret", "member");
    otherKeys = cluster.ec2Credentials("webstranger", other);
    s3 = client(keys);
  }

  @AfterAll
  static void stop() {
    if (s3 != null) s3.close();
    if (cluster != null) cluster.close();
  }

  static S3Client client(String[] credentials) {
    return S3Client.builder().endpointOverride(URI.create(cluster.url(""))).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(credentials[0], credentials[1])))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  /** boto3 makes presigned POSTs, python3-requests posts them (fields first, then the file, as browsers do). */
  @Test
  void presignedPostsFromBoto3() throws Exception {
    assumeTrue(python("import boto3, requests").contains("exit 0"), "needs python3-boto3 and python3-requests");
    String out = python(String.join("\n",
        "import boto3, requests, sys, hashlib, os",
        "from botocore.config import Config",
        "def post(p, body, name='hello.txt', fields=None, **kw):",
        "    data = dict(p['fields'])",
        "    data.update(fields or {})",
        "    return requests.post(p['url'], data=data, files={'file': (name, body, 'application/x-ignored')}, **kw)",
        "def refused(r, status, code, text=''):",
        "    assert r.status_code == status and '<Code>' + code + '</Code>' in r.text and text in r.text, (r.status_code, r.text)",
        "for version in ('s3', 's3v4'):",
        "  s3 = boto3.client('s3', endpoint_url=sys.argv[1], aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3],",
        "                    region_name='us-east-1', config=Config(signature_version='s3v4'))",
        "  signer = boto3.client('s3', endpoint_url=sys.argv[1], aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3],",
        "                        region_name='us-east-1', config=Config(signature_version=version))",
        "  bucket = 'forms-' + version",
        "  s3.create_bucket(Bucket=bucket)",
        "  p = signer.generate_presigned_post(bucket, 'uploads/${filename}',",
        "      Fields={'Content-Type': 'text/plain', 'x-amz-meta-color': 'blue', 'success_action_status': '201'},",
        "      Conditions=[{'Content-Type': 'text/plain'}, {'x-amz-meta-color': 'blue'}, {'success_action_status': '201'},",
        "                  ['content-length-range', 1, 1000]], ExpiresIn=600)",
        "  r = post(p, b'hello form')",
        "  assert r.status_code == 201, r.text",
        "  assert '<Key>uploads/hello.txt</Key>' in r.text and '<Bucket>' + bucket + '</Bucket>' in r.text, r.text",
        "  assert r.headers['ETag'] == '\"%s\"' % hashlib.md5(b'hello form').hexdigest(), r.headers",
        "  o = s3.get_object(Bucket=bucket, Key='uploads/hello.txt')",
        "  assert o['Body'].read() == b'hello form' and o['ContentType'] == 'text/plain' and o['Metadata'] == {'color': 'blue'}, o",
        "  refused(post(p, b'x' * 1001, 'big.txt'), 400, 'EntityTooLarge')",
        "  refused(post(p, b'', 'empty.txt'), 400, 'EntityTooSmall')",
        "  names = [c['Key'] for c in s3.list_objects_v2(Bucket=bucket)['Contents']]",
        "  assert names == ['uploads/hello.txt'], names",
        "  refused(post(p, b'x', fields={'Content-Type': 'text/html'}), 403, 'AccessDenied', 'Invalid according to Policy')",
        "  refused(post(p, b'x', fields={'x-amz-meta-extra': '1'}), 403, 'AccessDenied', 'Extra input fields: x-amz-meta-extra')",
        "  name = 'x-amz-signature' if 'x-amz-signature' in p['fields'] else 'signature'",
        "  sig = p['fields'][name]",
        "  refused(post(p, b'x', fields={name: ('A' if sig[0] != 'A' else 'B') + sig[1:]}), 403, 'SignatureDoesNotMatch')",
        "  refused(post(p, b'x', fields={name: ('0' if sig[0] != '0' else '1') + sig[1:]}), 403, 'SignatureDoesNotMatch')",
        "  old = signer.generate_presigned_post(bucket, 'late', ExpiresIn=-60)",
        "  refused(post(old, b'x'), 403, 'AccessDenied', 'Policy expired')",
        "  plain = signer.generate_presigned_post(bucket, 'big.bin')",
        "  data = os.urandom(8 * 1024 * 1024 + 5)",
        "  r = post(plain, data, 'big.bin')",
        "  assert r.status_code == 204 and r.text == '', (r.status_code, r.text)",
        "  assert s3.get_object(Bucket=bucket, Key='big.bin')['Body'].read() == data",
        "  back = signer.generate_presigned_post(bucket, 'r/${filename}', Fields={'success_action_redirect': 'http://app.example/done'},",
        "      Conditions=[{'success_action_redirect': 'http://app.example/done'}])",
        "  r = post(back, b'redirected', 'a b.txt', allow_redirects=False)",
        "  assert r.status_code == 303, (r.status_code, r.text)",
        "  assert r.headers['Location'].startswith('http://app.example/done?bucket=' + bucket + '&key=r%2Fa%20b.txt&etag='), r.headers",
        "  other = boto3.client('s3', endpoint_url=sys.argv[1], aws_access_key_id=sys.argv[4], aws_secret_access_key=sys.argv[5],",
        "                       region_name='us-east-1', config=Config(signature_version=version))",
        "  refused(post(other.generate_presigned_post(bucket, 'x'), b'x'), 404, 'NoSuchBucket')",
        "  print('posted with', version)",
        ""), cluster.url(""), keys[0], keys[1], otherKeys[0], otherKeys[1]);
    assertTrue(out.contains("posted with s3\n") && out.contains("posted with s3v4\n") && out.contains("exit 0"), out);
  }

  /** A form without the file, or with fields after it, as S3 answers it. */
  @Test
  void aFormWithoutItsFileIsRefused() {
    s3.createBucket(b -> b.bucket("fileless"));
    String boundary = "----stratus";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk\r\n--" + boundary + "--\r\n";
    HttpResponse<String> r = TestCluster.send(HttpRequest.newBuilder(URI.create(cluster.url("/fileless")))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>InvalidArgument</Code>") && r.body().contains("exactly one file"), r.body());
  }

  @Test
  void corsRulesAreEnforced() {
    s3.createBucket(b -> b.bucket("web"));
    s3.createBucket(b -> b.bucket("closed"));
    s3.putObject(b -> b.bucket("web").key("page.txt"), RequestBody.fromString("page"));
    s3.putBucketCors(b -> b.bucket("web").corsConfiguration(c -> c.corsRules(
        CORSRule.builder().allowedOrigins("http://*.example.com").allowedMethods("GET", "PUT")
            .allowedHeaders("x-amz-*", "Content-Type").exposeHeaders("ETag", "x-amz-request-id").maxAgeSeconds(600).build(),
        CORSRule.builder().allowedOrigins("*").allowedMethods("GET").build())));

    HttpResponse<String> ok = preflight("/web/page.txt", "http://app.example.com", "PUT", "Content-Type, X-Amz-Date");
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("http://app.example.com", header(ok, "Access-Control-Allow-Origin"));
    assertEquals("GET, PUT", header(ok, "Access-Control-Allow-Methods"));
    assertEquals("content-type, x-amz-date", header(ok, "Access-Control-Allow-Headers"));
    assertEquals("600", header(ok, "Access-Control-Max-Age"));
    assertEquals("ETag, x-amz-request-id", header(ok, "Access-Control-Expose-Headers"));
    assertEquals("true", header(ok, "Access-Control-Allow-Credentials"));
    assertTrue(header(ok, "Vary").contains("Origin"));

    HttpResponse<String> anyone = preflight("/web/page.txt", "https://elsewhere.org", "GET", null);
    assertEquals(200, anyone.statusCode(), anyone.body());
    assertEquals("*", header(anyone, "Access-Control-Allow-Origin"));
    assertTrue(anyone.headers().firstValue("Access-Control-Allow-Credentials").isEmpty());
    forbidden(preflight("/web/page.txt", "https://elsewhere.org", "PUT", null), "not allowed");
    forbidden(preflight("/web/page.txt", "http://app.example.com", "PUT", "Authorization"), "not allowed");
    forbidden(preflight("/web/page.txt", "http://example.com", "PUT", null), "not allowed");
    forbidden(preflight("/closed/x", "http://app.example.com", "GET", null), "CORS is not enabled");
    forbidden(preflight("/no-such-bucket/x", "http://app.example.com", "GET", null), "CORS is not enabled");
    HttpResponse<String> noOrigin = TestCluster.send(HttpRequest.newBuilder(URI.create(cluster.url("/web/page.txt")))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Access-Control-Request-Method", "GET"));
    assertEquals(400, noOrigin.statusCode(), noOrigin.body());
    // Swift's OPTIONS stays Swift's
    HttpResponse<String> swift = preflight("/v1/AUTH_x/c/o", "http://app.example.com", "GET", null);
    assertTrue(swift.headers().firstValue("x-amz-request-id").isEmpty(), swift.headers().toString());

    actualRequests();
    // another project's bucket of the same name cannot take the name while this one has rules
    try (S3Client other = client(otherKeys)) {
      other.createBucket(b -> b.bucket("web"));
      S3Exception taken = assertThrows(S3Exception.class, () -> other.putBucketCors(b -> b.bucket("web").corsConfiguration(c ->
          c.corsRules(CORSRule.builder().allowedOrigins("*").allowedMethods("PUT").build()))));
      assertEquals("InvalidRequest", taken.awsErrorDetails().errorCode());
      s3.deleteBucketCors(b -> b.bucket("web"));
      forbidden(preflight("/web/page.txt", "http://app.example.com", "GET", null), "CORS is not enabled");
      other.putBucketCors(b -> b.bucket("web").corsConfiguration(c ->
          c.corsRules(CORSRule.builder().allowedOrigins("*").allowedMethods("PUT").build())));
      assertEquals(200, preflight("/web/page.txt", "http://app.example.com", "PUT", null).statusCode());
    }
  }

  /** Signed requests with an Origin get the matching rule's headers; a method no rule allows for the origin none. */
  private void actualRequests() {
    try (S3Presigner presigner = S3Presigner.builder().endpointOverride(URI.create(cluster.url(""))).region(Region.US_EAST_1)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keys[0], keys[1]))).build()) {
      URI get = URI.create(presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(10))
          .getObjectRequest(g -> g.bucket("web").key("page.txt"))).url().toString());
      HttpResponse<String> fromApp = TestCluster.send(HttpRequest.newBuilder(get).GET().header("Origin", "http://app.example.com"));
      assertEquals(200, fromApp.statusCode(), fromApp.body());
      assertEquals("page", fromApp.body());
      assertEquals("http://app.example.com", header(fromApp, "Access-Control-Allow-Origin"));
      assertEquals("ETag, x-amz-request-id", header(fromApp, "Access-Control-Expose-Headers"));
      assertEquals("true", header(fromApp, "Access-Control-Allow-Credentials"));
      assertTrue(header(fromApp, "Vary").contains("Origin"));
      HttpResponse<String> fromAnyone = TestCluster.send(HttpRequest.newBuilder(get).GET().header("Origin", "https://x.org"));
      assertEquals("*", header(fromAnyone, "Access-Control-Allow-Origin"));
      HttpResponse<String> noOrigin = TestCluster.send(HttpRequest.newBuilder(get).GET());
      assertTrue(noOrigin.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
      URI put = URI.create(presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(10))
          .putObjectRequest(o -> o.bucket("web").key("put.txt"))).url().toString());
      HttpResponse<String> putAnyone = TestCluster.send(HttpRequest.newBuilder(put)
          .PUT(HttpRequest.BodyPublishers.ofString("x")).header("Origin", "https://x.org"));
      assertEquals(200, putAnyone.statusCode(), putAnyone.body());
      assertTrue(putAnyone.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), putAnyone.headers().toString());
    }
  }

  private static HttpResponse<String> preflight(String path, String origin, String method, String headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.url(path)))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
        .header("Access-Control-Request-Method", method);
    if (headers != null) b.header("Access-Control-Request-Headers", headers);
    return TestCluster.send(b);
  }

  private static void forbidden(HttpResponse<String> r, String message) {
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>AccessForbidden</Code>") && r.body().contains(message), r.body());
    assertFalse(r.headers().firstValue("Access-Control-Allow-Origin").isPresent());
  }

  private static String header(HttpResponse<String> r, String name) {
    List<String> values = r.headers().allValues(name);
    assertEquals(1, values.size(), name + " in " + r.headers());
    return values.get(0);
  }

  /** Runs a Python script with Debian's python3; its output and "exit N". */
  private static String python(String script, String... args) {
    try {
      Path file = Files.writeString(Files.createTempFile(root, "script", ".py"), script + "\n");
      List<String> command = new java.util.ArrayList<>(List.of(PYTHON, file.toString()));
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly();
      return out + "exit " + p.exitValue();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
