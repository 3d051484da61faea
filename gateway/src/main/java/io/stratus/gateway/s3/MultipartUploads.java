package io.stratus.gateway.s3;

import io.stratus.gateway.swift.ObjectBody;
import io.stratus.gateway.swift.SwiftStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Multipart uploads, kept as Swift's s3api keeps them in the bucket's segments container {@code <bucket>+segments}:
 * an upload is a marker object {@code <key>/<uploadId>} holding the final object's metadata, each part an object
 * {@code <key>/<uploadId>/<partNumber>} (streamed like any PUT, or copied from a range of another object). Upload
 * ids start with a letter, so a name whose last component is all digits is a part and any other a marker. Here:
 * create, upload part (and part copy), list parts, list uploads and abort; completion is {@link CompleteUpload}.
 */
final class MultipartUploads {
  static final int MAX_PARTS = 10_000;
  private static final int LISTING_PAGE = 10_000;
  private static final int MAX_LIST = 1000;
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SwiftStore store;

  MultipartUploads(SwiftStore store) {
    this.store = store;
  }

  static String segmentsOf(String bucket) {
    return bucket + "+segments";
  }

  static String markerName(String key, String uploadId) {
    return key + "/" + uploadId;
  }

  static String partName(String key, String uploadId, int part) {
    return key + "/" + uploadId + "/" + part;
  }

  private static String newUploadId() {
    byte[] id = new byte[18];
    RANDOM.nextBytes(id);
    return "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
  }

  static String uploadId(S3Request r) {
    String id = r.param("uploadId");
    if (id == null || id.isEmpty() || id.indexOf('/') >= 0 || Character.isDigit(id.charAt(0))) throw noSuchUpload(r, id);
    return id;
  }

  static S3Exception noSuchUpload(S3Request r, String id) {
    return new S3Exception(S3ErrorCode.NO_SUCH_UPLOAD, S3ErrorCode.NO_SUCH_UPLOAD.message(), id).with("UploadId", id);
  }

  Future<Void> create(S3Request r, ObjectHandler objects) {
    BucketConfigs.requireCannedName(r.header("x-amz-acl"));
    MultiMap client = ObjectHandler.clientHeaders(r.http().headers());
    String tags = r.header("x-amz-tagging");
    if (tags != null) client.set(ObjectHandler.TAGGING_META, ObjectTagging.normalize(tags));
    String id = newUploadId();
    String segments = segmentsOf(r.bucket());
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    return store.headContainer(r.swift(), r.bucket()).compose(head -> {
      if (head.status() / 100 != 2) throw S3Errors.forStatus(head.status(), false, r.bucket(), null);
      return store.writeContainer(r.swift(), HttpMethod.PUT, segments, none, none);
    }).compose(status -> {
      if (status / 100 != 2) throw S3Errors.forStatus(status, false, r.bucket(), null);
      return store.putObject(r.swift(), segments, markerName(r.key(), id), 0, client, none, out -> Future.succeededFuture());
    }).compose(w -> {
      if (w.status() / 100 != 2) throw S3Errors.forStatus(w.status(), false, r.bucket(), r.key());
      return S3Responses.xml(r.http(), XmlWriter.document("InitiateMultipartUploadResult").element("Bucket", r.bucket())
          .element("Key", r.key()).element("UploadId", id));
    });
  }

  /** The upload's marker (its metadata in {@code stored()}); NoSuchUpload when there is none. */
  Future<ObjectBody> marker(S3Request r, String id) {
    return store.openObject(r.swift(), segmentsOf(r.bucket()), markerName(r.key(), id), MultiMap.caseInsensitiveMultiMap(),
        HttpMethod.HEAD, true).map(head -> {
          head.body().discard();
          if (head.status() == 404) throw noSuchUpload(r, id);
          if (!head.success()) throw S3Errors.forStatus(head.status(), false, r.bucket(), r.key());
          return head;
        });
  }

  /** The request's partNumber, 1 to 10000; InvalidArgument when missing or not such a number. */
  static int partNumber(S3Request r) {
    String given = r.param("partNumber");
    int n;
    try {
      n = given == null ? -1 : Integer.parseInt(given.trim());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > MAX_PARTS) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Part number must be an integer between 1 and 10000, inclusive")
          .with("ArgumentName", "partNumber").with("ArgumentValue", given);
    }
    return n;
  }

  Future<Void> uploadPart(S3Request r, ObjectHandler objects) {
    String id = uploadId(r);
    int part = partNumber(r);
    long length = objects.length(r);
    MultiMap client = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/octet-stream");
    byte[] md5 = S3Request.md5Header(r.header("Content-MD5"));
    if (md5 != null) client.set("ETag", Digests.hex(md5));
    return marker(r, id)
        .compose(m -> objects.store(r, segmentsOf(r.bucket()), partName(r.key(), id, part), length, client,
            MultiMap.caseInsensitiveMultiMap(), r.body().stream()))
        .compose(w -> {
          r.http().response().putHeader("ETag", "\"" + w.etag() + "\"");
          return S3Responses.empty(r.http(), 200);
        });
  }

  Future<Void> uploadPartCopy(S3Request r, ObjectCopy copies) {
    String id = uploadId(r);
    int part = partNumber(r);
    ObjectCopy.Source source = ObjectCopy.source(r);
    String range = r.header("x-amz-copy-source-range");
    if (range != null) {
      var m = RANGE.matcher(range.trim());
      if (!m.matches() || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The x-amz-copy-source-range value must be of the form"
            + " bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy")
            .with("ArgumentName", "x-amz-copy-source-range").with("ArgumentValue", range);
      }
      range = range.trim();
    }
    String wanted = range;
    MultiMap client = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/octet-stream");
    return marker(r, id)
        .compose(m -> copies.open(r, source, wanted))
        .compose(body -> copies.write(r, segmentsOf(r.bucket()), partName(r.key(), id, part), body, client))
        .compose(w -> S3Responses.xml(r.http(), XmlWriter.document("CopyPartResult")
            .element("LastModified", ObjectCopy.lastModified(w)).element("ETag", "\"" + w.etag() + "\"")));
  }

  /** Every part uploaded so far, by part number; the listing rows with "part" added. */
  Future<List<JsonObject>> parts(S3Request r, String id) {
    String prefix = markerName(r.key(), id) + "/";
    List<JsonObject> all = new ArrayList<>();
    return listAll(r, prefix, "", all).map(v -> {
      List<JsonObject> parts = new ArrayList<>();
      for (JsonObject row : all) {
        String rest = row.getString("name").substring(prefix.length());
        if (rest.isEmpty() || rest.length() > 5 || !rest.chars().allMatch(Character::isDigit)) continue;
        parts.add(row.copy().put("part", Integer.parseInt(rest)));
      }
      parts.sort(Comparator.comparingInt(p -> p.getInteger("part")));
      return parts;
    });
  }

  /** The segments container's rows under {@code prefix} (all pages); none when the container does not exist. */
  private Future<Void> listAll(S3Request r, String prefix, String marker, List<JsonObject> into) {
    String query = "limit=" + LISTING_PAGE + "&prefix=" + BucketHandler.encode(prefix)
        + (marker.isEmpty() ? "" : "&marker=" + BucketHandler.encode(marker));
    return store.listContainer(r.swift(), segmentsOf(r.bucket()), query).compose(listing -> {
      if (listing.status() == 404) return Future.succeededFuture();
      if (listing.status() / 100 != 2) throw S3Errors.forStatus(listing.status(), false, r.bucket(), null);
      JsonArray rows = listing.rows();
      for (int i = 0; i < rows.size(); i++) into.add(rows.getJsonObject(i));
      if (rows.size() < LISTING_PAGE) return Future.succeededFuture();
      return listAll(r, prefix, rows.getJsonObject(rows.size() - 1).getString("name"), into);
    });
  }

  Future<Void> listParts(S3Request r) {
    String id = uploadId(r);
    int max = intParam(r, "max-parts", MAX_LIST);
    int after = intParam(r, "part-number-marker", 0);
    return marker(r, id).compose(m -> parts(r, id)).compose(parts -> {
      List<JsonObject> page = parts.stream().filter(p -> p.getInteger("part") > after).limit(max).toList();
      boolean truncated = parts.stream().filter(p -> p.getInteger("part") > after).count() > page.size();
      XmlWriter xml = XmlWriter.document("ListPartsResult").element("Bucket", r.bucket()).element("Key", r.key())
          .element("UploadId", id);
      people(xml, r);
      xml.element("StorageClass", "STANDARD").element("PartNumberMarker", after)
          .element("NextPartNumberMarker", page.isEmpty() ? after : page.get(page.size() - 1).getInteger("part"))
          .element("MaxParts", max).element("IsTruncated", truncated);
      for (JsonObject p : page) {
        xml.start("Part").element("PartNumber", p.getInteger("part"))
            .element("LastModified", S3Responses.isoFromListing(p.getString("last_modified")))
            .element("ETag", "\"" + p.getString("hash") + "\"").element("Size", p.getLong("bytes")).end();
      }
      return S3Responses.xml(r.http(), xml);
    });
  }

  private static void people(XmlWriter xml, S3Request r) {
    xml.start("Initiator").element("ID", r.project()).element("DisplayName", r.ownerName()).end();
    BucketHandler.owner(xml, r);
  }

  private static int intParam(S3Request r, String name, int fallback) {
    String v = r.param(name);
    if (v == null) return fallback;
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 0) throw new NumberFormatException(v);
      return name.startsWith("max-") ? Math.min(n, MAX_LIST) : n;
    } catch (NumberFormatException e) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Provided " + name + " not an integer or within integer range")
          .with("ArgumentName", name).with("ArgumentValue", v);
    }
  }

  Future<Void> listUploads(S3Request r) {
    String prefix = r.param("prefix") == null ? "" : r.param("prefix");
    String delimiter = r.param("delimiter") == null || r.param("delimiter").isEmpty() ? null : r.param("delimiter");
    String keyMarker = r.param("key-marker") == null ? "" : r.param("key-marker");
    String idMarker = r.param("upload-id-marker") == null ? "" : r.param("upload-id-marker");
    int max = intParam(r, "max-uploads", MAX_LIST);
    List<JsonObject> all = new ArrayList<>();
    return store.headContainer(r.swift(), r.bucket()).compose(head -> {
      if (head.status() / 100 != 2) throw S3Errors.forStatus(head.status(), false, r.bucket(), null);
      return listAll(r, prefix, "", all);
    }).compose(v -> {
      List<String[]> uploads = new ArrayList<>();
      TreeSet<String> prefixes = new TreeSet<>();
      for (JsonObject row : all) {
        String name = row.getString("name");
        int slash = name.lastIndexOf('/');
        if (slash <= 0 || name.substring(slash + 1).chars().allMatch(Character::isDigit)) continue;
        String key = name.substring(0, slash);
        String id = name.substring(slash + 1);
        int cmp = key.compareTo(keyMarker);
        if (cmp < 0 || cmp == 0 && (idMarker.isEmpty() || id.compareTo(idMarker) <= 0)) continue;
        int d = delimiter == null ? -1 : key.indexOf(delimiter, prefix.length());
        if (d >= 0) {
          prefixes.add(key.substring(0, d + delimiter.length()));
        } else {
          uploads.add(new String[] {key, id, row.getString("last_modified")});
        }
      }
      boolean truncated = uploads.size() > max;
      List<String[]> page = uploads.subList(0, Math.min(max, uploads.size()));
      XmlWriter xml = XmlWriter.document("ListMultipartUploadsResult").element("Bucket", r.bucket())
          .element("KeyMarker", keyMarker).element("UploadIdMarker", idMarker)
          .element("NextKeyMarker", page.isEmpty() ? "" : page.get(page.size() - 1)[0])
          .element("NextUploadIdMarker", page.isEmpty() ? "" : page.get(page.size() - 1)[1])
          .element("Delimiter", delimiter).element("Prefix", prefix).element("MaxUploads", max)
          .element("IsTruncated", truncated);
      for (String[] u : page) {
        xml.start("Upload").element("Key", u[0]).element("UploadId", u[1]);
        people(xml, r);
        xml.element("StorageClass", "STANDARD").element("Initiated", S3Responses.isoFromListing(u[2])).end();
      }
      for (String p : prefixes) xml.start("CommonPrefixes").element("Prefix", p).end();
      return S3Responses.xml(r.http(), xml);
    });
  }

  /** Aborts an upload: its parts go only once this abort has claimed it, so never under a completion. */
  Future<Void> abort(S3Request r) {
    String id = uploadId(r);
    return marker(r, id)
        .compose(m -> claim(r, id))
        .compose(v -> parts(r, id))
        .compose(parts -> deleteParts(r, parts))
        .compose(v -> S3Responses.empty(r.http(), 204));
  }

  /**
   * Takes the upload for a completion or an abort by deleting its marker, which one caller only can do however
   * many race and on however many gateways: each replica answers 204 to the first DELETE of the live marker and
   * 404 (gone) or 409 (a newer tombstone) to any other, and the answer is a quorum's. NoSuchUpload when another
   * caller took it first (or there is none); then the caller must leave the parts alone.
   */
  Future<Void> claim(S3Request r, String id) {
    return store.deleteToClaim(r.swift(), segmentsOf(r.bucket()), markerName(r.key(), id)).map(status -> {
      if (status == 404 || status == 409) throw noSuchUpload(r, id);
      if (status / 100 != 2) throw S3Errors.forStatus(status, false, r.bucket(), r.key());
      return null;
    });
  }

  /**
   * Puts back the marker of an upload claimed by a completion that then failed to write its manifest, with the
   * metadata it had, so that the client can complete (or abort) it again. Fails with the completion's error.
   */
  <T> Future<T> release(S3Request r, String id, ObjectBody marker, Throwable failure) {
    MultiMap client = MultiMap.caseInsensitiveMultiMap().addAll(marker.stored()).remove("ETag");
    return store.putObject(r.swift(), segmentsOf(r.bucket()), markerName(r.key(), id), 0, client,
        MultiMap.caseInsensitiveMultiMap(), out -> Future.succeededFuture())
        .transform(put -> Future.failedFuture(failure));
  }

  /** Deletes part objects (listing rows), one after another; a part already gone is no failure. */
  Future<Void> deleteParts(S3Request r, List<JsonObject> parts) {
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject p : parts) {
      chain = chain.compose(v -> store.deleteVersionless(r.swift(), segmentsOf(r.bucket()), p.getString("name"))
          .<Void>mapEmpty().otherwiseEmpty());
    }
    return chain;
  }
}
