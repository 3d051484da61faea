package io.stratus.gateway.s3;

import io.stratus.gateway.swift.ObjectBody;
import io.stratus.gateway.swift.SwiftStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CompleteMultipartUpload: the client's part list is checked against the parts stored (ascending part numbers,
 * else InvalidPartOrder; each part present with the ETag given, else InvalidPart; every part but the last at least
 * 5 MiB, else EntityTooSmall), the object is written as a Swift SLO manifest of those parts (so a GET streams them)
 * carrying the upload's metadata and S3's ETag {@code "<md5 of the parts' binary md5s>-<N>"} (in sysmeta, and as
 * {@code s3_etag} / {@code swift_bytes} parameters of the content type for listings), then the parts not used are
 * deleted. The manifest is written only once this completion has claimed the upload (deleted its marker, see
 * {@link MultipartUploads#claim}), so a racing abort either took the upload first (this answers NoSuchUpload and
 * writes nothing) or finds it taken and leaves the parts to the manifest; if the manifest cannot be written the
 * marker is put back and the upload can be completed again.
 */
final class CompleteUpload {
  static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  private static final int MAX_BODY = 4 * 1024 * 1024;

  private final SwiftStore store;
  private final MultipartUploads uploads;

  CompleteUpload(SwiftStore store, MultipartUploads uploads) {
    this.store = store;
    this.uploads = uploads;
  }

  /** A part as the client lists it. */
  private record Wanted(int number, String etag) {
  }

  Future<Void> complete(S3Request r) {
    String id = MultipartUploads.uploadId(r);
    return r.readBody(MAX_BODY, S3ErrorCode.MALFORMED_XML)
        .map(body -> wanted(XmlNode.parse(body)))
        .compose(wanted -> uploads.marker(r, id).compose(marker -> uploads.parts(r, id)
            .compose(stored -> write(r, id, marker, wanted, stored))));
  }

  private static List<Wanted> wanted(XmlNode root) {
    if (!root.name().equals("CompleteMultipartUpload")) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
    List<Wanted> out = new ArrayList<>();
    for (XmlNode part : root.children("Part")) {
      String number = part.childText("PartNumber");
      String etag = part.childText("ETag");
      if (number == null || etag == null) throw new S3Exception(S3ErrorCode.MALFORMED_XML);
      int n;
      try {
        n = Integer.parseInt(number);
      } catch (NumberFormatException e) {
        throw new S3Exception(S3ErrorCode.MALFORMED_XML);
      }
      if (!out.isEmpty() && out.get(out.size() - 1).number() >= n) throw new S3Exception(S3ErrorCode.INVALID_PART_ORDER);
      out.add(new Wanted(n, ObjectBody.unquote(etag).toLowerCase(Locale.ROOT)));
    }
    if (out.isEmpty()) {
      throw new S3Exception(S3ErrorCode.MALFORMED_XML, "The XML you provided was not well-formed or did not validate"
          + " against our published schema");
    }
    return out;
  }

  private Future<Void> write(S3Request r, String id, ObjectBody marker, List<Wanted> wanted, List<JsonObject> stored) {
    Map<Integer, JsonObject> byNumber = new HashMap<>();
    stored.forEach(p -> byNumber.put(p.getInteger("part"), p));
    List<SwiftStore.Segment> segments = new ArrayList<>();
    List<String> etags = new ArrayList<>();
    long total = 0;
    for (Wanted w : wanted) {
      JsonObject part = byNumber.get(w.number());
      if (part == null || !part.getString("hash").equals(w.etag())) {
        throw new S3Exception(S3ErrorCode.INVALID_PART, S3ErrorCode.INVALID_PART.message(), id)
            .with("UploadId", id).with("PartNumber", Integer.toString(w.number())).with("ETag", w.etag());
      }
    }
    for (int i = 0; i < wanted.size(); i++) {
      Wanted w = wanted.get(i);
      JsonObject part = byNumber.get(w.number());
      long size = part.getLong("bytes");
      if (i < wanted.size() - 1 && size < MIN_PART_SIZE) {
        throw new S3Exception(S3ErrorCode.ENTITY_TOO_SMALL, S3ErrorCode.ENTITY_TOO_SMALL.message(), id)
            .with("ProposedSize", Long.toString(size)).with("MinSizeAllowed", Long.toString(MIN_PART_SIZE))
            .with("PartNumber", Integer.toString(w.number())).with("ETag", w.etag());
      }
      total += size;
      etags.add(w.etag());
      segments.add(new SwiftStore.Segment(MultipartUploads.segmentsOf(r.bucket()), part.getString("name"), size,
          part.getString("hash"), part.getString("content_type"), part.getString("last_modified")));
    }
    if (total > store.maxFileSize()) throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE);
    String etag = Digests.multipartEtag(etags);
    MultiMap client = metadata(marker);
    client.set("Content-Type", client.get("Content-Type") + ";s3_etag=" + etag + ";swift_bytes=" + total);
    MultiMap sysmeta = MultiMap.caseInsensitiveMultiMap().add(ObjectHandler.SYSMETA_ETAG, etag);
    Set<String> used = new HashSet<>();
    segments.forEach(s -> used.add(s.object()));
    List<JsonObject> unused = stored.stream().filter(p -> !used.contains(p.getString("name"))).toList();
    return uploads.claim(r, id)
        .compose(claimed -> store.putManifest(r.swift(), r.bucket(), r.key(), segments, client, sysmeta)
            .recover(e -> Future.failedFuture(ObjectHandler.bucketMissing(e, r)))
            .map(w -> {
              if (w.status() / 100 != 2) throw S3Errors.forStatus(w.status(), false, r.bucket(), r.key());
              return w;
            })
            .recover(e -> uploads.release(r, id, marker, e)))
        .compose(w -> uploads.deleteParts(r, unused))
        .compose(v -> S3Responses.xml(r.http(), XmlWriter.document("CompleteMultipartUploadResult")
            .element("Location", location(r)).element("Bucket", r.bucket()).element("Key", r.key())
            .element("ETag", "\"" + etag + "\"")));
  }

  /** The upload's metadata (kept on its marker) as Swift headers for the object. */
  private static MultiMap metadata(ObjectBody marker) {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    marker.stored().forEach(e -> {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.startsWith("x-object-meta-") || k.equals("content-disposition") || k.equals("content-encoding")
          || k.equals("cache-control") || k.equals("content-language") || k.equals("expires")) {
        out.add(e.getKey(), e.getValue());
      }
    });
    String type = marker.stored().get("Content-Type");
    out.set("Content-Type", type == null ? ObjectHandler.DEFAULT_TYPE : ObjectHandler.contentType(type));
    return out;
  }

  private static String location(S3Request r) {
    String host = r.header("Host");
    return (host == null ? "" : "http://" + host) + "/" + r.bucket() + "/" + r.key();
  }
}
