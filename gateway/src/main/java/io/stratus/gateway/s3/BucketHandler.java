package io.stratus.gateway.s3;

import io.stratus.gateway.swift.SwiftStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Buckets as containers of the caller's account: ListBuckets (the account listing; Swift containers that cannot be
 * buckets, such as the {@code +segments} and {@code +versions} ones, left out), CreateBucket (S3's name rules,
 * BucketAlreadyOwnedByYou, the LocationConstraint and a canned ACL kept), HeadBucket and DeleteBucket
 * (BucketNotEmpty; the bucket's segments and versions containers go with it when empty).
 */
final class BucketHandler {
  static final String SYSMETA_LOCATION = "X-Container-Sysmeta-S3-Location";
  static final String REGION = "us-east-1";
  /** What a region is named like: us-east-1, eu-west-1, us-gov-west-1, ap-southeast-2 (or S3's legacy "EU"). */
  private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}|EU");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
  private static final int LISTING_PAGE = 10_000;

  private final SwiftStore store;

  BucketHandler(SwiftStore store) {
    this.store = store;
  }

  /** Whether a name is a valid S3 bucket name (3-63 of a-z 0-9 . -, no "..", not an IP address). */
  static boolean validName(String name) {
    return NAME.matcher(name).matches() && !name.contains("..") && !name.contains(".-") && !name.contains("-.")
        && !IP.matcher(name).matches() && !reserved(name);
  }

  /** The prefixes and suffixes S3 keeps for its own names (punycode, access point aliases, ...). */
  private static boolean reserved(String name) {
    return name.startsWith("xn--") || name.startsWith("sthree-") || name.endsWith("-s3alias") || name.endsWith("--ol-s3")
        || name.endsWith(".mrap") || name.endsWith("--x-s3");
  }

  Future<Void> list(S3Request r) {
    List<JsonObject> all = new ArrayList<>();
    return listFrom(r, "", all).compose(v -> {
      XmlWriter xml = XmlWriter.document("ListAllMyBucketsResult");
      owner(xml, r);
      xml.start("Buckets");
      for (JsonObject row : all) {
        xml.start("Bucket").element("Name", row.getString("name"))
            .element("CreationDate", S3Responses.isoFromListing(row.getString("last_modified"))).end();
      }
      xml.end();
      return S3Responses.xml(r.http(), xml);
    });
  }

  private Future<Void> listFrom(S3Request r, String marker, List<JsonObject> into) {
    String query = "limit=" + LISTING_PAGE + (marker.isEmpty() ? "" : "&marker=" + encode(marker));
    return store.listAccount(r.swift(), query).compose(listing -> {
      if (listing.status() / 100 != 2) throw S3Errors.forStatus(listing.status(), false, null, null);
      JsonArray rows = listing.rows();
      for (int i = 0; i < rows.size(); i++) {
        JsonObject row = rows.getJsonObject(i);
        if (!row.getString("name").contains("+")) into.add(row);
      }
      if (rows.size() < LISTING_PAGE) return Future.succeededFuture();
      return listFrom(r, rows.getJsonObject(rows.size() - 1).getString("name"), into);
    });
  }

  static void owner(XmlWriter xml, S3Request r) {
    xml.start("Owner").element("ID", r.project()).element("DisplayName", r.ownerName()).end();
  }

  Future<Void> head(S3Request r) {
    return store.headContainer(r.swift(), r.bucket()).compose(head -> {
      if (head.status() / 100 != 2) throw S3Errors.forStatus(head.status(), false, r.bucket(), null);
      r.http().response().putHeader("x-amz-bucket-region", region(head.headers()));
      return S3Responses.empty(r.http(), 200);
    });
  }

  static String region(MultiMap containerHeaders) {
    String location = containerHeaders.get(SYSMETA_LOCATION);
    return location == null || location.isEmpty() ? REGION : location;
  }

  Future<Void> create(S3Request r) {
    if (!validName(r.bucket())) {
      throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME, S3ErrorCode.INVALID_BUCKET_NAME.message(), r.bucket())
          .with("BucketName", r.bucket());
    }
    MultiMap client = MultiMap.caseInsensitiveMultiMap();
    String read = BucketConfigs.cannedRead(r.header("x-amz-acl"));
    if (!read.isEmpty()) client.add("X-Container-Read", read);
    return r.readBody(64 * 1024, S3ErrorCode.MALFORMED_XML)
        .map(BucketHandler::location)
        .compose(location -> store.headContainer(r.swift(), r.bucket()).compose(head -> {
          if (head.status() / 100 == 2) {
            throw new S3Exception(S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU, S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU.message(),
                r.bucket()).with("BucketName", r.bucket());
          }
          MultiMap sysmeta = MultiMap.caseInsensitiveMultiMap();
          if (location != null) sysmeta.add(SYSMETA_LOCATION, location);
          return store.writeContainer(r.swift(), HttpMethod.PUT, r.bucket(), client, sysmeta);
        }))
        .compose(status -> {
          if (status == 202) {
            throw new S3Exception(S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU, S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU.message(),
                r.bucket()).with("BucketName", r.bucket());
          }
          if (status / 100 != 2) throw S3Errors.forStatus(status, false, r.bucket(), null);
          r.http().response().putHeader("Location", "/" + r.bucket());
          return S3Responses.empty(r.http(), 200);
        });
  }

  /** The LocationConstraint of a CreateBucketConfiguration body; null for none (or an empty body). */
  private static String location(Buffer body) {
    String text = XmlNode.text(body);
    if (text.isEmpty()) return null;
    XmlNode root = XmlNode.parse(text);
    if (!root.name().equals("CreateBucketConfiguration")) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
    String location = root.childText("LocationConstraint");
    if (location == null || location.isEmpty()) return null;
    if (!REGION_NAME.matcher(location).matches()) throw new S3Exception(S3ErrorCode.INVALID_LOCATION_CONSTRAINT);
    return location;
  }

  Future<Void> delete(S3Request r) {
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    return store.writeContainer(r.swift(), HttpMethod.DELETE, r.bucket(), none, none).compose(status -> {
      if (status / 100 != 2) throw S3Errors.forStatus(status, false, r.bucket(), null);
      // The bucket's hidden companions go too when nothing is left in them (a busy one stays, as Swift's s3api).
      Future<Integer> segments = store.writeContainer(r.swift(), HttpMethod.DELETE, MultipartUploads.segmentsOf(r.bucket()),
          none, none).otherwise(0);
      Future<Integer> versions = store.writeContainer(r.swift(), HttpMethod.DELETE, BucketConfigs.versionsOf(r.bucket()),
          none, none).otherwise(0);
      return Future.join(segments, versions).transform(v -> S3Responses.empty(r.http(), 204));
    });
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
