package io.stratus.gateway.s3;

import static io.stratus.gateway.s3.S3BucketsIT.error;
import static io.stratus.gateway.s3.S3BucketsIT.ok;
import static io.stratus.gateway.s3.S3Http.all;
import static io.stratus.gateway.s3.S3Http.header;
import static io.stratus.gateway.s3.S3Http.one;
import static io.stratus.gateway.s3.S3Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.gateway.TestCluster;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 objects on a real cluster through {@link S3TestFront}: PUT/GET/HEAD/DELETE with metadata, Content-MD5,
 * ranges, conditionals and response overrides; CopyObject with both metadata directives; ListObjects v1 and v2
 * paging with prefixes, delimiters and URL encoding; DeleteObjects; tagging.
 */
class S3ObjectsIT {
  /** A version id of the shape AWS gives out (32 characters); no object here has it. */
  private static final String AWS_VERSION_ID = "L4kqtJlcpXroDTDmpUMLUo3HL4kqtJlc";
  @TempDir
  static java.nio.file.Path root;
  static TestCluster cluster;
  static S3TestFront front;
  static S3Http s3;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(root);
    front = S3TestFront.start(cluster);
    s3 = new S3Http(front, front.caller("olga", "proj-o", "member"));
    ok(200, s3.call("PUT", "/objs", (String) null));
  }

  @AfterAll
  static void stop() {
    front.close();
    cluster.close();
  }

  @Test
  void putGetHeadDelete() {
    byte[] body = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> put = s3.call("PUT", "/objs/doc.txt", body, "Content-Type", "text/plain", "x-amz-meta-Color", "blue",
        "Content-MD5", S3Http.md5Base64(body), "Cache-Control", "no-cache");
    ok(200, put);
    assertEquals("\"" + S3Http.md5Hex(body) + "\"", header(put, "ETag"));
    HttpResponse<byte[]> get = s3.call("GET", "/objs/doc.txt", (String) null);
    ok(200, get);
    assertEquals("0123456789abcdef", text(get));
    assertEquals("text/plain", header(get, "Content-Type"));
    assertEquals("blue", header(get, "x-amz-meta-color"));
    assertEquals("no-cache", header(get, "Cache-Control"));
    assertEquals("\"" + S3Http.md5Hex(body) + "\"", header(get, "ETag"));
    assertTrue(header(get, "Last-Modified").endsWith("GMT"));
    HttpResponse<byte[]> head = s3.call("HEAD", "/objs/doc.txt", (String) null);
    ok(200, head);
    assertEquals("16", header(head, "Content-Length"));
    ok(204, s3.call("DELETE", "/objs/doc.txt", (String) null));
    ok(204, s3.call("DELETE", "/objs/doc.txt", (String) null));
    error(404, "NoSuchKey", s3.call("GET", "/objs/doc.txt", (String) null));
    error(404, "NoSuchKey", s3.call("HEAD", "/objs/doc.txt", (String) null));
    error(404, "NoSuchBucket", s3.call("GET", "/nobucket/doc.txt", (String) null));
    error(404, "NoSuchBucket", s3.call("PUT", "/nobucket/doc.txt", "x"));
  }

  /**
   * S3 is last-writer-wins: of 20 concurrent PUTs of one key each is answered 200 with its own ETag (a PUT that lost
   * the race on its timestamp was answered 503), the key holds one of the bodies; concurrent DELETEs are all 204.
   */
  @Test
  void concurrentWritesOfOneKeyAllSucceed() throws Exception {
    for (int round = 0; round < 3; round++) {
      List<HttpResponse<byte[]>> puts = TestCluster.together(20,
          i -> s3.call("PUT", "/objs/race", ("body " + i).getBytes(StandardCharsets.UTF_8)));
      List<String> etags = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        HttpResponse<byte[]> put = puts.get(i);
        ok(200, put);
        String etag = "\"" + S3Http.md5Hex(("body " + i).getBytes(StandardCharsets.UTF_8)) + "\"";
        assertEquals(etag, header(put, "ETag"));
        etags.add(etag);
      }
      HttpResponse<byte[]> get = s3.call("GET", "/objs/race", (String) null);
      ok(200, get);
      assertTrue(etags.contains(header(get, "ETag")), header(get, "ETag"));
      assertEquals("\"" + S3Http.md5Hex(get.body()) + "\"", header(get, "ETag"));
      for (HttpResponse<byte[]> d : TestCluster.together(20, i -> s3.call("DELETE", "/objs/race", (String) null))) {
        ok(204, d);
      }
      error(404, "NoSuchKey", s3.call("GET", "/objs/race", (String) null));
    }
  }

  @Test
  void contentMd5IsChecked() {
    ok(200, s3.call("PUT", "/objs/digest", "original"));
    error(400, "BadDigest", s3.call("PUT", "/objs/digest", "changed", "Content-MD5", S3Http.md5Base64("other".getBytes())));
    error(400, "InvalidDigest", s3.call("PUT", "/objs/digest", "changed", "Content-MD5", "not-base64!"));
    assertEquals("original", text(s3.call("GET", "/objs/digest", (String) null)));
  }

  @Test
  void rangesConditionalsAndOverrides() {
    ok(200, s3.call("PUT", "/objs/ranged", "0123456789"));
    HttpResponse<byte[]> part = s3.call("GET", "/objs/ranged", (String) null, "Range", "bytes=2-5");
    ok(206, part);
    assertEquals("2345", text(part));
    assertEquals("bytes 2-5/10", header(part, "Content-Range"));
    assertEquals("789", text(s3.call("GET", "/objs/ranged", (String) null, "Range", "bytes=-3")));
    error(416, "InvalidRange", s3.call("GET", "/objs/ranged", (String) null, "Range", "bytes=100-"));
    String etag = header(s3.call("HEAD", "/objs/ranged", (String) null), "ETag");
    String modified = header(s3.call("HEAD", "/objs/ranged", (String) null), "Last-Modified");
    ok(200, s3.call("GET", "/objs/ranged", (String) null, "If-Match", etag));
    error(412, "PreconditionFailed", s3.call("GET", "/objs/ranged", (String) null, "If-Match", "\"nope\""));
    ok(304, s3.call("GET", "/objs/ranged", (String) null, "If-None-Match", etag));
    ok(200, s3.call("GET", "/objs/ranged", (String) null, "If-None-Match", "\"other\""));
    ok(304, s3.call("GET", "/objs/ranged", (String) null, "If-Modified-Since", modified));
    error(412, "PreconditionFailed", s3.call("GET", "/objs/ranged", (String) null, "If-Unmodified-Since",
        "Mon, 01 Jan 2001 00:00:00 GMT"));
    // If-Match holding makes a failing If-Unmodified-Since irrelevant (S3's rule).
    ok(200, s3.call("GET", "/objs/ranged", (String) null, "If-Match", etag, "If-Unmodified-Since",
        "Mon, 01 Jan 2001 00:00:00 GMT"));
    HttpResponse<byte[]> over = s3.call("GET", "/objs/ranged?response-content-type=text/csv&response-content-disposition="
        + "attachment", (String) null);
    assertEquals("text/csv", header(over, "Content-Type"));
    assertEquals("attachment", header(over, "Content-Disposition"));
    // An override that would split the header (or carry any control character) is refused before anything is sent.
    for (String bad : List.of("response-content-type=%0d%0aX-Injected:%20yes", "response-content-disposition=a%0ab",
        "response-cache-control=%00", "response-expires=%7f")) {
      HttpResponse<byte[]> r = s3.call("GET", "/objs/ranged?" + bad, (String) null);
      error(400, "InvalidArgument", r);
      assertEquals(bad.substring(0, bad.indexOf('=')), one(r, "/Error/ArgumentName"));
      assertNull(header(r, "X-Injected"));
      error(400, "InvalidArgument", s3.call("HEAD", "/objs/ranged?" + bad, (String) null));
    }
  }

  @Test
  void copyObject() {
    ok(200, s3.call("PUT", "/objs/src", "source body", "Content-Type", "text/x-src", "x-amz-meta-k", "v"));
    HttpResponse<byte[]> copied = s3.call("PUT", "/objs/dst-copy", (String) null, "x-amz-copy-source", "/objs/src");
    ok(200, copied);
    assertEquals("\"" + S3Http.md5Hex("source body".getBytes()) + "\"", one(copied, "/CopyObjectResult/ETag"));
    assertTrue(one(copied, "/CopyObjectResult/LastModified").endsWith("Z"));
    HttpResponse<byte[]> got = s3.call("GET", "/objs/dst-copy", (String) null);
    assertEquals("source body", text(got));
    assertEquals("v", header(got, "x-amz-meta-k"));
    assertEquals("text/x-src", header(got, "Content-Type"));
    ok(200, s3.call("PUT", "/objs/dst-replace", (String) null, "x-amz-copy-source", "objs/src",
        "x-amz-metadata-directive", "REPLACE", "x-amz-meta-new", "n", "Content-Type", "text/x-new"));
    got = s3.call("GET", "/objs/dst-replace", (String) null);
    assertEquals("source body", text(got));
    assertNull(header(got, "x-amz-meta-k"));
    assertEquals("n", header(got, "x-amz-meta-new"));
    assertEquals("text/x-new", header(got, "Content-Type"));
    error(400, "InvalidRequest", s3.call("PUT", "/objs/src", (String) null, "x-amz-copy-source", "/objs/src"));
    ok(200, s3.call("PUT", "/objs/src", (String) null, "x-amz-copy-source", "/objs/src", "x-amz-metadata-directive", "REPLACE",
        "x-amz-meta-k", "v2"));
    assertEquals("v2", header(s3.call("HEAD", "/objs/src", (String) null), "x-amz-meta-k"));
    error(412, "PreconditionFailed", s3.call("PUT", "/objs/dst-cond", (String) null, "x-amz-copy-source", "/objs/src",
        "x-amz-copy-source-if-match", "\"nope\""));
    error(404, "NoSuchKey", s3.call("PUT", "/objs/dst-none", (String) null, "x-amz-copy-source", "/objs/missing"));
    error(404, "NoSuchBucket", s3.call("PUT", "/objs/dst-none", (String) null, "x-amz-copy-source", "/nobucket/missing"));
    // The version of a copy source: "null" is the current one, garbage InvalidArgument (was 501), another id none here.
    ok(200, s3.call("PUT", "/objs/dst-null", (String) null, "x-amz-copy-source", "objs/src?versionId=null"));
    assertEquals("source body", text(s3.call("GET", "/objs/dst-null", (String) null)));
    for (String bad : List.of("objs/src?versionId=garbage", "objs/src?versionId=", "objs/src?acl")) {
      error(400, "InvalidArgument", s3.call("PUT", "/objs/dst-v", (String) null, "x-amz-copy-source", bad));
    }
    error(404, "NoSuchVersion", s3.call("PUT", "/objs/dst-v", (String) null, "x-amz-copy-source", "objs/src?versionId="
        + AWS_VERSION_ID));
    error(404, "NoSuchKey", s3.call("HEAD", "/objs/dst-v", (String) null));
  }

  @Test
  void versionIdAndPartNumberOfAReadAreChecked() {
    ok(200, s3.call("PUT", "/objs/versioned", "v"));
    assertEquals("v", text(s3.call("GET", "/objs/versioned?versionId=null", (String) null)));
    assertEquals("v", text(s3.call("GET", "/objs/versioned?partNumber=1", (String) null)));
    for (String bad : List.of("versionId=garbage", "versionId=", "partNumber=abc", "partNumber=0", "partNumber=10001")) {
      HttpResponse<byte[]> r = s3.call("GET", "/objs/versioned?" + bad, (String) null);
      error(400, "InvalidArgument", r);
      assertEquals(bad.substring(0, bad.indexOf('=')), one(r, "/Error/ArgumentName"));
      error(400, "InvalidArgument", s3.call("HEAD", "/objs/versioned?" + bad, (String) null));
    }
    HttpResponse<byte[]> none = s3.call("GET", "/objs/versioned?versionId=" + AWS_VERSION_ID, (String) null);
    error(404, "NoSuchVersion", none);
    assertEquals(AWS_VERSION_ID, one(none, "/Error/VersionId"));
    // A delete of a garbage version is refused, of a version that is not here a no-op: the object stays either way.
    error(400, "InvalidArgument", s3.call("DELETE", "/objs/versioned?versionId=garbage", (String) null));
    ok(204, s3.call("DELETE", "/objs/versioned?versionId=" + AWS_VERSION_ID, (String) null));
    assertEquals("v", text(s3.call("GET", "/objs/versioned", (String) null)));
    ok(204, s3.call("DELETE", "/objs/versioned?versionId=null", (String) null));
    error(404, "NoSuchKey", s3.call("GET", "/objs/versioned", (String) null));
  }

  @Test
  void listingsPageWithPrefixesAndDelimiters() {
    ok(200, s3.call("PUT", "/list", (String) null));
    List<String> keys = List.of("a.txt", "dir1/x", "dir1/y", "dir2/z", "top plus+sign.txt", "zz");
    for (String k : keys) ok(200, s3.call("PUT", "/list/" + k.replace(" ", "%20").replace("+", "%2B"), k));
    HttpResponse<byte[]> v1 = s3.call("GET", "/list?delimiter=/", (String) null);
    ok(200, v1);
    assertEquals(List.of("a.txt", "top plus+sign.txt", "zz"), all(v1, "/ListBucketResult/Contents/Key"));
    assertEquals(List.of("dir1/", "dir2/"), all(v1, "/ListBucketResult/CommonPrefixes/Prefix"));
    assertEquals("false", one(v1, "/ListBucketResult/IsTruncated"));
    assertEquals(List.of("\"" + S3Http.md5Hex("a.txt".getBytes()) + "\""), all(v1, "/ListBucketResult/Contents[Key='a.txt']/ETag"));
    assertEquals("5", one(v1, "/ListBucketResult/Contents[Key='a.txt']/Size"));
    // v1 pages of two, delimiter on: the NextMarker carries over the common prefixes.
    List<String> seen = new ArrayList<>();
    String marker = "";
    for (int page = 0; page < 10; page++) {
      HttpResponse<byte[]> r = s3.call("GET", "/list?delimiter=/&max-keys=2&marker=" + marker, (String) null);
      seen.addAll(all(r, "/ListBucketResult/Contents/Key | /ListBucketResult/CommonPrefixes/Prefix"));
      if (one(r, "/ListBucketResult/IsTruncated").equals("false")) break;
      marker = java.net.URLEncoder.encode(one(r, "/ListBucketResult/NextMarker"), StandardCharsets.UTF_8);
    }
    assertEquals(List.of("a.txt", "dir1/", "dir2/", "top plus+sign.txt", "zz"), seen.stream().sorted().toList());
    // v2 pages of two without a delimiter, by continuation token.
    seen.clear();
    String token = null;
    for (int page = 0; page < 10; page++) {
      HttpResponse<byte[]> r = s3.call("GET", "/list?list-type=2&max-keys=2" + (token == null ? "" : "&continuation-token="
          + token), (String) null);
      ok(200, r);
      List<String> got = all(r, "/ListBucketResult/Contents/Key");
      assertEquals(String.valueOf(got.size()), one(r, "/ListBucketResult/KeyCount"));
      seen.addAll(got);
      if (one(r, "/ListBucketResult/IsTruncated").equals("false")) break;
      token = one(r, "/ListBucketResult/NextContinuationToken");
    }
    assertEquals(keys, seen);
    HttpResponse<byte[]> prefixed = s3.call("GET", "/list?list-type=2&prefix=dir1/", (String) null);
    assertEquals(List.of("dir1/x", "dir1/y"), all(prefixed, "/ListBucketResult/Contents/Key"));
    HttpResponse<byte[]> after = s3.call("GET", "/list?list-type=2&start-after=dir2/z", (String) null);
    assertEquals(List.of("top plus+sign.txt", "zz"), all(after, "/ListBucketResult/Contents/Key"));
    HttpResponse<byte[]> encoded = s3.call("GET", "/list?list-type=2&encoding-type=url&prefix=top", (String) null);
    assertEquals(List.of("top+plus%2Bsign.txt"), all(encoded, "/ListBucketResult/Contents/Key"));
    assertEquals("url", one(encoded, "/ListBucketResult/EncodingType"));
    HttpResponse<byte[]> none = s3.call("GET", "/list?max-keys=0", (String) null);
    assertEquals(List.of(), all(none, "/ListBucketResult/Contents/Key"));
  }

  @Test
  void aContinuationTokenNotMadeHereIsAnInvalidArgument() {
    ok(200, s3.call("PUT", "/tokens", (String) null));
    ok(200, s3.call("PUT", "/tokens/k", "k"));
    // Not base64url of a key: bytes that are not UTF-8, 1,500 NULs (was a 500), nothing, characters base64url lacks.
    for (String token : List.of("garbage", "A".repeat(2000), "", "a%2Bb%2F", "YWJj%3D")) {
      HttpResponse<byte[]> r = s3.call("GET", "/tokens?list-type=2&continuation-token=" + token, (String) null);
      error(400, "InvalidArgument", r);
      assertEquals("continuation-token", one(r, "/Error/ArgumentName"));
    }
    // A token made here for a key the client names (base64url of "a") is one of ours.
    HttpResponse<byte[]> fromA = s3.call("GET", "/tokens?list-type=2&continuation-token=YQ", (String) null);
    ok(200, fromA);
    assertEquals(List.of("k"), all(fromA, "/ListBucketResult/Contents/Key"));
  }

  @Test
  void deleteObjectsInABatch() {
    ok(200, s3.call("PUT", "/batch", (String) null));
    for (String k : List.of("one", "two", "three")) ok(200, s3.call("PUT", "/batch/" + k, k));
    String doc = "<Delete><Object><Key>one</Key></Object><Object><Key>two</Key></Object>"
        + "<Object><Key>missing</Key></Object></Delete>";
    byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
    error(400, "InvalidRequest", s3.call("POST", "/batch?delete", bytes));
    HttpResponse<byte[]> r = s3.call("POST", "/batch?delete", bytes, "Content-MD5", S3Http.md5Base64(bytes));
    ok(200, r);
    assertEquals(List.of("one", "two", "missing"), all(r, "/DeleteResult/Deleted/Key"));
    assertEquals(List.of("three"), all(s3.call("GET", "/batch", (String) null), "/ListBucketResult/Contents/Key"));
    String quiet = "<Delete><Quiet>true</Quiet><Object><Key>three</Key></Object></Delete>";
    byte[] q = quiet.getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> quietly = s3.call("POST", "/batch?delete", q, "Content-MD5", S3Http.md5Base64(q));
    ok(200, quietly);
    assertEquals(List.of(), all(quietly, "/DeleteResult/Deleted/Key"));
    assertEquals(List.of(), all(s3.call("GET", "/batch", (String) null), "/ListBucketResult/Contents/Key"));
    byte[] bad = "<Delete><Object></Delete>".getBytes(StandardCharsets.UTF_8);
    error(400, "MalformedXML", s3.call("POST", "/batch?delete", bad, "Content-MD5", S3Http.md5Base64(bad)));
    // 3,000 levels (about 21 KB, the probe's) or 50,000: MalformedXML, not a stack overflow on the event loop (a 500).
    for (int depth : new int[] {3000, 50_000}) {
      byte[] deep = ("<Delete>" + XmlNodeTest.nested(depth) + "</Delete>").getBytes(StandardCharsets.UTF_8);
      error(400, "MalformedXML", s3.call("POST", "/batch?delete", deep, "Content-MD5", S3Http.md5Base64(deep)));
    }
    // A VersionId: "null" is the object; another well-formed id is a version these objects never have, so nothing is
    // deleted (it deleted the current object); a malformed one is that key's InvalidArgument
    for (String k : new String[] {"v-null", "v-other", "v-bad"}) ok(200, s3.call("PUT", "/batch/" + k, k));
    String versioned = "<Delete><Object><Key>v-null</Key><VersionId>null</VersionId></Object>"
        + "<Object><Key>v-other</Key><VersionId>3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY-MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo</VersionId></Object>"
        + "<Object><Key>v-bad</Key><VersionId>garbage</VersionId></Object></Delete>";
    byte[] v = versioned.getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> byVersion = s3.call("POST", "/batch?delete", v, "Content-MD5", S3Http.md5Base64(v));
    ok(200, byVersion);
    assertEquals(List.of("v-null", "v-other"), all(byVersion, "/DeleteResult/Deleted/Key"));
    assertEquals("null", all(byVersion, "/DeleteResult/Deleted/VersionId").get(0));
    assertEquals(List.of("v-bad"), all(byVersion, "/DeleteResult/Error/Key"));
    assertEquals(List.of("InvalidArgument"), all(byVersion, "/DeleteResult/Error/Code"));
    assertEquals(List.of("v-bad", "v-other"), all(s3.call("GET", "/batch?prefix=v-", (String) null), "/ListBucketResult/Contents/Key"));
    // A key that is not UTF-8 is not a key (it was "deleted" under the name U+FFFD)
    byte[] latin = "<Delete><Object><Key>caf\u00e9</Key></Object></Delete>".getBytes(StandardCharsets.ISO_8859_1);
    error(400, "MalformedXML", s3.call("POST", "/batch?delete", latin, "Content-MD5", S3Http.md5Base64(latin)));
    error(404, "NoSuchBucket", s3.call("POST", "/nobucket?delete", q, "Content-MD5", S3Http.md5Base64(q)));
  }

  @Test
  void tagging() {
    ok(200, s3.call("PUT", "/objs/tagged", "t", "x-amz-tagging", "a=1&b=two%20words", "x-amz-meta-keep", "me"));
    HttpResponse<byte[]> tags = s3.call("GET", "/objs/tagged?tagging", (String) null);
    ok(200, tags);
    assertEquals(List.of("a", "b"), all(tags, "/Tagging/TagSet/Tag/Key"));
    assertEquals(List.of("1", "two words"), all(tags, "/Tagging/TagSet/Tag/Value"));
    HttpResponse<byte[]> head = s3.call("HEAD", "/objs/tagged", (String) null);
    assertEquals("2", header(head, "x-amz-tagging-count"));
    assertNull(header(head, "x-amz-meta-s3-tagging"));
    String set = "<Tagging><TagSet><Tag><Key>only</Key><Value>this</Value></Tag></TagSet></Tagging>";
    ok(200, s3.call("PUT", "/objs/tagged?tagging", set));
    assertEquals(List.of("only"), all(s3.call("GET", "/objs/tagged?tagging", (String) null), "/Tagging/TagSet/Tag/Key"));
    HttpResponse<byte[]> after = s3.call("GET", "/objs/tagged", (String) null);
    assertEquals("t", text(after));
    assertEquals("me", header(after, "x-amz-meta-keep"));
    ok(204, s3.call("DELETE", "/objs/tagged?tagging", (String) null));
    assertEquals(List.of(), all(s3.call("GET", "/objs/tagged?tagging", (String) null), "/Tagging/TagSet/Tag/Key"));
    error(404, "NoSuchKey", s3.call("GET", "/objs/untagged-missing?tagging", (String) null));
    String dup = "<Tagging><TagSet><Tag><Key>k</Key><Value>1</Value></Tag><Tag><Key>k</Key><Value>2</Value></Tag></TagSet>"
        + "</Tagging>";
    error(400, "InvalidArgument", s3.call("PUT", "/objs/tagged?tagging", dup));
  }
}
