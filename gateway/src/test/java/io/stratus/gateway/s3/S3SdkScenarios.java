package io.stratus.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The AWS SDK for Java v2 (its default signing: aws-chunked bodies with signed CRC32 trailers) against an S3
 * endpoint (a test cluster's gateway, or the packaged all-in-one): buckets, objects with metadata and ranges,
 * ListObjectsV2 paging, a multipart upload, CopyObject, DeleteObjects; a wrong secret and another project's
 * bucket refused.
 */
public final class S3SdkScenarios implements AutoCloseable {
  private final String endpoint;
  private final String[] keys;
  private final S3Client s3;
  private final S3Client stranger;

  /** Clients for {@code keys} (a member of one project) and {@code otherKeys} (of another). */
  public S3SdkScenarios(String endpoint, String[] keys, String[] otherKeys) {
    this.endpoint = endpoint;
    this.keys = keys;
    this.s3 = client(keys);
    this.stranger = client(otherKeys);
  }

  private S3Client client(String[] credentials) {
    return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(credentials[0], credentials[1])))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  /** Buckets, objects with metadata and ranges, ListObjectsV2 paging, multipart, CopyObject, DeleteObjects. */
  public void bucketsObjectsListingsMultipartAndCopy() {
    s3.createBucket(b -> b.bucket("sdk-bucket"));
    assertTrue(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("sdk-bucket")));
    byte[] data = random(3 * 1024 * 1024 + 17);
    s3.putObject(b -> b.bucket("sdk-bucket").key("dir/obj").metadata(Map.of("colour", "blue")).contentType("text/x-test"),
        RequestBody.fromBytes(data));
    HeadObjectResponse head = s3.headObject(b -> b.bucket("sdk-bucket").key("dir/obj"));
    assertEquals(data.length, head.contentLength());
    assertEquals("blue", head.metadata().get("colour"));
    assertEquals("text/x-test", head.contentType());
    ResponseBytes<GetObjectResponse> whole = s3.getObjectAsBytes(b -> b.bucket("sdk-bucket").key("dir/obj"));
    assertArrayEquals(data, whole.asByteArray());
    byte[] range = s3.getObjectAsBytes(b -> b.bucket("sdk-bucket").key("dir/obj").range("bytes=10-19")).asByteArray();
    assertArrayEquals(java.util.Arrays.copyOfRange(data, 10, 20), range);

    for (int i = 0; i < 7; i++) {
      int n = i;
      s3.putObject(b -> b.bucket("sdk-bucket").key("p/" + n), RequestBody.fromString("x" + n));
    }
    List<String> paged = s3.listObjectsV2Paginator(b -> b.bucket("sdk-bucket").prefix("p/").maxKeys(3)).contents().stream()
        .map(S3Object::key).collect(Collectors.toList());
    assertEquals(List.of("p/0", "p/1", "p/2", "p/3", "p/4", "p/5", "p/6"), paged);

    String upload = s3.createMultipartUpload(b -> b.bucket("sdk-bucket").key("multi")).uploadId();
    byte[] part1 = random(5 * 1024 * 1024);
    byte[] part2 = random(1024 * 1024 + 3);
    List<CompletedPart> parts = new ArrayList<>();
    parts.add(CompletedPart.builder().partNumber(1).eTag(s3.uploadPart(b -> b.bucket("sdk-bucket").key("multi").uploadId(upload)
        .partNumber(1), RequestBody.fromBytes(part1)).eTag()).build());
    parts.add(CompletedPart.builder().partNumber(2).eTag(s3.uploadPart(b -> b.bucket("sdk-bucket").key("multi").uploadId(upload)
        .partNumber(2), RequestBody.fromBytes(part2)).eTag()).build());
    String etag = s3.completeMultipartUpload(b -> b.bucket("sdk-bucket").key("multi").uploadId(upload)
        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())).eTag();
    assertTrue(etag.matches("\"[0-9a-f]{32}-2\""), etag);
    byte[] joined = new byte[part1.length + part2.length];
    System.arraycopy(part1, 0, joined, 0, part1.length);
    System.arraycopy(part2, 0, joined, part1.length, part2.length);
    assertArrayEquals(joined, s3.getObjectAsBytes(b -> b.bucket("sdk-bucket").key("multi")).asByteArray());

    s3.copyObject(b -> b.sourceBucket("sdk-bucket").sourceKey("dir/obj").destinationBucket("sdk-bucket").destinationKey("copy"));
    assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket("sdk-bucket").key("copy")).asByteArray());

    List<software.amazon.awssdk.services.s3.model.ObjectIdentifier> all = s3.listObjectsV2Paginator(b -> b.bucket("sdk-bucket"))
        .contents().stream().map(o -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(o.key()).build())
        .collect(Collectors.toList());
    s3.deleteObjects(b -> b.bucket("sdk-bucket").delete(d -> d.objects(all)));
    s3.deleteBucket(b -> b.bucket("sdk-bucket"));
    assertThrows(NoSuchBucketException.class, () -> s3.headBucket(b -> b.bucket("sdk-bucket")));
  }

  /** A wrong secret → SignatureDoesNotMatch; another project's bucket → 404. */
  public void wrongSecretAndAnotherProjectsBucketAreRefused() {
    s3.createBucket(b -> b.bucket("sdk-guarded"));
    try (S3Client forged = client(new String[] {keys[0], "not-the-secret"})) {
      S3Exception e = assertThrows(S3Exception.class, () -> forged.listObjectsV2(b -> b.bucket("sdk-guarded")));
      assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
    }
    S3Exception e = assertThrows(S3Exception.class, () -> stranger.listObjectsV2(b -> b.bucket("sdk-guarded")));
    assertEquals(404, e.statusCode());
    s3.deleteBucket(b -> b.bucket("sdk-guarded"));
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }
  @Override
  public void close() {
    s3.close();
    stranger.close();
  }
}
